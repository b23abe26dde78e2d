import EcoCore
import EcoStore

/// Forecast runs, reused until their input data changes.
enum Migration0003Forecasts {
    static let migration = Migration(version: 3, name: "forecasts", sql: """
        CREATE TABLE forecasts (
            key                TEXT PRIMARY KEY,      -- the request: cell, variable, horizon, model, season, history
            data_version       INTEGER NOT NULL,      -- newest input observation time when run
            run_id             TEXT NOT NULL,
            model_name         TEXT NOT NULL,
            parameters         TEXT NOT NULL,         -- JSON
            body               TEXT NOT NULL,         -- the API response, JSON
            created_at         INTEGER NOT NULL,
            last_requested_at  INTEGER NOT NULL
        );
        CREATE INDEX forecasts_by_request_time ON forecasts (last_requested_at);
        """)
}
