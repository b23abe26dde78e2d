import EcoCore
import EcoObjectStorageFactory
import EcoPipeline
import EcoServer
import EcoStore
import EcoStoreFactory
import EcoStoreSQLite
import EcoTestSupport
import Foundation
import Logging

/// The real server on a loopback port over a throw-away store, for HTTP benchmarks, with an admin
/// API key (every /api/v1 route needs credentials).
struct BenchServer: Sendable {
    let port: Int
    let key: String
    let services: AppServices
    let client: LoopbackHTTPClient

    /// Starts a server configured by `configure`, runs `body` against it, then stops it.
    static func with<T: Sendable>(directory: URL, name: String, durability: String = "full", configure: (inout EcoConfiguration) -> Void = { _ in },
                                  _ body: @Sendable (BenchServer) async throws -> T) async throws -> T {
        var configuration = EcoConfiguration()
        configuration.port = 0
        configuration.rateLimits = false
        configuration.maxConcurrentRequests = 1_000
        configure(&configuration)
        let database = "sqlite:\(directory.appendingPathComponent("\(name).sqlite").path)?durability=\(durability)"
        let store = try await StoreFactory.open(database)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let services = await AppServices(platform: try await Platform(store: store, configuration: configuration, logger: logger,
                                                                                objects: try await ObjectStoreFactory.open(nil, database: database, environment: [:])))
        let key = try await services.access.accounts.createUser(email: "bench-\(name)-\(UUID().uuidString.prefix(8))@example.org", role: .admin, tier: .institutional).key.key
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(services: services, logger: logger) { portContinuation.yield($0) }
        let result = try await withThrowingTaskGroup(of: T?.self) { group -> T in
            group.addTask { try await app.run(); return nil }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let result = try await body(BenchServer(port: port, key: key, services: services, client: LoopbackHTTPClient(port: port)))
            group.cancelAll()
            return result
        }
        await services.finish()
        try await store.close()
        return result
    }

    /// POSTs an NDJSON body to /api/v1/observations and fails unless it is stored (200).
    func ingest(_ body: Data) async throws {
        let response = try await client.send("POST", "/api/v1/observations", headers: [
            "Content-Type": "application/x-ndjson", "Authorization": "Bearer \(key)",
        ], body: body)
        guard response.status == 200 else {
            throw BenchmarkFailure("ingest answered \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))")
        }
    }

    /// Waits until the detection consumer has processed every event in the log.
    func detectionCaughtUp(timeout: Duration = .seconds(120)) async throws {
        let store = services.store
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let latest = try await store.latestEventOffset()
            if let done = try await store.consumerOffset(DetectionService.consumer), done >= latest { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchmarkFailure("detection did not catch up within \(timeout)")
    }
}

/// A benchmark that could not run as planned.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
