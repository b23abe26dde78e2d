import EcoAnalytics
import EcoCore
import EcoStore

/// Growing-season condition per H3 cell from stored observations (`GET /api/v1/food/crop-monitoring`):
/// growing degree days from the daily extremes of `temperature_2m` (``GrowingDegreeDays``), the precipitation
/// total, each compared with the same span of the cell's earlier seasons (``SeasonComparison``), and the SPI of
/// the season's latest complete month (``StandardizedPrecipitationIndex``, monthly totals as
/// ``DroughtIndexService`` builds them).
///
/// Daily values are UTC days: a series' daily minimum and maximum (one reading a day gives min = max), and its
/// daily precipitation total; each is averaged over the cell's series that have the day. A sum needs every day
/// (WMO-No. 1203: a missing day cannot be estimated for a total), so an earlier season enters the climatology
/// only when every day of the span has data, and the current one is compared only when it is complete too.
public struct CropMonitoringService: Sendable {
    let observations: any ObservationStore
    let variables: VariableRegistry

    public init(observations: any ObservationStore, variables: VariableRegistry) {
        self.observations = observations
        self.variables = variables
    }

    /// What a request asks for, checked.
    struct Request {
        var crop: CropParameters
        var degreeDays: GrowingDegreeDays
        var seasonStart: SeasonDay?
        var seasonEnd: SeasonDay?
        var year: Int?
        var minYears: Int
        var spiScale: Int
        var resolution: Int
    }

    /// The report for `crop` (maize, soybean, wheat, or custom), optionally `baseTemperature`, `upperTemperature`,
    /// `method` (average, clamped), `seasonStart`/`seasonEnd` (MM-DD), `year`, `minYears` (climatology, default 10),
    /// `scale` (SPI months, default 3), `resolution` (default 7), and the region filters `h3`, `bbox`, `source`.
    public func report(_ parameters: QueryParameters) async throws -> CropMonitoringReport {
        let request = try Self.request(parameters)
        var filter = try parameters.seriesFilter(catalogue: variables.catalogue)
        filter.variable = "temperature_2m"
        let temperature = try await observations.series(matching: filter)
        filter.variable = "precipitation"
        let precipitation = try await observations.series(matching: filter)
        var cells: [UInt64: (temperature: [SeriesInfo], precipitation: [SeriesInfo])] = [:]
        for item in temperature { cells[Spatial.parent(of: item.key.cell, resolution: request.resolution), default: ([], [])].temperature.append(item) }
        for item in precipitation { cells[Spatial.parent(of: item.key.cell, resolution: request.resolution), default: ([], [])].precipitation.append(item) }
        var data: [CropMonitoringReport.Cell] = []
        for (cell, series) in cells.sorted(by: { $0.key < $1.key }) {
            data.append(try await condition(of: cell, temperature: series.temperature, precipitation: series.precipitation, request: request))
        }
        return CropMonitoringReport(
            crop: request.crop.id, cropName: request.crop.name, baseTemperature: request.degreeDays.base, upperTemperature: request.degreeDays.cap,
            method: request.degreeDays.method, thresholdsSource: request.crop.source, resolution: request.resolution,
            minYears: request.minYears, spiScale: request.spiScale, data: data)
    }

    static func request(_ parameters: QueryParameters) throws -> Request {
        let name = try parameters.required("crop", example: "maize")
        let seasonStart = try parameters.string("seasonStart").map { text in try cropCall { () throws(CropIndexError) in try SeasonDay(parsing: text) } }
        let seasonEnd = try parameters.string("seasonEnd").map { text in try cropCall { () throws(CropIndexError) in try SeasonDay(parsing: text) } }
        let base = try parameters.number("baseTemperature")
        var crop: CropParameters
        if name == "custom" {
            guard let base, let seasonStart, let seasonEnd else {
                throw EcoError.badRequest("crop=custom needs baseTemperature (°C), seasonStart and seasonEnd (MM-DD), e.g. crop=custom&baseTemperature=8&seasonStart=04-15&seasonEnd=09-15.")
            }
            crop = CropParameters(id: "custom", name: "Custom", base: base, cap: nil, method: .average, seasonStart: seasonStart,
                                  seasonEnd: seasonEnd, source: "thresholds given in the request")
        } else {
            crop = try cropCall { () throws(CropIndexError) in try CropCalendar.crop(name) }
        }
        let method: GrowingDegreeDays.Method = try parameters.choice("method", default: crop.method)
        let cap = try parameters.number("upperTemperature") ?? crop.cap
        let degreeDays = try cropCall { () throws(CropIndexError) in try GrowingDegreeDays(base: base ?? crop.base, cap: cap, method: method) }
        if base != nil || parameters.string("upperTemperature") != nil { crop.source = "thresholds given in the request" }
        return Request(
            crop: crop, degreeDays: degreeDays, seasonStart: seasonStart, seasonEnd: seasonEnd,
            year: parameters.string("year") == nil ? nil : try parameters.int("year", default: 0, range: 1900...2200),
            minYears: try parameters.int("minYears", default: 10, range: 2...100), spiScale: try parameters.int("scale", default: 3, range: 1...24),
            resolution: try parameters.resolution())
    }

    /// The season condition of one cell.
    func condition(of cell: UInt64, temperature: [SeriesInfo], precipitation: [SeriesInfo], request: Request) async throws -> CropMonitoringReport.Cell {
        let (start, end) = Self.seasonBounds(of: cell, request: request)
        let newestDay = Int(((temperature + precipitation).map(\.lastObservedAtMs).max() ?? 0) / 86_400_000)
        let season = request.year.map { CropSeason(year: $0, start: start, end: end) } ?? CropSeason.latest(startedBy: newestDay, start: start, end: end)
        let through = min(season.endDay, newestDay)
        let window = TimeWindow(startMs: .min, endMs: Int64(season.endDay + 1) * 86_400_000)
        let (extremes, _) = try await daily(temperature, window: window) { ($0.min, $0.max) }
        let (totals, monthlyTotals) = try await daily(precipitation, window: window) { ($0.sum, $0.sum) }
        var result = CropMonitoringReport.Cell(
            h3Index: Spatial.hex(cell),
            season: .init(year: season.year, start: CropSeason.text(day: season.startDay), end: CropSeason.text(day: season.endDay),
                          through: CropSeason.text(day: max(through, season.startDay)), days: max(0, through - season.startDay + 1),
                          complete: through == season.endDay),
            temperatureSeries: temperature.count, precipitationSeries: precipitation.count, degreeDays: nil, precipitationMm: nil, drought: nil, notes: [])
        guard through >= season.startDay else {
            result.notes.append("No data in the \(season.year) season (from \(result.season.start)); the newest day with data is \(CropSeason.text(day: newestDay)).")
            return result
        }
        let span = season.startDay...through
        let hasTemperature = extremes.keys.contains { span.contains($0) }, hasPrecipitation = totals.keys.contains { span.contains($0) }
        if hasTemperature {
            result.degreeDays = accumulate(span, season: season, request: request, days: extremes) { request.degreeDays.day(min: $0.0, max: $0.1) }
        } else {
            result.notes.append("No temperature_2m data in the season so far: no growing degree days.")
        }
        if hasPrecipitation {
            result.precipitationMm = accumulate(span, season: season, request: request, days: totals) { $0.0 }
            result.drought = drought(monthlyTotals, through: through, scale: request.spiScale)
        } else {
            result.notes.append("No precipitation data in the season so far: no precipitation anomaly or drought index.")
        }
        return result
    }

    /// The season's first and last day in `cell`: the request's, else the crop's. Defaults are Northern Hemisphere
    /// seasons; south of the equator they move by half a year.
    static func seasonBounds(of cell: UInt64, request: Request) -> (start: SeasonDay, end: SeasonDay) {
        let south = Spatial.center(of: cell).lat < 0
        return (request.seasonStart ?? (south ? request.crop.seasonStart.shiftedHalfYear : request.crop.seasonStart),
                request.seasonEnd ?? (south ? request.crop.seasonEnd.shiftedHalfYear : request.crop.seasonEnd))
    }

    /// The sum of `value` over `span`, compared with the same days of every earlier season that has them all.
    func accumulate(_ span: ClosedRange<Int>, season: CropSeason, request: Request, days: [Int: (Double, Double)],
                    value: ((Double, Double)) -> Double) -> CropMonitoringReport.Accumulation {
        func sum(_ range: ClosedRange<Int>) -> (total: Double, days: Int) {
            var total = 0.0, count = 0
            for day in range { if let entry = days[day] { total += value(entry); count += 1 } }
            return (total, count)
        }
        let current = sum(span)
        var past: [Double] = []
        let firstYear = days.keys.min().map { CivilDate.date(fromDays: $0).year } ?? season.year
        for year in stride(from: season.year - 1, through: firstYear - 1, by: -1) {
            // The same days counted from the same season start in an earlier year.
            let offset = CropSeason(year: year, start: season.start, end: season.end).startDay - season.startDay
            let shifted = (span.lowerBound + offset)...(span.upperBound + offset)
            let total = sum(shifted)
            if total.days == shifted.count { past.append(total.total) }
        }
        var comparison = SeasonComparison(value: current.total, past: past, minimumYears: request.minYears)
        if current.days < span.count {
            comparison = SeasonComparison(value: current.total, past: [], minimumYears: 0)
            comparison.years = past.count
            comparison.reason = "\(current.days) of the season's \(span.count) days so far have data; a sum with missing days is not compared with the climatology."
        }
        return CropMonitoringReport.Accumulation(comparison, daysWithData: current.days)
    }

    /// Daily values of `series` (averaged over the series that have the day), and the monthly totals of complete
    /// months (averaged the same way) for the SPI.
    func daily(_ series: [SeriesInfo], window: TimeWindow, pick: (RunningStats) -> (Double, Double)) async throws
        -> ([Int: (Double, Double)], [YearMonth: Double]) {
        try await Self.daily(series, window: window, observations: observations, pick: pick)
    }

    /// ``daily(_:window:pick:)`` from any observation store.
    static func daily(_ series: [SeriesInfo], window: TimeWindow, observations: any ObservationStore, pick: (RunningStats) -> (Double, Double)) async throws
        -> ([Int: (Double, Double)], [YearMonth: Double]) {
        var days: [Int: (a: Double, b: Double, n: Int)] = [:]
        var months: [YearMonth: (total: Double, n: Int)] = [:]
        for item in series {
            let buckets = try await observations.buckets(of: [item.id], window: window, bucket: .day, rawValueLimit: 0).buckets
            for bucket in buckets where bucket.stats.count > 0 {
                let (a, b) = pick(bucket.stats)
                let day = Int(bucket.startMs / 86_400_000)
                days[day, default: (0, 0, 0)].a += a
                days[day, default: (0, 0, 0)].b += b
                days[day, default: (0, 0, 0)].n += 1
            }
            for (month, total) in MonthlyFromDaily.totals(buckets) {
                months[month, default: (0, 0)].total += total
                months[month, default: (0, 0)].n += 1
            }
        }
        return (days.mapValues { ($0.a / Double($0.n), $0.b / Double($0.n)) }, months.mapValues { $0.total / Double($0.n) })
    }

    /// The SPI at `scale` of the latest month with a value up to the month of `through`.
    func drought(_ totals: [YearMonth: Double], through: Int, scale: Int) -> CropMonitoringReport.Drought {
        var result = CropMonitoringReport.Drought(scale: scale)
        let date = CivilDate.date(fromDays: through)
        let last = YearMonth(year: date.year, month: date.month)
        guard let first = totals.keys.min(), first <= last else {
            result.reason = "No complete month of precipitation (every day must have data) up to \(last)."
            return result
        }
        let months = (0...(last.ordinal - first.ordinal)).map { first.advanced(by: $0) }
        var options = StandardizedIndexOptions(scale: scale)
        options.minimumYears = 30
        do throws(DroughtIndexError) {
            let series = try StandardizedPrecipitationIndex.compute(precipitation: months.map { totals[$0] }, start: first, options: options)
            guard let index = series.values.lastIndex(where: { $0 != nil }), let value = series.values[index] else {
                result.reason = "No month up to \(last) has an SPI-\(scale) value."
                return result
            }
            result.month = months[index].description
            result.value = value
            result.category = DroughtCategory(value: value).rawValue
        } catch {
            result.reason = error.description
        }
        return result
    }
}

/// Runs a crop-index call, turning its error into a 400 with the same text.
func cropCall<T>(_ body: () throws(CropIndexError) -> T) throws -> T {
    do { return try body() } catch { throw EcoError.badRequest(error.description) }
}

extension QueryParameters {
    /// A finite number, when given.
    func number(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw EcoError.badRequest("'\(name)' must be a number; got '\(text)'.")
        }
        return value
    }
}
