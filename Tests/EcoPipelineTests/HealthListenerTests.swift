@testable import EcoHealthListener
import Foundation
import Logging
import Synchronization
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `ecotrack worker --metrics-port`: the minimal listener answers health, readiness and metrics, guards
/// /metrics as `ecotrack serve` does, and answers nothing else.
struct HealthListenerTests {
    final class Dials: Sendable {
        let ready = Atomic<Bool>(true)
    }

    static func get(_ port: Int, _ path: String, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Runs `body` with a listener on a free loopback port.
    static func with(token: String?, _ body: (Int, Dials) async throws -> Void) async throws {
        let dials = Dials()
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let listener = HealthListener(host: "127.0.0.1", port: 0, metricsToken: token, ready: { dials.ready.load(ordering: .relaxed) },
                                      metrics: { "# TYPE jobs_total counter\njobs_total 3\n" }, logger: Logger(label: "test"),
                                      onBound: { bound.yield($0) })
        let running = Task {
            defer { bound.finish() }
            try await listener.run()
        }
        defer { running.cancel() }
        // Awaited, not polled against a deadline: a parallel run on a loaded machine started the listener minutes late.
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            _ = try await running.value  // the listener stopped before binding: its error fails the test
            Issue.record("the listener stopped without binding")
            return
        }
        try await body(port, dials)
    }

    @Test func healthReadinessAndMetricsWithAToken() async throws {
        try await Self.with(token: "scrape-secret") { port, dials in
            #expect(try await Self.get(port, "/healthz").status == 200)
            #expect(try await Self.get(port, "/readyz").status == 200)
            dials.ready.store(false, ordering: .relaxed)
            let notReady = try await Self.get(port, "/readyz")
            #expect(notReady.status == 503 && notReady.body.contains("not ready"))
            #expect(try await Self.get(port, "/metrics").status == 401)
            #expect(try await Self.get(port, "/metrics", token: "wrong").status == 401)
            let scraped = try await Self.get(port, "/metrics?x=1", token: "scrape-secret")
            #expect(scraped.status == 200 && scraped.body.contains("jobs_total 3"))
            let other = try await Self.get(port, "/api/v1/observations")
            #expect(other.status == 404 && other.body.contains("ecotrack serve"))
        }
    }

    @Test func withoutATokenMetricsAreOpenOnlyOnALoopbackHost() async throws {
        try await Self.with(token: nil) { port, _ in
            let scraped = try await Self.get(port, "/metrics")
            #expect(scraped.status == 200)
        }
        let everywhere = HealthListener(host: "0.0.0.0", port: 0, metricsToken: nil, ready: { true }, metrics: { "" }, logger: Logger(label: "test"))
        #expect(everywhere.metricsRefusal(nil)?.contains("metricsToken") == true)
    }
}
