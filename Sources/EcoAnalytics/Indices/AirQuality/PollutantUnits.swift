import EcoCore

/// Converts pollutant concentrations into the unit of an index table, with EcoCore's unit converter.
///
/// Gases convert between mixing ratio and mass concentration at 25 °C and 1 atm (molar volume
/// 24.45 L/mol, the EPA convention): µg/m³ = ppb × M / 24.45, with M the molar mass of the
/// variable catalogue (NO2 46.0055, O3 47.9982, SO2 64.064, CO 28.010 g/mol). Particle mass
/// (PM2.5, PM10) has no mixing ratio, so ppb or ppm for PM is a unit mismatch.
public enum PollutantUnits {
    /// `value` in `unit` expressed in `target` (nil or empty `unit`: already in `target`).
    public static func convert(_ value: Double, from unit: String?, to target: String, pollutant: AirPollutant)
        throws(AirQualityIndexError) -> Double
    {
        try conversion(from: unit, to: target, pollutant: pollutant).apply(value)
    }

    /// The conversion from `unit` into `target`, to apply to many values.
    public static func conversion(from unit: String?, to target: String, pollutant: AirPollutant)
        throws(AirQualityIndexError) -> UnitConversion
    {
        guard var variable = catalogue[pollutant.rawValue] else { return .identity }
        variable.unit = target
        do {
            return try UnitConverter.conversion(from: unit, for: variable)
        } catch {
            throw .unitMismatch(
                unit: unit ?? "", pollutant: pollutant, expected: target, accepted: UnitConverter.acceptedUnits(for: variable))
        }
    }

    private static let catalogue = VariableCatalogue()
}

/// Rates many readings on one scale, resolving each (pollutant, unit) conversion once.
///
/// ``AirQualityIndexScale/rate(_:)`` resolves the unit on every call, which costs more than the rating
/// itself; batch callers (CSV files, the server over a query's rows) keep one of these instead.
public struct ReadingRater<Scale: AirQualityIndexScale>: Sendable {
    public let scale: Scale
    private var conversions: [Key: UnitConversion] = [:]

    private struct Key: Hashable, Sendable {
        var pollutant: AirPollutant
        var unit: String?
    }

    public init(scale: Scale) { self.scale = scale }

    /// The reading rated on `scale`, its concentration first converted from `reading.unit`.
    public mutating func rate(_ reading: PollutantReading) throws(AirQualityIndexError) -> IndexReading {
        let key = Key(pollutant: reading.pollutant, unit: reading.unit)
        let conversion: UnitConversion
        if let known = conversions[key] {
            conversion = known
        } else {
            conversion = try PollutantUnits.conversion(from: reading.unit, to: scale.unit(for: reading.pollutant), pollutant: reading.pollutant)
            conversions[key] = conversion
        }
        return try scale.rate(reading.pollutant, reading.averaging, concentration: conversion.apply(reading.concentration))
    }
}
