import EcoAnalytics
import EcoCore
import EcoStore

/// The daily weather of one cell and the season aggregates a yield model uses: growing degree days (the crop's
/// thresholds and method, from the daily extremes of `temperature_2m`) and the precipitation total, summed over a
/// season's days. A season counts only when every day has both (a sum with a missing day is no season total).
struct YieldSeasonWeather {
    let cell: UInt64
    let request: CropMonitoringService.Request
    let start: SeasonDay
    let end: SeasonDay
    let extremes: [Int: (Double, Double)]
    let totals: [Int: (Double, Double)]
    /// The day of the cell's newest observation of either variable.
    let newestDay: Int

    /// Reads the cell's daily temperature extremes and precipitation totals from the series `organizations` may read.
    static func load(cell: UInt64, request: CropMonitoringService.Request, organizations: Set<String>?,
                     observations: any ObservationStore) async throws -> YieldSeasonWeather {
        var filter = SeriesFilter()
        filter.cellRanges = [Spatial.range15(of: cell)]
        filter.organizations = organizations
        filter.variable = "temperature_2m"
        let temperature = try await observations.series(matching: filter)
        filter.variable = "precipitation"
        let precipitation = try await observations.series(matching: filter)
        let all = TimeWindow(startMs: .min, endMs: .max)
        let (extremes, _) = try await CropMonitoringService.daily(temperature, window: all, observations: observations) { ($0.min, $0.max) }
        let (totals, _) = try await CropMonitoringService.daily(precipitation, window: all, observations: observations) { ($0.sum, $0.sum) }
        let (start, end) = CropMonitoringService.seasonBounds(of: cell, request: request)
        let newestDay = Int(((temperature + precipitation).map(\.lastObservedAtMs).max() ?? 0) / 86_400_000)
        return YieldSeasonWeather(cell: cell, request: request, start: start, end: end, extremes: extremes, totals: totals, newestDay: newestDay)
    }

    /// The requested season, else the latest one begun by the newest observation.
    var defaultYear: Int { request.year ?? CropSeason.latest(startedBy: newestDay, start: start, end: end).year }

    /// Degree days and precipitation of the season that ends in `year`, or why there are none.
    func aggregate(_ year: Int) -> Result<(gdd: Double, rain: Double), YieldSkip> {
        let season = CropSeason(year: year, start: start, end: end)
        var gdd = 0.0, rain = 0.0, noTemperature = 0, noRain = 0
        for day in season.startDay...season.endDay {
            if let e = extremes[day] { gdd += request.degreeDays.day(min: e.0, max: e.1) } else { noTemperature += 1 }
            if let p = totals[day] { rain += p.0 } else { noRain += 1 }
        }
        guard noTemperature == 0, noRain == 0 else {
            let days = season.endDay - season.startDay + 1
            return .failure(YieldSkip("the \(year) season (\(CropSeason.text(day: season.startDay)) to \(CropSeason.text(day: season.endDay))) lacks temperature_2m on \(noTemperature) and precipitation on \(noRain) of its \(days) days"))
        }
        return .success((gdd, rain))
    }

    /// The aggregates of `year`, or a 422 saying what is missing.
    func target(_ year: Int) throws -> (gdd: Double, rain: Double) {
        switch aggregate(year) {
        case let .success(value): return value
        case let .failure(skip): throw EcoError.invalidArgument("No forecast at \(Spatial.hex(cell)): \(skip.reason). Ingest the season's observations, or ask for a complete season with year=.")
        }
    }
}

/// Why a year's season has no aggregate.
struct YieldSkip: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
