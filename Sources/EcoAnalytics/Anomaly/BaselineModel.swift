/// One candidate baseline: an exponentially smoothed level, optionally plus a seasonal profile
/// (additive Holt-Winters without trend), and the running mean absolute error of its forecasts.
struct BaselineModel: Codable, Sendable, Equatable {
    var level = 0.0
    var hasLevel = false
    var profile: SeasonalProfile?
    /// Exponentially weighted mean of |value − forecast|, clipped; the robust scale.
    var meanAbsoluteError = 0.0
    /// Forecasts scored so far (capped; only needs to tell "enough").
    var errorCount = 0

    init(seasonality: Seasonality?) {
        profile = seasonality.map(SeasonalProfile.init(seasonality:))
    }

    /// σ of Gaussian residuals with this mean absolute error: E|e| = σ·√(2/π).
    var standardDeviation: Double { meanAbsoluteError * 1.2533141373155 }

    /// The forecast for `timeMs`, or nil while the level or the slot is still unknown.
    func forecast(atMs timeMs: Int64) -> Double? {
        guard hasLevel else { return nil }
        guard let profile else { return level }
        return profile.offset(atMs: timeMs).map { level + $0 }
    }

    /// Learns `value` at `timeMs`: scores the forecast, then updates level, profile and scale.
    mutating func learn(value: Double, atMs timeMs: Int64, levelRate: Double, configuration: DetectorConfiguration) {
        guard hasLevel else {
            level = value
            hasLevel = true
            profile?.learn(target: 0, atMs: timeMs, rate: 1)
            return
        }
        guard let forecast = forecast(atMs: timeMs) else {
            profile?.learn(target: value - level, atMs: timeMs, rate: 1)
            return
        }
        let error = value - forecast
        let limit = errorCount >= 10 ? configuration.clipSigmas * max(standardDeviation, configuration.minimumStd) : .infinity
        let clipped = min(max(error, -limit), limit)
        let offset = forecast - level
        level += levelRate * clipped
        profile?.learn(target: offset + clipped * (1 - levelRate), atMs: timeMs, rate: configuration.seasonalRate)
        // Early on a plain running mean, later exponential forgetting.
        let scaleRate = max(configuration.scaleRate, 1 / Double(errorCount + 1))
        meanAbsoluteError += scaleRate * (abs(clipped) - meanAbsoluteError)
        errorCount = min(errorCount + 1, 1_000_000)
    }
}
