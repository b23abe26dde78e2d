import EcoAnalytics
import EcoCore

/// The answer of the drought index endpoints: one row per month, and why calendar months have no values.
public struct DroughtIndexDocument: Encodable, Sendable {
    /// One month: `value` and `category` are null until the scale has data, where a month in the window is
    /// missing, or where the calendar month could not be fitted.
    public struct Row: Encodable, Sendable {
        public var month: String
        @ExplicitNull public var value: Double?
        @ExplicitNull public var category: DroughtCategory?
        /// The inputs of the month, from stored data (GET only).
        public var precipitationMm: Double?
        public var temperatureC: Double?
        public var petMm: Double?
    }

    public var index: DroughtIndexKind
    public var scale: Int
    public var minYears: Int
    public var calibration: String?
    /// The cell of a stored-data index, its precipitation series and the latitude used for PET.
    public var h3Index: String?
    public var stations: Int?
    public var latitude: Double?
    public var petMethod: String?
    public var data: [Row]
    /// Calendar month (1–12, as a string) → why it has no values.
    public var undefinedMonths: [String: String]

    /// Rows for `series`, with the record's inputs when `withInputs`.
    init(_ series: StandardizedIndexSeries, kind: DroughtIndexKind, options: StandardizedIndexOptions, record: MonthlyClimateRecord? = nil,
         pet: [Double?]? = nil) {
        index = kind
        scale = options.scale
        minYears = options.minimumYears
        calibration = options.calibrationYears.map { "\($0.lowerBound)-\($0.upperBound)" }
        data = series.values.enumerated().map { offset, value in
            Row(month: series.start.advanced(by: offset).description, value: value, category: value.map(DroughtCategory.init(value:)),
                precipitationMm: record?.precipitationMm[offset], temperatureC: record?.temperatureC?[offset], petMm: pet?[offset])
        }
        undefinedMonths = Dictionary(uniqueKeysWithValues: series.undefinedMonths.map { (String($0.key), $0.value) })
    }
}

extension DroughtIndexError {
    /// The same sentence as a typed domain error: the input is readable but cannot give an index (422).
    public var ecoError: EcoError {
        switch self {
        case .recordTooShort:
            .invalidArgument(description.replacingOccurrences(of: "(--min-years)", with: "(minYears, at least 5)"))
        default:
            .invalidArgument(description)
        }
    }
}

/// The options shared by the calculator and the stored-data index (`scale`, `minYears`, `calibration`, `estimator`).
enum DroughtIndexOptions {
    static let scales = 1...72
    static let minimumYears = 5...100

    static func make(scale: Int, minYears: Int?, calibration: String?, estimator: String?) throws -> StandardizedIndexOptions {
        guard scale >= 1 else { throw DroughtIndexError.invalidScale(scale).ecoError }
        guard scales.contains(scale) else {
            throw EcoError.invalidArgument("Scale \(scale) is longer than \(scales.upperBound) months; 1, 3, 6, 12 and 24 are the usual scales.")
        }
        var options = StandardizedIndexOptions(scale: scale)
        if let minYears {
            guard minimumYears.contains(minYears) else {
                throw EcoError.invalidArgument(
                    "minYears must be from \(minimumYears.lowerBound) to \(minimumYears.upperBound); got \(minYears). WMO-No. 1090 asks for 30.")
            }
            options.minimumYears = minYears
        }
        if let calibration {
            guard let years = StandardizedIndexOptions.calibrationYears(parsing: calibration) else {
                throw EcoError.badRequest("'calibration' is FIRST-LAST with FIRST ≤ LAST, e.g. 1991-2020; got '\(calibration)'.")
            }
            options.calibrationYears = years
        }
        if let estimator {
            guard let chosen = GammaEstimator(rawValue: estimator) else {
                throw EcoError.badRequest("'estimator' must be thom (McKee et al. 1993, the default) or mle; got '\(estimator)'.")
            }
            options.gammaEstimator = chosen
        }
        return options
    }

    static func kind(_ text: String?) throws -> DroughtIndexKind {
        guard let text else { return .spi }
        guard let kind = DroughtIndexKind(rawValue: text.lowercased()) else {
            throw EcoError.badRequest("'index' must be spi or spei; got '\(text)'.")
        }
        return kind
    }
}
