import EcoCore
import EcoStore

extension SQLiteStore: ForecastStore {
    private static let forecastColumns = "key, data_version, run_id, model_name, parameters, body, created_at, last_requested_at"

    public func forecast(key: String) async throws -> StoredForecast? {
        try await readers.read { db in
            let query = try db.statement("SELECT \(Self.forecastColumns) FROM forecasts WHERE key = ?")
            query.bind(1, key)
            defer { query.reset() }
            return try query.step() ? Self.readForecast(query) : nil
        }
    }

    public func save(_ forecast: StoredForecast) async throws {
        try await writer.submit { db in
            let upsert = try db.statement("INSERT OR REPLACE INTO forecasts (\(Self.forecastColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            upsert.bind(1, forecast.key).bind(2, forecast.dataVersionMs).bind(3, forecast.runID).bind(4, forecast.modelName)
                .bind(5, forecast.parametersJSON).bind(6, forecast.bodyJSON).bind(7, forecast.createdAtMs).bind(8, forecast.lastRequestedAtMs)
            try upsert.run()
            return ((), afterCommit: nil)
        }
    }

    public func touchForecast(key: String, atMs timeMs: Int64) async throws {
        try await writer.submit { db in
            let touch = try db.statement("UPDATE forecasts SET last_requested_at = MAX(last_requested_at, ?) WHERE key = ?")
            touch.bind(1, timeMs).bind(2, key)
            try touch.run()
            return ((), afterCommit: nil)
        }
    }

    public func watchedForecasts(sinceMs: Int64, limit: Int) async throws -> [StoredForecast] {
        try await readers.read { db in
            let query = try db.statement("SELECT \(Self.forecastColumns) FROM forecasts WHERE last_requested_at >= ? ORDER BY last_requested_at DESC LIMIT ?")
            query.bind(1, sinceMs).bind(2, Int64(limit))
            var result: [StoredForecast] = []
            while try query.step() { result.append(Self.readForecast(query)) }
            query.reset()
            return result
        }
    }

    private static func readForecast(_ row: SQLiteStatement) -> StoredForecast {
        StoredForecast(key: row.string(0), dataVersionMs: row.int64(1), runID: row.string(2), modelName: row.string(3),
                       parametersJSON: row.string(4), bodyJSON: row.string(5), createdAtMs: row.int64(6), lastRequestedAtMs: row.int64(7))
    }
}
