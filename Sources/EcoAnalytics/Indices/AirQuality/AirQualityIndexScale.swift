/// One measured concentration to rate.
public struct PollutantReading: Sendable, Equatable {
    public var pollutant: AirPollutant
    public var averaging: AveragingPeriod
    /// The concentration, in `unit` (nil: the scale's own unit for the pollutant).
    public var concentration: Double
    public var unit: String?

    public init(pollutant: AirPollutant, averaging: AveragingPeriod, concentration: Double, unit: String? = nil) {
        self.pollutant = pollutant
        self.averaging = averaging
        self.concentration = concentration
        self.unit = unit
    }
}

/// A reading rated on one scale; `aqi` is nil, with a `reason`, where the scale does not define a value.
///
/// JSON: `{"scale":"us-epa-2024","pollutant":"pm25","averaging":"24h","concentration":35.5,"unit":"µg/m³",
/// "truncatedConcentration":35.5,"aqi":101,"category":"Unhealthy for Sensitive Groups","color":"#FF7E00"}`.
public struct IndexReading: Codable, Sendable, Equatable {
    /// The scale's identifier (``AirQualityIndexScale/identifier``).
    public var scale: String
    public var pollutant: AirPollutant
    public var averaging: AveragingPeriod
    /// The concentration in the scale's unit, after any unit conversion.
    public var concentration: Double
    /// The scale's unit for the pollutant.
    public var unit: String
    /// The concentration after the scale's truncation or rounding rule, as looked up in its table.
    public var truncatedConcentration: Double
    /// The index value: EPA AQI 0–500, EEA level 1–5, DAQI 1–10; nil where the table does not define one.
    public var aqi: Int?
    /// The category or band name; set even without an `aqi` when the category is still known ("beyond the AQI").
    public var category: String?
    /// The category colour as `#RRGGBB`, where the scale's source defines one.
    public var color: String?
    /// Why `aqi` is nil (or what else to use), in a sentence.
    public var reason: String?

    public init(
        scale: String, pollutant: AirPollutant, averaging: AveragingPeriod, concentration: Double, unit: String,
        truncatedConcentration: Double, aqi: Int?, category: String?, color: String?, reason: String?
    ) {
        self.scale = scale
        self.pollutant = pollutant
        self.averaging = averaging
        self.concentration = concentration
        self.unit = unit
        self.truncatedConcentration = truncatedConcentration
        self.aqi = aqi
        self.category = category
        self.color = color
        self.reason = reason
    }
}

/// A national air quality index: tables that turn a pollutant concentration into an index value and a category.
public protocol AirQualityIndexScale: Sendable {
    /// Short machine name: `us-epa-2024`, `eea-eaqi`, `uk-daqi`.
    var identifier: String { get }
    /// The averaging periods the scale defines for `pollutant` (empty: the scale does not cover it).
    func averagingPeriods(for pollutant: AirPollutant) -> [AveragingPeriod]
    /// The unit of the scale's table for `pollutant`.
    func unit(for pollutant: AirPollutant) -> String
    /// Rates `concentration`, given in ``unit(for:)``.
    ///
    /// - Throws: ``AirQualityIndexError`` for a negative or non-finite concentration or an averaging period
    ///   the scale does not define for the pollutant.
    func rate(_ pollutant: AirPollutant, _ averaging: AveragingPeriod, concentration: Double) throws(AirQualityIndexError) -> IndexReading
}

extension AirQualityIndexScale {
    /// Rates a reading in any unit that converts into the scale's (ppb ↔ µg/m³ at 25 °C and 1 atm for gases).
    public func rate(_ reading: PollutantReading) throws(AirQualityIndexError) -> IndexReading {
        let target = unit(for: reading.pollutant)
        let value = try PollutantUnits.convert(reading.concentration, from: reading.unit, to: target, pollutant: reading.pollutant)
        return try rate(reading.pollutant, reading.averaging, concentration: value)
    }

    /// Throws unless `averaging` is one of the scale's periods for `pollutant`, and `concentration` is finite and ≥ 0.
    func validate(_ pollutant: AirPollutant, _ averaging: AveragingPeriod, _ concentration: Double) throws(AirQualityIndexError) {
        let periods = averagingPeriods(for: pollutant)
        if periods.isEmpty { throw .pollutantNotInScale(scale: identifier, pollutant: pollutant) }
        guard periods.contains(averaging) else {
            throw .unsupportedAveraging(scale: identifier, pollutant: pollutant, averaging: averaging, supported: periods)
        }
        guard concentration.isFinite else { throw .notANumber(String(concentration)) }
        guard concentration >= 0 else { throw .negativeConcentration(concentration) }
    }
}

/// The scales EcoTrack ships, by identifier.
public enum AirQualityIndexScales {
    /// US EPA (default), EEA European index, UK DAQI.
    public static let all: [any AirQualityIndexScale] = [EPAAirQualityIndex(), EuropeanAirQualityIndex(), UKDailyAirQualityIndex()]

    /// The scale called `identifier` (`us-epa-2024`, `eea-eaqi`, `uk-daqi`; `epa`, `eea` and `daqi` also work).
    public static func named(_ identifier: String) -> (any AirQualityIndexScale)? {
        let key = identifier.lowercased()
        return all.first { $0.identifier == key || $0.identifier.split(separator: "-").contains { $0 == key } }
    }
}
