import EcoCore
import EcoStore
import Foundation
import PostgresNIO

/// Registered variables and forecast runs: small tables, one statement per call.
extension PostgresStore: VariableStore, ForecastStore {
    public func registeredVariables() async throws -> [Variable] {
        try await database.rows("SELECT definition FROM variables ORDER BY name") { row in
            try JSONDecoder().decode(Variable.self, from: Data(try row.decode(String.self).utf8))
        }
    }

    public func register(_ variable: Variable) async throws {
        let definition = String(decoding: try JSONEncoder().encode(variable), as: UTF8.self)
        let inserted = try await database.rows("""
            INSERT INTO variables (name, definition) VALUES (\(variable.name), \(definition)) ON CONFLICT (name) DO NOTHING RETURNING 1
            """)
        guard inserted.isEmpty else { return }
        // Registering the same definition again is fine; another one under the name is not.
        let stored = try await database.rows("SELECT definition FROM variables WHERE name = \(variable.name)") { row in
            try JSONDecoder().decode(Variable.self, from: Data(try row.decode(String.self).utf8))
        }
        if stored.first != variable { throw EcoError.variableExists(name: variable.name) }
    }

    private static let forecastColumns = "key, data_version, run_id, model_name, parameters, body, created_at, last_requested_at"

    private static func readForecast(_ row: PostgresRow) throws -> StoredForecast {
        let (key, version, run, model, parameters, body, created, requested) =
            try row.decode((String, Int64, String, String, String, String, Int64, Int64).self)
        return StoredForecast(key: key, dataVersionMs: version, runID: run, modelName: model, parametersJSON: parameters, bodyJSON: body,
                              createdAtMs: created, lastRequestedAtMs: requested)
    }

    public func forecast(key: String) async throws -> StoredForecast? {
        try await database.rows("SELECT \(unescaped: Self.forecastColumns) FROM forecasts WHERE key = \(key)", Self.readForecast).first
    }

    public func save(_ forecast: StoredForecast) async throws {
        try await database.execute("""
            INSERT INTO forecasts (\(unescaped: Self.forecastColumns)) VALUES (\(forecast.key), \(forecast.dataVersionMs), \(forecast.runID),
                \(forecast.modelName), \(forecast.parametersJSON), \(forecast.bodyJSON), \(forecast.createdAtMs), \(forecast.lastRequestedAtMs))
            ON CONFLICT (key) DO UPDATE SET data_version = excluded.data_version, run_id = excluded.run_id, model_name = excluded.model_name,
                parameters = excluded.parameters, body = excluded.body, created_at = excluded.created_at,
                last_requested_at = excluded.last_requested_at
            """)
    }

    public func touchForecast(key: String, atMs timeMs: Int64) async throws {
        try await database.execute("UPDATE forecasts SET last_requested_at = GREATEST(last_requested_at, \(timeMs)) WHERE key = \(key)")
    }

    public func watchedForecasts(sinceMs: Int64, limit: Int) async throws -> [StoredForecast] {
        try await database.rows("""
            SELECT \(unescaped: Self.forecastColumns) FROM forecasts WHERE last_requested_at >= \(sinceMs)
            ORDER BY last_requested_at DESC LIMIT \(limit)
            """, Self.readForecast)
    }
}
