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
