import EcoAnalytics
import EcoCore

/// The answer of `GET /api/v1/food/crop-monitoring` (``CropMonitoringService``).
public struct CropMonitoringReport: Encodable, Sendable {
    public var crop: String
    public var cropName: String
    public var baseTemperature: Double
    public var upperTemperature: Double?
    public var method: GrowingDegreeDays.Method
    public var thresholdsSource: String
    public var resolution: Int
    public var minYears: Int
    public var spiScale: Int
    public var data: [Cell]

    /// One cell's season so far.
    public struct Cell: Encodable, Sendable {
        public var h3Index: String
        public var season: Season
        public var temperatureSeries: Int
        public var precipitationSeries: Int
        /// Growing degree days (°C·day) from season start through `season.through`.
        public var degreeDays: Accumulation?
        /// Precipitation total (mm) over the same days.
        public var precipitationMm: Accumulation?
        public var drought: Drought?
        public var notes: [String]
    }

    public struct Season: Encodable, Sendable {
        /// The year the season ends in.
        public var year: Int
        public var start: String
        public var end: String
        /// Last day counted: the season's end, or the newest day with data before it.
        public var through: String
        public var days: Int
        public var complete: Bool
    }

    /// A season's sum compared with the same span of the cell's earlier seasons.
    public struct Accumulation: Encodable, Sendable {
        public var value: Double
        public var daysWithData: Int
        public var climatologyYears: Int
        public var normal: Double?
        public var anomaly: Double?
        public var percentOfNormal: Double?
        public var zScore: Double?
        public var reason: String?

        init(_ comparison: SeasonComparison, daysWithData: Int) {
            value = comparison.value
            self.daysWithData = daysWithData
            climatologyYears = comparison.years
            normal = comparison.normal
            anomaly = comparison.anomaly
            percentOfNormal = comparison.percentOfNormal
            zScore = comparison.zScore
            reason = comparison.reason
        }
    }

    /// The SPI of the latest complete month of the season.
    public struct Drought: Encodable, Sendable {
        public var index = "spi"
        public var scale: Int
        public var month: String?
        public var value: Double?
        public var category: String?
        public var reason: String?
    }
}
