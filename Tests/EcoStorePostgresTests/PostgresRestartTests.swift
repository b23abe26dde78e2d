import EcoCore
import EcoStore
import EcoStorePostgres
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing

/// PostgreSQL restarted under a writing store: writes during the outage fail (never acknowledged),
/// the pool reconnects by itself, every acknowledged write is there afterwards exactly once, and the
/// event wake-ups resume. On a cluster of its own (scripts/postgres.sh), so the other tests keep theirs.
@Suite(.enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresRestartTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/postgres.sh").path

    /// Runs `scripts/postgres.sh` with `arguments` and returns its standard output, trimmed. The wait happens on a
    /// thread of its own (system(3)), never on one of the few threads Swift concurrency runs tests on.
    static func cluster(_ arguments: String...) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-sh-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = ([script] + arguments).map { "'\($0)'" }.joined(separator: " ") + " > '\(output)'"
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread.detachNewThread { continuation.resume(returning: system(command)) }
        }
        guard status == 0 else { throw ClusterError(arguments: arguments, status: status) }
        return (try String(contentsOfFile: output, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct ClusterError: Error, CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var description: String { "scripts/postgres.sh \(arguments.joined(separator: " ")) exited with \(status)" }
    }

    @Test func aRestartLosesNoAcknowledgedWriteAndWakeUpsResume() async throws {
        let url = try await Self.cluster("start")
        do {
            // Bounded without waiting for a stuck store call to notice cancellation: a store that never
            // answers after the restart fails this test instead of hanging the whole run.
            try await abandoningAfter(.seconds(150)) { try await self.restartWhileWriting(url) }
        } catch {
            _ = try? await Self.cluster("stop", url)
            throw error
        }
        _ = try await Self.cluster("stop", url)
    }

    private func restartWhileWriting(_ url: String) async throws {
        let options = "schema=restart&pool=4&tls=disable"
        // ECOTRACK_TEST_PG_DEBUG=1 traces the writer's connections (PostgresNIO's messages), which is how the
        // restart defect's lost ROLLBACK was found.
        var logger = Logger(label: "restart.writer")
        if ProcessInfo.processInfo.environment["ECOTRACK_TEST_PG_DEBUG"] == "1" { logger.logLevel = .trace }
        let writer = try await PostgresStore.open(url: url + "?" + options, logger: logger)
        let watcher = try await PostgresStore.open(url: url + "?" + options)

        // One writer posts numbered batches of 10 points (batch n at minutes 10n … 10n + 9) until 120 are
        // acknowledged; the cluster restarts while it writes. A failed batch is sent again.
        let acknowledged = Mutex<[Int]>([])
        let failures = Mutex(0)
        let writing = Task {
            var batch = 0
            let deadline = ContinuousClock.now + .seconds(60)
            while acknowledged.withLock({ $0.count }) < 120 && ContinuousClock.now < deadline {
                let points = (0..<10).map { PostgresStoreTests.observation("r", t: Int64(batch * 10 + $0) * 60_000, Double(batch)) }
                do {
                    _ = try await writer.insert(points)
                    acknowledged.withLock { $0.append(batch) }
                    batch += 1
                } catch {
                    failures.withLock { $0 += 1 }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
        }
        while acknowledged.withLock({ $0.count }) < 30 { try await Task.sleep(for: .milliseconds(10)) }
        _ = try await Self.cluster("restart", url)
        try await writing.value
        let written = acknowledged.withLock { $0 }
        #expect(written == Array(0..<120), "every batch acknowledged once, in order (\(failures.withLock { $0 }) attempts failed during the restart)")

        let rows = try await writer.observations(SeriesFilter(), window: .all, after: nil, limit: 10_000)
        #expect(rows.count == 1_200)
        #expect(Set(rows.map(\.observedAtMs)).count == 1_200)
        let id = try #require(rows.first?.series.id)
        #expect(try await writer.aggregates(of: [id], window: .all)[id]?.count == 1_200)
        #expect(try await writer.isReady())

        // The watcher's notification connection came back too: a commit by the writer wakes it.
        let start = try await watcher.latestEventOffset()
        let waiting = Task { try await watcher.waitForEvents(after: start) }
        try await Task.sleep(for: .milliseconds(200))
        let appended = try await writer.appendEvents([NewEvent(topic: "test.topic", key: nil, timeMs: 1, payloadJSON: "{}")])
        #expect(try await withTimeout(.seconds(15)) { try await waiting.value } == appended[0].offset)
        try await writer.close()
        try await watcher.close()
    }
}

/// Runs `body` in a task of its own and returns its result, or throws `TimeoutError` once `limit` has
/// passed, leaving a body that ignores cancellation behind instead of waiting for it (unlike a task group).
func abandoningAfter<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let outcome = FirstOutcome<T>()
    return try await withCheckedThrowingContinuation { continuation in
        outcome.waiting.withLock { $0 = continuation }
        let work = Task {
            let result = await Result { try await body() }
            outcome.resume(with: result)
        }
        Task {
            try? await Task.sleep(for: limit)
            work.cancel()
            outcome.resume(with: .failure(TimeoutError(limit: limit)))
        }
    }
}

/// The continuation of ``abandoningAfter(_:_:)``, resumed by whichever of its two tasks ends first.
final class FirstOutcome<T: Sendable>: Sendable {
    let waiting = Mutex<CheckedContinuation<T, any Error>?>(nil)

    func resume(with result: Result<T, any Error>) {
        waiting.withLock { $0.take() }?.resume(with: result)
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing body.
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
