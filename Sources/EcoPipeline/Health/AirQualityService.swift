import EcoAnalytics
import EcoCore
import EcoStore

/// Air quality indices per H3 cell or per station from stored observations (`GET /api/v1/health/air-quality`,
/// and the cells the air quality watch alerts on).
///
/// The pollutant variables of the catalogue (pm25, pm10, o3, no2, so2, co) are read as hourly means from the
/// hourly rollups — all series of a cell merged, or one station's series — over the 24 hours up to and
/// including the hour that holds `at`, converted from the catalogue's canonical unit into the scale's, averaged
/// as ``HourlyAveraging`` says, rated, and combined into the overall index with its dominant pollutant(s).
public struct AirQualityService: Sendable {
    let observations: any ObservationStore
    let variables: VariableRegistry

    public init(observations: any ObservationStore, variables: VariableRegistry) {
        self.observations = observations
        self.variables = variables
    }

    /// Where readings are merged: all series of a cell at a resolution, or each station.
    public enum Grouping: Sendable, Equatable {
        case cell(resolution: Int)
        case station
    }

    enum By: String, CaseIterable { case cell, station }

    /// The index of one place: the highest sub-index of its readings (US EPA TAD §IV), or null with a reason.
    public struct Place: Encodable, Sendable {
        /// The cell (at the requested resolution), or the station's resolution-15 cell.
        public var h3Index: String
        public var stationId: String?
        public var source: String?
        public var lat: Double?
        public var lng: Double?
        @ExplicitNull public var aqi: Int?
        @ExplicitNull public var category: String?
        @ExplicitNull public var color: String?
        public var dominantPollutants: [AirPollutant]
        public var reason: String?
        public var readings: [IndexReadingJSON]
        /// Averaging periods the data did not allow, and why.
        public var notes: [String]
    }

    /// The answer of `GET /api/v1/health/air-quality`.
    public struct Report: Encodable, Sendable {
        public var scale: String
        public var averaging: String
        public var by: String
        public var resolution: Int?
        /// End (exclusive) of the last hour rated, and start of the 24 hours read; nil without data.
        public var windowEnd: String?
        public var windowStart: String?
        public var data: [Place]
    }

    /// The report for a request: `scale`, `averaging` (standard, nowcast), `by` (cell, station), `resolution`,
    /// `pollutants` (comma-separated; default all the scale covers), `at` (default: the newest observation), and
    /// the region filters of observation reads (`h3`, `bbox`, `source`, `stationId`).
    public func report(_ parameters: QueryParameters) async throws -> Report {
        let scale = try AirQualityCalculator.scale(parameters)
        let averaging: AirQualityAveraging = try parameters.choice("averaging", default: .standard)
        if averaging == .nowcast, !(scale is EPAAirQualityIndex) {
            throw EcoError.badRequest("averaging=nowcast is the US EPA's real-time method; use it with scale=us-epa-2024, or averaging=standard.")
        }
        let by: By = try parameters.choice("by", default: .cell)
        let grouping: Grouping = by == .cell ? .cell(resolution: try parameters.resolution()) : .station
        if parameters.string("variable") != nil {
            throw EcoError.badRequest("Use 'pollutants' (e.g. pollutants=pm25,o3), not 'variable': the index combines several pollutant variables.")
        }
        var filter = try parameters.seriesFilter(catalogue: variables.catalogue)
        var series: [SeriesInfo] = []
        for pollutant in try pollutants(parameters, scale: scale) {
            filter.variable = pollutant.rawValue
            series += try await observations.series(matching: filter)
        }
        var report = Report(scale: scale.identifier, averaging: averaging.rawValue, by: by.rawValue,
                            resolution: by == .cell ? try parameters.resolution() : nil, windowEnd: nil, windowStart: nil, data: [])
        guard let at = try parameters.time("at") ?? series.map(\.lastObservedAtMs).max() else { return report }
        let end = TimeBucket.hour.start(ofMs: at) + 3_600_000
        report.windowEnd = Timestamp.format(ms: end)
        report.windowStart = Timestamp.format(ms: end - Int64(HourlyAveraging.windowHours) * 3_600_000)
        report.data = try await places(series, scale: scale, averaging: averaging, grouping: grouping, endMs: end)
        return report
    }

    /// The pollutants asked for, or every one the scale covers.
    func pollutants(_ parameters: QueryParameters, scale: any AirQualityIndexScale) throws -> [AirPollutant] {
        let covered = AirPollutant.allCases.filter { !scale.averagingPeriods(for: $0).isEmpty }
        guard let text = parameters.string("pollutants") else { return covered }
        return try text.split(separator: ",").map { name in
            let pollutant = try indexCall { () throws(AirQualityIndexError) in try AirPollutant(parsing: String(name)) }
            guard covered.contains(pollutant) else { throw AirQualityIndexError.pollutantNotInScale(scale: scale.identifier, pollutant: pollutant).ecoError }
            return pollutant
        }
    }

    private struct PlaceKey: Hashable {
        var cell: UInt64
        var station: String?
    }

    /// The index of every place with pollutant data in the 24 hours before `endMs` (an hour boundary), ordered by
    /// cell then station.
    public func places(_ series: [SeriesInfo], scale: any AirQualityIndexScale, averaging: AirQualityAveraging, grouping: Grouping,
                       endMs: Int64) async throws -> [Place] {
        let hours = HourlyAveraging.windowHours
        let window = TimeWindow(startMs: endMs - Int64(hours) * 3_600_000, endMs: endMs)
        var groups: [PlaceKey: [AirPollutant: [SeriesInfo]]] = [:]
        for item in series where item.lastObservedAtMs >= window.startMs {
            guard let pollutant = AirPollutant(rawValue: item.key.variable) else { continue }
            let key = switch grouping {
            case .cell(let resolution): PlaceKey(cell: Spatial.parent(of: item.key.cell, resolution: resolution), station: nil)
            case .station: PlaceKey(cell: item.key.cell, station: "\(item.key.organization)\u{1}\(item.key.source)\u{1}\(item.key.stationId)")
            }
            groups[key, default: [:]][pollutant, default: []].append(item)
        }
        var places: [Place] = []
        for (key, byPollutant) in groups {
            var readings: [HourlyReading] = []
            var notes: [String] = []
            for pollutant in AirPollutant.allCases {
                guard let members = byPollutant[pollutant], let variable = variables.catalogue[pollutant.rawValue] else { continue }
                let buckets = try await observations.buckets(of: members.map(\.id), window: window, bucket: .hour, rawValueLimit: 0).buckets
                var hourly = [Double?](repeating: nil, count: hours)
                for bucket in buckets {
                    let index = Int((bucket.startMs - window.startMs) / 3_600_000)
                    if (0..<hours).contains(index) { hourly[index] = bucket.stats.mean }
                }
                let converted = try indexCall { () throws(AirQualityIndexError) -> [Double?] in
                    let conversion = try PollutantUnits.conversion(from: variable.unit, to: scale.unit(for: pollutant), pollutant: pollutant)
                    return hourly.map { $0.map(conversion.apply) }
                }
                let rated = try indexCall { () throws(AirQualityIndexError) in
                    try HourlyAveraging.readings(pollutant, hourly: converted, scale: scale, averaging: averaging)
                }
                readings += rated.readings
                notes += rated.notes
            }
            let first = byPollutant.values.first?.first
            let isStation = key.station != nil
            let overall = scale.overall(readings.map(\.reading))
            places.append(Place(
                h3Index: Spatial.hex(key.cell), stationId: isStation ? first?.key.stationId : nil, source: isStation ? first?.key.source : nil,
                lat: isStation ? first?.lat : nil, lng: isStation ? first?.lng : nil, aqi: overall.aqi, category: overall.category,
                color: overall.color, dominantPollutants: overall.dominantPollutants, reason: overall.reason,
                readings: readings.map(IndexReadingJSON.init), notes: notes))
        }
        return places.sorted { ($0.h3Index, $0.stationId ?? "") < ($1.h3Index, $1.stationId ?? "") }
    }
}
