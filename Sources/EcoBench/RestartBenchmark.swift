import EcoCore
import EcoPipeline
import Foundation
import VaporCSQLite

/// `ecotrack bench restart`: how soon a restarted server acknowledges its first write when its event
/// log is large and the detection consumer lags far behind (issue #23: ≤ 5 s over 1 million events).
///
/// 1. A server stores 50 stations' week and stops. 2. The log is grown to `events` ingest events (all
///    but the newest 100,000 appended ten days ago, so retention deletes most of them at start),
///    written straight into the file, and detection's offset is set back to the start. 3. The server
///    is started again on the file; the clock runs from opening the store to the 200 of a first POST,
///    while retention and detection's catch-up run beside it.
enum RestartBenchmark {
    static func run(events: Int) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let t0: Int64 = 1_704_067_200_000
        try await BenchServer.with(directory: directory, name: "restart") { server in
            try await server.ingest(Data(week(t0: t0).utf8))
        }
        try grow(directory.appendingPathComponent("restart.sqlite").path, to: events)

        let started = ContinuousClock.now
        let (firstWrite, caughtUp) = try await BenchServer.with(directory: directory, name: "restart") { server -> (Duration, Duration) in
            try await server.ingest(Data(oneHour(t0: t0 + 200 * 3_600_000).utf8))
            let firstWrite = ContinuousClock.now - started
            try await server.detectionCaughtUp(timeout: .seconds(600))
            return (firstWrite, ContinuousClock.now - started)
        }
        return String(format: "restart over %d events (detection %d behind, retention to delete %d): first write acknowledged after %.2f s; detection caught up after %.2f s",
                      events, events, max(0, events - 100_000), BenchmarkClock.secondsOf(firstWrite), BenchmarkClock.secondsOf(caughtUp))
    }

    /// 50 stations × 168 hours of pm25, NDJSON.
    static func week(t0: Int64) -> String {
        var lines: [String] = []
        for hour in 0..<168 {
            for station in 0..<50 { lines.append(line(station, t0 + Int64(hour) * 3_600_000, 20 + Double((hour + station) % 9))) }
        }
        return lines.joined(separator: "\n")
    }

    static func oneHour(t0: Int64) -> String { (0..<50).map { line($0, t0, 21) }.joined(separator: "\n") }

    static func line(_ station: Int, _ t: Int64, _ value: Double) -> String {
        #"{"variable":"pm25","value":\#(value),"observedAt":\#(t),"lat":\#(48.8 + Double(station) * 0.001),"lng":2.3,"source":"bench","stationId":"r\#(station)"}"#
    }

    /// Appends ingest events up to `count` (series 1, an hour each), old but for the newest 100,000,
    /// and sets detection's committed offset back to 0.
    static func grow(_ path: String, to count: Int) throws {
        var db: OpaquePointer?
        guard sqlite_nio_sqlite3_open(path, &db) == SQLITE_OK, let db else { throw BenchmarkFailure("cannot open \(path)") }
        defer { sqlite_nio_sqlite3_close(db) }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let sql = """
            WITH RECURSIVE n(i) AS (SELECT (SELECT COALESCE(MAX("offset"), 0) + 1 FROM events) UNION ALL SELECT i + 1 FROM n WHERE i < \(count))
            INSERT INTO events ("offset", topic, "key", time, payload, appended_at)
            SELECT i, 'ecotrack.ingest.observations', NULL, i, '{"runs":[{"fromMs":1704067200000,"toMs":1704067200000,"seriesIds":[1]}]}',
                   CASE WHEN i <= \(count - 100_000) THEN \(now - 10 * 86_400_000) ELSE \(now) END FROM n;
            UPDATE sqlite_sequence SET seq = (SELECT MAX("offset") FROM events) WHERE name = 'events';
            UPDATE event_consumers SET "offset" = 0 WHERE name = 'detection';
            """
        guard sqlite_nio_sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw BenchmarkFailure(String(cString: sqlite_nio_sqlite3_errmsg(db))) }
    }
}
