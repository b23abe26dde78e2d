import EcoCore

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
