import EcoAnalytics

/// The answer of `POST /api/v1/food/yield-forecast` (``YieldForecastService``). Yields in t/ha, degree days in
/// °C·day, precipitation in mm.
public struct YieldForecastReport: Encodable, Sendable {
    public var region: String
    public var crop: String
    public var h3Index: String
    public var baseTemperature: Double
    public var upperTemperature: Double?
    public var method: GrowingDegreeDays.Method
    /// The season as MM-DD, first and last day.
    public var seasonStart: String
    public var seasonEnd: String
    public var predictors: [String]
    public var forecast: Forecast
    public var model: Model
    public var yearsUsed: [Year]
    /// History years not in the fit, each with the reason.
    public var skipped: [Skipped]
    /// The `source` column of the history rows used.
    public var sources: [String]
    /// The registered model that made the forecast (`model=`); absent when the request's history was fitted.
    public var registeredModel: RegisteredModel? = nil

    public struct RegisteredModel: Encodable, Sendable {
        public var name: String
        public var version: Int
        public var stage: String
        /// The forecast season is one the model was fitted on: the interval is then not a fair test of it.
        public var inSample: Bool
    }

    public struct Forecast: Encodable, Sendable {
        public var year: Int
        public var degreeDays: Double
        public var precipitationMm: Double
        public var yield: Double
        public var interval80: Interval
        public var interval95: Interval
    }

    public struct Interval: Encodable, Sendable {
        public var low: Double
        public var high: Double
    }

    public struct Model: Encodable, Sendable {
        public var n: Int
        public var rSquared: Double
        public var residualStandardError: Double
        public var degreesOfFreedom: Int
        /// Root mean square of each year's error when the model is refitted without it (null when one year alone
        /// decides a coefficient).
        public var leaveOneOutRmse: Double?
        /// `intercept` (at zero predictors), then one slope per predictor with its standard error.
        public var coefficients: [Coefficient]
    }

    public struct Coefficient: Encodable, Sendable {
        public var name: String
        public var value: Double
        public var standardError: Double?
    }

    public struct Year: Codable, Sendable {
        public var year: Int
        public var yield: Double
        public var degreeDays: Double
        public var precipitationMm: Double
    }

    public struct Skipped: Encodable, Sendable {
        public var year: Int
        public var reason: String
    }
}
