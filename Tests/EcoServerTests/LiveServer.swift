import EcoCore
import EcoObjectStorage
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
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
    /// An API key of an admin user created for the test; `request` sends it unless told otherwise.
    let adminKey: String
    /// The directory of the server's object store (a fresh temporary one).
    let objectRoot: URL

    /// Runs `body` against a fresh server, then shuts it down. With `storePath`, the server opens that
    /// SQLite file (so a test can stop and start a server on the same data); otherwise a temporary one.
    /// `clock` replaces the wall clock (ms since the epoch) of the server's background work; `logger` the test logger
    /// (warnings only, to standard error).
    static func with<T: Sendable>(storePath: String? = nil, configure: (inout EcoConfiguration) -> Void = { _ in },
                                  clock: (@Sendable () -> Int64)? = nil, logger customLogger: Logger? = nil,
                                  _ body: @Sendable (LiveServer) async throws -> T) async throws -> T {
        var configuration = EcoConfiguration()
        configuration.port = 0
        configure(&configuration)
        let store = try storePath.map { try SQLiteStore(path: $0, durability: .normal) } ?? SQLiteStore.temporary()
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        if let customLogger { logger = customLogger }
        let objectRoot = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-test-objects-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: objectRoot) }
        let platform = try await Platform(store: store, configuration: configuration, clock: clock.map(WallClock.init) ?? .system, logger: logger,
                                          objects: try FileObjectStore(root: objectRoot))
        let services = await AppServices(platform: platform)
        let routes = RouteTable()
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(services: services, logger: logger, routes: routes) { port in portContinuation.yield(port) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let adminKey = try await services.access.accounts.createUser(email: "admin-\(UUID().uuidString)@test.invalid", role: .admin, tier: .institutional).key.key
            let server = LiveServer(baseURL: URL(string: "http://127.0.0.1:\(port)")!, services: services, routes: routes, adminKey: adminKey,
                                    objectRoot: objectRoot)
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body(server)) } catch { outcome = .failure(error) }
            // Stop the app and wait until it and its background services have finished, so nothing
            // writes to the store while (or after) it closes.
            group.cancelAll()
            while let stopped = await group.nextResult() {
                if case let .failure(error) = stopped, !(error is CancellationError) { logger.warning("app stopped with \(error)") }
            }
            try await store.close()
            return try outcome.get()
        }
    }

    struct Reply: Sendable {
        var status: Int
        var contentType: String
        var body: Data
        /// Response headers by lower-cased name.
        var headers: [String: String] = [:]
        var text: String { String(decoding: body, as: UTF8.self) }

        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
        }
    }

    /// Which credentials a request carries.
    enum Credentials: Sendable {
        case admin
        case none
        /// Sent as `Authorization: Bearer …`.
        case bearer(String)
        /// Sent as `X-API-Key`.
        case apiKeyHeader(String)
    }

    /// Status and headers of a GET whose body never ends (an event stream); the body is not read.
    func head(_ path: String, as credentials: Credentials = .admin) async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        authorize(&request, credentials)
        let http = try await ResponseHeadProbe.head(request)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields { headers[String(describing: name).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "", body: Data(), headers: headers)
    }

    private func authorize(_ request: inout URLRequest, _ credentials: Credentials) {
        switch credentials {
        case .admin: request.setValue("Bearer \(adminKey)", forHTTPHeaderField: "Authorization")
        case .none: break
        case let .bearer(token): request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        case let .apiKeyHeader(key): request.setValue(key, forHTTPHeaderField: "X-API-Key")
        }
    }

    func request(_ method: String, _ path: String, body: String? = nil, contentType: String? = nil,
                 as credentials: Credentials = .admin, headers: [String: String] = [:]) async throws -> Reply {
        try await request(method, path, bytes: body.map { Data($0.utf8) }, contentType: contentType, as: credentials, headers: headers)
    }

    /// A request with a binary body.
    func request(_ method: String, _ path: String, bytes: Data?, contentType: String? = nil,
                 as credentials: Credentials = .admin, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        request.httpMethod = method
        authorize(&request, credentials)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.httpBody = bytes
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var replyHeaders: [String: String] = [:]
        for (name, value) in http.allHeaderFields { replyHeaders[String(describing: name).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "", body: data, headers: replyHeaders)
    }
}
