import EcoAnalytics
import EcoCore

/// SPI or SPEI of a posted monthly series (`POST /api/v1/food/drought-index/calculate`), as
/// `ecotrack drought-index` computes it from a CSV. No I/O.
public enum DroughtIndexCalculator {
    /// The body: `index` (spi, spei), `scale` (months), `months` (consecutive, oldest first), and optionally
    /// `latitude` (degrees; SPEI from temperatures), `pet` (thornthwaite, hargreaves), `minYears`, `calibration`
    /// (`FIRST-LAST`), `estimator` (thom, mle).
    public struct Request: Decodable, Sendable {
        public var index: String
        public var scale: Int
        public var latitude: Double?
        public var pet: String?
        public var minYears: Int?
        public var calibration: String?
        public var estimator: String?
        public var months: [Month]
    }

    /// One month of input (nil: missing): precipitation, and for the SPEI PET or temperatures.
    public struct Month: Decodable, Sendable {
        public var month: String
        public var precipMm: Double?
        public var petMm: Double?
        public var tempC: Double?
        public var tminC: Double?
        public var tmaxC: Double?
    }

    /// Most months one request may send (a thousand years).
    static let maxMonths = 12_000

    /// The index of the posted series.
    /// - Throws: `EcoError.badRequest` for an unknown index or option, `EcoError.invalidArgument` for months
    ///   that are not consecutive `YYYY-MM`, a scale below 1, or a record the fit cannot use.
    public static func calculate(_ request: Request) throws -> DroughtIndexDocument {
        let kind = try DroughtIndexOptions.kind(request.index)
        let options = try DroughtIndexOptions.make(scale: request.scale, minYears: request.minYears, calibration: request.calibration,
                                                   estimator: request.estimator)
        let method = try request.pet.map { text in
            guard let method = PETMethod(rawValue: text.lowercased()) else {
                throw EcoError.badRequest("'pet' must be thornthwaite or hargreaves; got '\(text)'.")
            }
            return method
        }
        let record = try record(request.months)
        do throws(DroughtIndexError) {
            let series = try DroughtIndex.compute(kind, record: record, options: options, petMethod: method, latitude: request.latitude)
            var document = DroughtIndexDocument(series, kind: kind, options: options)
            document.latitude = request.latitude
            return document
        } catch {
            throw error.ecoError
        }
    }

    /// The months as a record; a column is present when any month gives it.
    static func record(_ months: [Month]) throws -> MonthlyClimateRecord {
        guard let first = months.first else {
            throw EcoError.invalidArgument("'months' is empty; send one entry per month, oldest first, e.g. {\"month\":\"1991-01\",\"precipMm\":52.4}.")
        }
        guard months.count <= maxMonths else { throw EcoError.invalidArgument("At most \(maxMonths) months per request; got \(months.count).") }
        guard let start = YearMonth(parsing: first.month[...]) else {
            throw EcoError.invalidArgument("months[0].month '\(first.month)' is not YYYY-MM (e.g. 1991-01).")
        }
        for (offset, entry) in months.enumerated() {
            let expected = start.advanced(by: offset)
            guard let month = YearMonth(parsing: entry.month[...]) else {
                throw EcoError.invalidArgument("months[\(offset)].month '\(entry.month)' is not YYYY-MM (e.g. \(expected)).")
            }
            guard month == expected else {
                throw EcoError.invalidArgument(
                    "months[\(offset)] is \(month) but follows \(expected.advanced(by: -1)); months must be consecutive (send \(expected) with precipMm null if it is missing).")
            }
        }
        func column(_ value: KeyPath<Month, Double?>) -> [Double?]? {
            months.contains { $0[keyPath: value] != nil } ? months.map { $0[keyPath: value] } : nil
        }
        return MonthlyClimateRecord(start: start, precipitationMm: months.map(\.precipMm), petMm: column(\.petMm), temperatureC: column(\.tempC),
                                    minimumTemperatureC: column(\.tminC), maximumTemperatureC: column(\.tmaxC))
    }
}
