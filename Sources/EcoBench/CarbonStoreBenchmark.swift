import EcoCarbon
import EcoCore
import EcoPipeline
import EcoStore
import EcoStoreSQLite
import Foundation
import Logging
import VaporCSQLite

/// `ecotrack bench carbon`, store part: activities per second through the carbon ingest service
/// (accounting with the built-in set, mapping, upserts on the indexed table, batches of 20,000),
/// from decoded activities and from an NDJSON body (decoding and validation on every core included),
/// against raw SQLite inserts of the same rows into the same table in the same run.
enum CarbonStoreBenchmark {
    static func run(activities all: [Activity], count: Int) async throws -> [String] {
        let activities = Array(all.prefix(count))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-carbon-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines = ["store: \(activities.count) activities, \(BenchmarkClock.machine)"]

        // Raw SQLite: the store's own table (created by its migrations), one transaction, one plain INSERT.
        let rawPath = directory.appendingPathComponent("raw.sqlite").path
        try await SQLiteStore(path: rawPath, durability: .normal).close()
        let records = activities.map(ActivityRecordMapping.record)
        let raw = try RawCarbonInsert.run(records, path: rawPath)

        // The service from decoded activities: accounting, mapping, upserts in batches.
        let decoded = try await withCarbon(directory, "decoded") { carbon in
            try await BenchmarkClock.seconds { _ = try await carbon.ingest.ingest(activities: activities, caller: .cli) }
        }
        // The service from an NDJSON body: decoding and validation too; first decoded whole and then stored
        // (as a JSON array is, and as NDJSON was before), then chunks decoded while the previous one is stored.
        let body = Array(activities.map(ActivityJSON.line).joined(separator: "\n").utf8)
        var accepted = 0, acceptedWhole = 0
        let whole = try await withCarbon(directory, "whole") { carbon in
            try await BenchmarkClock.seconds { acceptedWhole = try await carbon.ingest.ingestWhole(body, format: .ndjson, caller: .cli).accepted }
        }
        let fromBody = try await withCarbon(directory, "body") { carbon in
            try await BenchmarkClock.seconds { accepted = try await carbon.ingest.ingest(body, format: .ndjson, caller: .cli).accepted }
        }
        guard accepted == activities.count, acceptedWhole == activities.count else {
            throw BenchmarkFailure("the NDJSON body kept \(accepted) (whole: \(acceptedWhole)) of \(activities.count) activities")
        }
        func rate(_ seconds: Double) -> Double { Double(activities.count) / seconds }
        lines.append(String(format: "raw SQLite inserts, same rows and table:             %.2f s = %.0f activities/s", raw, rate(raw)))
        lines.append(String(format: "ingest + accounting through the store (decoded):     %.2f s = %.0f activities/s (%.0f%% of raw)", decoded, rate(decoded), 100 * raw / decoded))
        lines.append(String(format: "NDJSON body decoded whole, then stored:              %.2f s = %.0f activities/s (%.0f%% of raw; %.0f MB)",
                            whole, rate(whole), 100 * raw / whole, Double(body.count) / 1e6))
        lines.append(String(format: "NDJSON body, decode of chunk k+1 overlapping store of k: %.2f s = %.0f activities/s (%.0f%% of raw; %.2f× whole)",
                            fromBody, rate(fromBody), 100 * raw / fromBody, whole / fromBody))
        return lines
    }

    /// Runs `body` with carbon services over a fresh store, closing it after.
    private static func withCarbon<T>(_ directory: URL, _ name: String, _ body: (CarbonServices) async throws -> T) async throws -> T {
        let store = try SQLiteStore(path: directory.appendingPathComponent("\(name).sqlite").path, durability: .normal)
        let carbon = CarbonServices(store: store, alerts: AlertBook(store: store), clock: .system, batchSize: 20_000,
                                    watchInterval: .seconds(3600), logger: Logger(label: "bench"))
        do {
            let result = try await body(carbon)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }
}

/// The reference: the same records inserted with SQLite's C API into the store's own `carbon_activities`
/// table (its indexes included), one transaction, one prepared plain INSERT; shares no code with the store.
enum RawCarbonInsert {
    static func run(_ records: [CarbonActivityRecord], path: String) throws -> Double {
        var db: OpaquePointer?
        guard sqlite_nio_sqlite3_open(path, &db) == SQLITE_OK, let db else { throw BenchmarkFailure("cannot open \(path)") }
        defer { sqlite_nio_sqlite3_close(db) }
        func execute(_ sql: String) throws {
            guard sqlite_nio_sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw BenchmarkFailure(String(cString: sqlite_nio_sqlite3_errmsg(db))) }
        }
        // The store's own settings (SQLiteStore.init), so only the write path differs.
        try execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -64000; PRAGMA temp_store = MEMORY")
        let columns = ["organization", "client_id", "supplier", "facility", "t", "lat", "lng", "cell", "cell15", "region", "estimated", "scope",
                       "category", "kind", "mode", "vehicle", "fuel", "distance_km", "load_kg", "tonne_km", "load_factor", "empty_running",
                       "downstream", "origin", "destination", "quantity", "unit", "instrument", "instrument_share", "instrument_rate",
                       "supplier_rate", "gas", "carrier", "cpu_hours", "watts_per_cpu", "pue"]
        let sql = "INSERT INTO carbon_activities (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let seconds = try BenchmarkClock.secondsSync {
            try execute("BEGIN")
            var insert: OpaquePointer?
            guard sqlite_nio_sqlite3_prepare_v2(db, sql, -1, &insert, nil) == SQLITE_OK else { throw BenchmarkFailure(String(cString: sqlite_nio_sqlite3_errmsg(db))) }
            defer { sqlite_nio_sqlite3_finalize(insert) }
            for r in records {
                var k: Int32 = 0
                func text(_ value: String?) { k += 1; if let value { sqlite_nio_sqlite3_bind_text(insert, k, value, -1, transient) } else { sqlite_nio_sqlite3_bind_null(insert, k) } }
                func real(_ value: Double?) { k += 1; if let value { sqlite_nio_sqlite3_bind_double(insert, k, value) } else { sqlite_nio_sqlite3_bind_null(insert, k) } }
                func int(_ value: Int64?) { k += 1; if let value { sqlite_nio_sqlite3_bind_int64(insert, k, value) } else { sqlite_nio_sqlite3_bind_null(insert, k) } }
                let d = r.detail
                text(r.organization); text(r.clientId); text(r.supplier); text(r.facility); int(r.timeMs); real(r.lat); real(r.lng)
                int(r.cell.map { Int64(bitPattern: $0) }); int(r.cell15.map { Int64(bitPattern: $0) }); text(r.region); int(r.estimated ? 1 : 0)
                int(r.scope.map(Int64.init)); int(r.category.map(Int64.init)); text(r.kind); text(d.mode); text(d.vehicle); text(d.fuel)
                real(d.distanceKm); real(d.loadKg); real(d.tonneKm); real(d.loadFactor); real(d.emptyRunning); int(d.downstream ? 1 : 0)
                text(d.origin); text(d.destination); real(d.quantity); text(d.unit); text(d.instrument); real(d.instrumentShare)
                real(d.instrumentRate); real(d.supplierRate); text(d.gas); text(d.carrier); real(d.cpuHours); real(d.wattsPerCpu); real(d.pue)
                guard sqlite_nio_sqlite3_step(insert) == SQLITE_DONE else { throw BenchmarkFailure(String(cString: sqlite_nio_sqlite3_errmsg(db))) }
                sqlite_nio_sqlite3_reset(insert)
            }
            try execute("COMMIT")
        }
        return seconds
    }
}

extension BenchmarkClock {
    /// Seconds `body` took (synchronous work).
    static func secondsSync(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
