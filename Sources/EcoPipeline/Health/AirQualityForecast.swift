import EcoAnalytics
import EcoCore
import EcoStore

/// AQI bands ahead for one cell (`GET /api/v1/health/air-quality/{h3}/forecast`), from the pollutant forecasts
/// of ``ForecastService`` (hourly p10/p50/p90 of each pollutant, stored and reused like any forecast).
///
/// Each band is a path: at every forecast hour, the mean over the pollutant's averaging period (24 h for PM,
/// 8 h for O3 and CO, 1 h for NO2 and SO2 on the US EPA scale) of the observed hourly means before the
/// forecast followed by that band's forecast values, rated on the scale's table. Averaging a p90 path gives the
/// p90 of the mean only if forecast errors move together from hour to hour; they mostly do (a forecast that is
/// high at one hour is high at the next), so the band is the conservative, wider one.
public struct AirQualityForecast: Sendable {
    let forecasts: ForecastService
    let observations: any ObservationStore
    let variables: VariableRegistry

    public init(forecasts: ForecastService, observations: any ObservationStore, variables: VariableRegistry) {
        self.forecasts = forecasts
        self.observations = observations
        self.variables = variables
    }

    /// One band at one hour: the averaged concentration in the scale's unit and its index.
    public struct Band: Encodable, Sendable {
        @ExplicitNull public var concentration: Double?
        @ExplicitNull public var aqi: Int?
        @ExplicitNull public var category: String?
        @ExplicitNull public var color: String?
        public var reason: String?
    }

    public struct Step: Encodable, Sendable {
        public var forecastTime: String
        public var leadHours: Double
        public var p10: Band
        public var p50: Band
        public var p90: Band
    }

    public struct PollutantForecast: Encodable, Sendable {
        public var pollutant: AirPollutant
        public var averaging: AveragingPeriod
        public var unit: String
        public var modelName: String
        public var dataUntil: String?
        public var steps: [Step]
    }

    /// The overall index of a band at one hour: the highest pollutant, and which.
    public struct OverallBand: Encodable, Sendable {
        @ExplicitNull public var aqi: Int?
        @ExplicitNull public var category: String?
        @ExplicitNull public var color: String?
        public var dominantPollutants: [AirPollutant]
    }

    public struct OverallStep: Encodable, Sendable {
        public var forecastTime: String
        public var p10: OverallBand
        public var p50: OverallBand
        public var p90: OverallBand
    }

    public struct Body: Encodable, Sendable {
        public var h3Index: String
        public var scale: String
        public var pollutants: [PollutantForecast]
        /// Hours where every pollutant has a step.
        public var overall: [OverallStep]
    }

    /// The forecast for the cell `hex`: `pollutant` (one, default every pollutant with data in the cell), `horizon`
    /// (hours, default 24), `scale`, and the forecast's `model`, `season` and `historyDays`.
    public func forecast(cell hex: String, parameters: QueryParameters, nowMs: Int64) async throws -> Body {
        guard let cell = Spatial.cell(hex: hex) else {
            throw EcoError.badRequest("'\(hex)' is not an H3 cell id; use 15 hex digits such as 872830828ffffff.")
        }
        let scale = try AirQualityCalculator.scale(parameters)
        let asked = try parameters.string("pollutant").map { text in try indexCall { () throws(AirQualityIndexError) in try AirPollutant(parsing: text) } }
        var candidates = AirPollutant.allCases.filter { !scale.averagingPeriods(for: $0).isEmpty }
        if let asked {
            guard candidates.contains(asked) else { throw AirQualityIndexError.pollutantNotInScale(scale: scale.identifier, pollutant: asked).ecoError }
            candidates = [asked]
        }
        var present: [(AirPollutant, [SeriesInfo])] = []
        for pollutant in candidates {
            var filter = SeriesFilter(variable: pollutant.rawValue, cellRanges: [Spatial.range15(of: cell)])
            filter.organizations = parameters.readableOrganizations
            let series = try await observations.series(matching: filter)
            if !series.isEmpty || asked != nil { present.append((pollutant, series)) }
        }
        guard !present.isEmpty else {
            throw EcoError.notFound("No pollutant series lies in cell \(Spatial.hex(cell)); GET /api/v1/health/air-quality shows where there is data.")
        }
        var body = Body(h3Index: Spatial.hex(cell), scale: scale.identifier, pollutants: [], overall: [])
        for (pollutant, series) in present {
            body.pollutants.append(try await forecast(pollutant, series: series, cell: cell, scale: scale, parameters: parameters, nowMs: nowMs))
        }
        body.overall = Self.overall(body.pollutants, scale: scale)
        return body
    }

    /// The forecast of one pollutant's bands.
    func forecast(_ pollutant: AirPollutant, series: [SeriesInfo], cell: UInt64, scale: any AirQualityIndexScale, parameters: QueryParameters,
                  nowMs: Int64) async throws -> PollutantForecast {
        var values = parameters.values.filter { ["horizon", "model", "season", "historyDays"].contains($0.key) }
        values["h3"] = Spatial.hex(cell)
        values["variable"] = pollutant.rawValue
        let request = try ForecastService.Request(QueryParameters(values, readableOrganizations: parameters.readableOrganizations),
                                                  catalogue: variables.catalogue)
        let (document, _) = try await forecasts.forecast(request, nowMs: nowMs)
        let averaging = Self.averaging(pollutant, scale: scale)
        let hours = HourlyAveraging.hours(averaging) ?? 1
        let unit = scale.unit(for: pollutant)
        let catalogueUnit = variables.catalogue[pollutant.rawValue]?.unit
        let conversion = try indexCall { () throws(AirQualityIndexError) in
            try PollutantUnits.conversion(from: catalogueUnit, to: unit, pollutant: pollutant)
        }
        let times = document.forecasts.map { Timestamp.parse($0.forecastTime) ?? 0 }
        let history = try await observedHours(before: times.first ?? nowMs, count: hours - 1, series: series).map { $0.map(conversion.apply) }
        func band(_ path: [Double], at index: Int) -> Band {
            let window = (history + path[...index].map(Optional.some)).suffix(hours).compactMap { $0 }
            let mean = window.reduce(0, +) / Double(window.count)
            guard let reading = try? scale.rate(pollutant, averaging, concentration: max(0, mean)) else {
                return Band(concentration: mean, aqi: nil, category: nil, color: nil, reason: "The forecast value cannot be rated.")
            }
            return Band(concentration: mean, aqi: reading.aqi, category: reading.category, color: reading.color, reason: reading.reason)
        }
        let p10 = document.forecasts.map { conversion.apply(max(0, $0.valueP10)) }
        let p50 = document.forecasts.map { conversion.apply(max(0, $0.valueP50)) }
        let p90 = document.forecasts.map { conversion.apply(max(0, $0.valueP90)) }
        let steps = document.forecasts.indices.map { index in
            Step(forecastTime: document.forecasts[index].forecastTime, leadHours: document.forecasts[index].leadHours,
                 p10: band(p10, at: index), p50: band(p50, at: index), p90: band(p90, at: index))
        }
        return PollutantForecast(pollutant: pollutant, averaging: averaging, unit: unit, modelName: document.modelName,
                                 dataUntil: document.dataUntil, steps: steps)
    }

    /// The merged hourly means of `series` in the `count` hours before `startMs` (oldest first; nil: no data).
    func observedHours(before startMs: Int64, count: Int, series: [SeriesInfo]) async throws -> [Double?] {
        guard count > 0 else { return [] }
        let end = TimeBucket.hour.start(ofMs: startMs)
        let window = TimeWindow(startMs: end - Int64(count) * 3_600_000, endMs: end)
        var hourly = [Double?](repeating: nil, count: count)
        for bucket in try await observations.buckets(of: series.map(\.id), window: window, bucket: .hour, rawValueLimit: 0).buckets {
            let index = Int((bucket.startMs - window.startMs) / 3_600_000)
            if (0..<count).contains(index) { hourly[index] = bucket.stats.mean }
        }
        return hourly
    }

    /// The averaging period a forecast band is rated on: 8 hours for O3 where the scale has it (the EPA reports
    /// ozone on the 8-hour table; its 1-hour table starts at AQI 101), else the shortest period the scale defines.
    static func averaging(_ pollutant: AirPollutant, scale: any AirQualityIndexScale) -> AveragingPeriod {
        let periods = scale.averagingPeriods(for: pollutant).filter { HourlyAveraging.hours($0) != nil }
        if pollutant == .o3, periods.contains(.eightHour) { return .eightHour }
        return periods.first ?? .oneHour
    }

    /// The overall index of each band at the hours every pollutant forecasts.
    static func overall(_ pollutants: [PollutantForecast], scale: any AirQualityIndexScale) -> [OverallStep] {
        guard let first = pollutants.first else { return [] }
        var byTime: [String: [(PollutantForecast, Step)]] = [:]
        for forecast in pollutants {
            for step in forecast.steps { byTime[step.forecastTime, default: []].append((forecast, step)) }
        }
        return first.steps.compactMap { step in
            guard let entries = byTime[step.forecastTime], entries.count == pollutants.count else { return nil }
            func combined(_ band: KeyPath<Step, Band>) -> OverallBand {
                let readings = entries.map { forecast, step in
                    let value = step[keyPath: band]
                    return IndexReading(scale: scale.identifier, pollutant: forecast.pollutant, averaging: forecast.averaging,
                                        concentration: value.concentration ?? 0, unit: forecast.unit, truncatedConcentration: value.concentration ?? 0,
                                        aqi: value.aqi, category: value.category, color: value.color, reason: value.reason)
                }
                let overall = scale.overall(readings)
                return OverallBand(aqi: overall.aqi, category: overall.category, color: overall.color, dominantPollutants: overall.dominantPollutants)
            }
            return OverallStep(forecastTime: step.forecastTime, p10: combined(\.p10), p50: combined(\.p50), p90: combined(\.p90))
        }
    }
}
