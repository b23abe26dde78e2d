import EcoPipeline
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One response of the provider's JWKS URL: the document and how long it may be kept.
struct JWKSDocument: Sendable {
    var body: Data
    /// `Cache-Control: max-age`, in seconds, when the provider sent one.
    var maxAgeSeconds: Int?
}

/// GETs the provider's JWKS document: a timeout, no cookies, no HTTP cache (EcoTrack keeps the keys
/// itself, for as long as `max-age` says).
final class JWKSFetcher: Sendable {
    let url: URL
    private let session: URLSession
    private let timeout: Duration

    init(url: URL, timeout: Duration = .seconds(5)) {
        self.url = url
        self.timeout = timeout
        session = URLSession(configuration: .outbound(timeout: timeout))
    }

    deinit { session.finishTasksAndInvalidate() }

    /// The current document; throws when the provider does not answer 200.
    func fetch() async throws -> JWKSDocument {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout.seconds)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (body, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        guard http.statusCode == 200 else { throw JWKSFetchError(url: url, status: http.statusCode) }
        return JWKSDocument(body: body, maxAgeSeconds: Self.maxAge(http.value(forHTTPHeaderField: "Cache-Control")))
    }

    /// The `max-age` of a Cache-Control header (`no-store` and `no-cache` count as 0).
    static func maxAge(_ cacheControl: String?) -> Int? {
        guard let cacheControl else { return nil }
        for directive in cacheControl.lowercased().split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts[0] == "no-store" || parts[0] == "no-cache" { return 0 }
            if parts[0] == "max-age", parts.count == 2, let seconds = Int(parts[1]), seconds >= 0 { return seconds }
        }
        return nil
    }
}

/// The JWKS URL answered something other than 200.
struct JWKSFetchError: Error, CustomStringConvertible {
    var url: URL
    var status: Int
    var description: String { "\(url) answered HTTP \(status)" }
}
