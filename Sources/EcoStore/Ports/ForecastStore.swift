import EcoCore

/// A stored forecast run: what was asked, on which data, by which model, and the answer.
public struct StoredForecast: Sendable, Equatable {
    /// Identifies the request (cell, variable, horizon, model …) — see `ForecastKey`.
    public var key: String
    /// The newest observation time of the input series when the forecast was made; a newer one means stale.
    public var dataVersionMs: Int64
    public var runID: String
    public var modelName: String
    /// Model parameters as JSON.
    public var parametersJSON: String
    /// The complete API response as JSON.
    public var bodyJSON: String
    public var createdAtMs: Int64
    public var lastRequestedAtMs: Int64

    public init(key: String, dataVersionMs: Int64, runID: String, modelName: String, parametersJSON: String,
                bodyJSON: String, createdAtMs: Int64, lastRequestedAtMs: Int64) {
        self.key = key
        self.dataVersionMs = dataVersionMs
        self.runID = runID
        self.modelName = modelName
        self.parametersJSON = parametersJSON
        self.bodyJSON = bodyJSON
        self.createdAtMs = createdAtMs
        self.lastRequestedAtMs = lastRequestedAtMs
    }
}

/// Persistence of forecast runs, so a forecast is reused until new data arrives and watched
/// forecasts can be refreshed in the background.
public protocol ForecastStore: Sendable {
    func forecast(key: String) async throws -> StoredForecast?
    /// Inserts or replaces the run stored under `forecast.key`.
    func save(_ forecast: StoredForecast) async throws
    /// Records that someone asked for `key` at `timeMs` (what "watched" means).
    func touchForecast(key: String, atMs timeMs: Int64) async throws
    /// Forecasts requested at or after `sinceMs`, newest request first.
    func watchedForecasts(sinceMs: Int64, limit: Int) async throws -> [StoredForecast]
}
