import EcoCore
@testable import EcoServer
import EcoStore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging

/// The real application on a loopback port chosen by the OS, with a temporary SQLite store;
/// requests go over real HTTP.
struct LiveServer {
    let baseURL: URL
    let services: AppServices
    let routes: RouteTable

    /// Runs `body` against a fresh server, then shuts it down.
    static func with<T: Sendable>(configure: (inout ServeConfiguration) -> Void = { _ in },
                                  _ body: @Sendable (LiveServer) async throws -> T) async throws -> T {
        var configuration = ServeConfiguration()
        configuration.port = 0
        configuration.durability = "normal"
        configure(&configuration)
        let store = try SQLiteStore.temporary()
        let services = try await AppServices(store: store, configuration: configuration)
        let routes = RouteTable()
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let app = try buildApplication(services: services, logger: logger, routes: routes) { port in portContinuation.yield(port) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let server = LiveServer(baseURL: URL(string: "http://127.0.0.1:\(port)")!, services: services, routes: routes)
            do {
                let result = try await body(server)
                group.cancelAll()
                try await store.close()
                return result
            } catch {
                group.cancelAll()
                try? await store.close()
                throw error
            }
        }
    }

    struct Reply: Sendable {
        var status: Int
        var contentType: String
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }

        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
        }
    }

    func request(_ method: String, _ path: String, body: String? = nil, contentType: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        request.httpMethod = method
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "", body: data)
    }
}
