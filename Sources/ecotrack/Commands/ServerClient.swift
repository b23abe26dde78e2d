import ArgumentParser
import EcoCore
import EcoServer
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What a command's `--server URL [--api-key KEY]` options talk to: JSON requests to a running
/// `ecotrack serve`, with the API key sent as a bearer token and problem documents turned into
/// the error message the user sees.
struct ServerClient: Sendable {
    let base: URLComponents
    let apiKey: String?

    /// - Throws: `ValidationError` when `server` is not an http(s) URL.
    init(server: String, apiKey: String?) throws {
        guard let components = URLComponents(string: server), components.scheme == "http" || components.scheme == "https", components.host != nil else {
            throw ValidationError("--server '\(server)' is not a URL like http://127.0.0.1:8080.")
        }
        base = components
        self.apiKey = apiKey
    }

    /// Sends `body` (JSON) to `path` and returns the decoded answer.
    ///
    /// - Throws: `ValidationError` with the server's `detail` when the status is not 2xx.
    func json(_ method: String, _ path: String, query: [URLQueryItem] = [], body: JSONValue? = nil) async throws -> JSONValue {
        var components = base
        components.path = path
        components.queryItems = query.isEmpty ? nil : query
        guard let url = components.url else { throw ValidationError("Cannot build a URL for \(path).") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.encoded())
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        guard (200..<300).contains(status), let value else {
            if case let .string(detail)? = value?["detail"] { throw ValidationError("server answered \(status): \(detail)") }
            throw ValidationError("server answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return value
    }
}
