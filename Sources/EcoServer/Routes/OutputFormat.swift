import EcoCore
import EcoPipeline
import Hummingbird

/// Output formats of list endpoints.
enum OutputFormat: String, CaseIterable {
    case json, ndjson, csv, geojson

    /// From `?format=` or else the Accept header; JSON by default.
    static func of(_ request: Request, allowed: [OutputFormat]) throws -> OutputFormat {
        let parameters = QueryParameters(request.uri.queryParameters.reduce(into: [:]) { $0[String($1.key)] = String($1.value) })
        if let text = parameters.string("format") {
            guard let format = OutputFormat(rawValue: text), allowed.contains(format) else {
                throw Problem.badRequest("'format' must be one of \(allowed.map(\.rawValue).joined(separator: ", ")); got '\(text)'.")
            }
            return format
        }
        let accept = request.headers[.accept] ?? ""
        if accept.contains("application/x-ndjson"), allowed.contains(.ndjson) { return .ndjson }
        if accept.contains("text/csv"), allowed.contains(.csv) { return .csv }
        if accept.contains("application/geo+json"), allowed.contains(.geojson) { return .geojson }
        return .json
    }

    var contentType: String {
        switch self {
        case .json: "application/json"
        case .ndjson: "application/x-ndjson"
        case .csv: "text/csv; charset=utf-8"
        case .geojson: "application/geo+json"
        }
    }
}
