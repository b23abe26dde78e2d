/// One candidate baseline: an exponentially smoothed level, plus for the seasonal candidates a time-of-day
/// profile and (weekly) an hour-of-week correction on top of it (additive double-seasonal Holt-Winters
/// without trend, Taylor 2003), and the running mean absolute error of its own forecasts.
struct BaselineModel: Codable, Sendable, Equatable {
    /// Which candidate this is: nil for the flat level.
    var seasonality: Seasonality?
    var level = 0.0
    var hasLevel = false
    /// Time-of-day profile (daily and weekly candidates), allocated once the sampling interval is known.
    var daily: SeasonalProfile?
    /// Hour-of-week correction on top of `daily` (weekly candidate only).
    var weekly: SeasonalProfile?
    /// Exponentially weighted mean of |value − forecast|, clipped; the robust scale.
    var meanAbsoluteError = 0.0
    /// Forecasts scored so far (capped; only needs to tell "enough").
    var errorCount = 0

    init(seasonality: Seasonality?) {
        self.seasonality = seasonality
    }

    /// σ of Gaussian residuals with this mean absolute error: E|e| = σ·√(2/π).
    var standardDeviation: Double { meanAbsoluteError * 1.2533141373155 }

    /// Allocates the profiles for a series sampled every `intervalMs` (once; later calls do nothing).
    mutating func prepareProfiles(intervalMs: Double) {
        guard let seasonality, daily == nil, intervalMs > 0 else { return }
        daily = SeasonalProfile(periodMs: Seasonality.daily.periodMs, slotCount: SeasonalProfile.dailySlotCount(intervalMs: intervalMs))
        if seasonality == .weekly { weekly = SeasonalProfile(periodMs: Seasonality.weekly.periodMs, slotCount: Seasonality.weekly.slotCount) }
    }

    /// The seasonal offset at `timeMs` (0 for the flat level), or nil while a slot is still unknown.
    func offset(atMs timeMs: Int64) -> Double? {
        seasonalOffset(daily: daily?.offset(atMs: timeMs), weekly: weekly?.offset(atMs: timeMs))
    }

    /// The seasonal offset from the profiles' offsets at one time: 0 for the flat level, nil while a slot is
    /// still unknown. (`weekly` is only looked up when needed.)
    private func seasonalOffset(daily dailyOffset: Double?, weekly weeklyOffset: @autoclosure () -> Double?) -> Double? {
        guard seasonality != nil else { return 0 }
        guard let dailyOffset else { return nil }
        guard weekly != nil else { return dailyOffset }
        return weeklyOffset().map { dailyOffset + $0 }
    }

    /// The forecast for `timeMs`, or nil while the level or the slot is still unknown.
    func forecast(atMs timeMs: Int64) -> Double? {
        guard hasLevel else { return nil }
        return offset(atMs: timeMs).map { level + $0 }
    }

    /// Moves the level a share `weight` of the way to where `value` at `timeMs` would put it; the profile
    /// and the scale do not learn (re-anchoring after a silence or a level shift).
    mutating func reanchor(value: Double, atMs timeMs: Int64, weight: Double) {
        guard let forecast = forecast(atMs: timeMs) else { return }
        level += weight * (value - forecast)
    }

    /// Learns `value` at `timeMs`: scores the forecast, then updates level, profiles and scale.
    mutating func learn(value: Double, atMs timeMs: Int64, levelRate: Double, configuration: DetectorConfiguration) {
        guard hasLevel else {
            level = value
            hasLevel = true
            return
        }
        // Each profile's slots at `timeMs` and their offsets, found once: forecasting and learning both need
        // them, and this runs for every candidate and point scored.
        let dailySlots = daily?.slots(atMs: timeMs)
        let weeklySlots = weekly?.slots(atMs: timeMs)
        let dailyOffset = dailySlots.flatMap { daily?.offset(at: $0) }
        let weeklyOffset = weeklySlots.flatMap { weekly?.offset(at: $0) }
        guard let seasonalOffset = seasonalOffset(daily: dailyOffset, weekly: weeklyOffset) else {
            // A slot seen for the first time starts at what the level leaves unexplained.
            if let dailyOffset {
                weekly?.learn(target: value - level - dailyOffset, atMs: timeMs, rate: 1)
            } else {
                daily?.learn(target: value - level, atMs: timeMs, rate: 1)
                weekly?.learn(target: 0, atMs: timeMs, rate: 1)
            }
            return
        }
        let forecast = level + seasonalOffset
        let error = value - forecast
        let limit = errorCount >= 10 ? configuration.clipSigmas * max(standardDeviation, configuration.minimumStd) : .infinity
        let clipped = min(max(error, -limit), limit)
        level += levelRate * clipped
        let seasonalError = clipped * (1 - levelRate)
        if let dailySlots, let dailyOffset {
            daily?.learn(target: dailyOffset + seasonalError, at: dailySlots, current: dailyOffset, rate: configuration.seasonalRate)
        }
        if let weeklySlots, let weeklyOffset {
            weekly?.learn(target: weeklyOffset + seasonalError, at: weeklySlots, current: weeklyOffset, rate: configuration.seasonalRate)
        }
        // Early on a plain running mean, later exponential forgetting.
        let scaleRate = max(configuration.scaleRate, 1 / Double(errorCount + 1))
        meanAbsoluteError += scaleRate * (abs(clipped) - meanAbsoluteError)
        errorCount = min(errorCount + 1, 1_000_000)
    }
}
