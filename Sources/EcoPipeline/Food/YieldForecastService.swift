import EcoAnalytics
import EcoCore
import EcoStore

/// A crop yield forecast for one H3 cell from a posted yield history (`POST /api/v1/food/yield-forecast`):
/// ordinary least squares (``YieldRegression``) of the history's yields on the cell's season aggregates, growing
/// degree days and precipitation total, computed from stored daily observations as ``CropMonitoringService``
/// computes them, and the prediction with its 80 % and 95 % intervals for the requested season.
///
/// A season enters only when every one of its days has both temperature and precipitation data (a sum with a
/// missing day is not a season total); other history years are listed as skipped with the reason. No model is
/// stored: the fit is recomputed per request from the posted history.
public struct YieldForecastService: Sendable {
    let monitoring: CropMonitoringService
    static let predictors = ["degreeDays", "precipitationMm"]

    public init(observations: any ObservationStore, variables: VariableRegistry) {
        monitoring = CropMonitoringService(observations: observations, variables: variables)
    }

    /// The forecast for `history` (CSV `region,crop,year,yield,unit,source`) and the parameters `crop`, `h3` or
    /// `lat`+`lng` (with `resolution`, default 7), optionally `region`, `year` (default the latest season begun),
    /// and the season and degree-day settings of crop monitoring.
    public func forecast(history: String, _ parameters: QueryParameters) async throws -> YieldForecastReport {
        let request = try CropMonitoringService.request(parameters)
        guard request.crop.id != "custom" else {
            throw EcoError.badRequest("crop=custom has no yield history; use crop=maize, soybean or wheat (seasonStart, seasonEnd and baseTemperature may still be set).")
        }
        let cell = try Self.cell(parameters, resolution: request.resolution)
        let (region, records) = try Self.records(history, crop: request.crop.id, region: parameters.string("region"))
        var filter = SeriesFilter()
        filter.cellRanges = [Spatial.range15(of: cell)]
        filter.organizations = parameters.readableOrganizations
        filter.variable = "temperature_2m"
        let temperature = try await monitoring.observations.series(matching: filter)
        filter.variable = "precipitation"
        let precipitation = try await monitoring.observations.series(matching: filter)
        let all = TimeWindow(startMs: .min, endMs: .max)
        let (extremes, _) = try await monitoring.daily(temperature, window: all) { ($0.min, $0.max) }
        let (totals, _) = try await monitoring.daily(precipitation, window: all) { ($0.sum, $0.sum) }
        let (start, end) = CropMonitoringService.seasonBounds(of: cell, request: request)
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
        let newestDay = Int(((temperature + precipitation).map(\.lastObservedAtMs).max() ?? 0) / 86_400_000)
        let year = request.year ?? CropSeason.latest(startedBy: newestDay, start: start, end: end).year
        let target: (gdd: Double, rain: Double)
        switch aggregate(year) {
        case let .success(value): target = value
        case let .failure(skip): throw EcoError.invalidArgument("No forecast at \(Spatial.hex(cell)): \(skip.reason). Ingest the season's observations, or ask for a complete season with year=.")
        }
        var used: [YieldForecastReport.Year] = [], skipped: [YieldForecastReport.Skipped] = []
        for record in records {
            guard record.year != year else { skipped.append(.init(year: record.year, reason: "the forecast season itself")); continue }
            switch aggregate(record.year) {
            case let .success(value): used.append(.init(year: record.year, yield: record.tonnesPerHectare, degreeDays: value.gdd, precipitationMm: value.rain))
            case let .failure(skip): skipped.append(.init(year: record.year, reason: skip.reason))
            }
        }
        let needed = Self.predictors.count + 3
        guard used.count >= needed else {
            throw EcoError.badRequest("\(used.count) years of the \(region) \(request.crop.id) history have complete season weather at \(Spatial.hex(cell)); a fit on \(Self.predictors.count) predictors with intervals needs at least \(needed). Skipped: \(skipped.map { "\($0.year) (\($0.reason))" }.joined(separator: "; ")).")
        }
        let yields = used.map(\.yield)
        let model = try cropCall { () throws(CropIndexError) in
            try YieldRegression.fit(predictors: Self.predictors, rows: used.map { [$0.degreeDays, $0.precipitationMm] }, yields: yields)
        }
        let x = [target.gdd, target.rain]
        let p80 = model.predict(x, level: 0.8), p95 = model.predict(x, level: 0.95)
        return YieldForecastReport(
            region: region, crop: request.crop.id, h3Index: Spatial.hex(cell), baseTemperature: request.degreeDays.base,
            upperTemperature: request.degreeDays.cap, method: request.degreeDays.method, seasonStart: start.description, seasonEnd: end.description,
            predictors: Self.predictors,
            forecast: .init(year: year, degreeDays: target.gdd, precipitationMm: target.rain, yield: p80.mean,
                            interval80: .init(low: p80.low, high: p80.high), interval95: .init(low: p95.low, high: p95.high)),
            model: Self.summary(model, yields: yields), yearsUsed: used, skipped: skipped,
            sources: Array(Set(records.map(\.source))).sorted())
    }

    /// Coefficients with the conventional intercept, R² = 1 − RSS/TSS.
    static func summary(_ model: YieldRegression, yields: [Double]) -> YieldForecastReport.Model {
        let mean = yields.reduce(0, +) / Double(yields.count)
        let total = yields.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let residual = model.residualStandardError * model.residualStandardError * Double(model.degreesOfFreedom)
        let slopes = Array(model.coefficients.dropFirst()), errors = model.standardErrors
        let intercept = model.coefficients[0] - zip(slopes, model.means).reduce(0) { $0 + $1.0 * $1.1 }
        var coefficients = [YieldForecastReport.Coefficient(name: "intercept", value: intercept, standardError: nil)]
        for (j, name) in model.predictors.enumerated() {
            coefficients.append(.init(name: name, value: slopes[j], standardError: errors[j + 1]))
        }
        return .init(n: model.observations, rSquared: 1 - residual / total, residualStandardError: model.residualStandardError,
                     degreesOfFreedom: model.degreesOfFreedom, coefficients: coefficients)
    }

    /// The cell of `h3`, or the `resolution` cell of `lat`/`lng`.
    static func cell(_ parameters: QueryParameters, resolution: Int) throws -> UInt64 {
        if let cell = try parameters.cell("h3") { return cell }
        guard let lat = try parameters.number("lat"), let lng = try parameters.number("lng") else {
            throw EcoError.badRequest("Give the region's cell as h3=871fb4673ffffff, or a point as lat=48.85&lng=2.35 (with resolution=, default 7).")
        }
        guard (-90...90).contains(lat), (-180...180).contains(lng) else {
            throw EcoError.badRequest("lat must be within -90…90 and lng within -180…180; got \(lat), \(lng).")
        }
        return Spatial.parent(of: Spatial.cell15(lat: lat, lng: lng), resolution: resolution)
    }

    /// The history rows of `crop` in one region (the `region` parameter, or the only region of the file), by year.
    static func records(_ csv: String, crop: String, region: String?) throws -> (String, [YieldRecord]) {
        let all = try cropCall { () throws(CropIndexError) in try YieldHistory.parse(csv) }.filter { $0.crop == crop }
        let regions = Set(all.map(\.region)).sorted()
        guard let chosen = region ?? (regions.count == 1 ? regions[0] : nil) else {
            throw EcoError.badRequest(regions.isEmpty
                ? "The yield history has no \(crop) rows; post the CSV region,crop,year,yield,unit,source with rows of crop \(crop)."
                : "The yield history holds \(crop) for \(regions.joined(separator: ", ")); choose one with region=.")
        }
        let rows = all.filter { $0.region == chosen }.sorted { $0.year < $1.year }
        guard !rows.isEmpty else { throw EcoError.badRequest("The yield history has no \(crop) rows for region '\(chosen)'; it has \(regions.joined(separator: ", ")).") }
        return (chosen, rows)
    }
}

/// Why a year's season has no aggregate.
struct YieldSkip: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
