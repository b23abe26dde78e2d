import EcoCore
import EcoPipeline
import Hummingbird

extension QueryParameters {
    /// The request's query, scoped to the series the caller may read.
    init(_ request: Request, context: AppRequestContext) {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { values[String(key)] = String(value) }
        self.init(values, readableOrganizations: context.auth.identity.readableOrganizations)
    }
}
