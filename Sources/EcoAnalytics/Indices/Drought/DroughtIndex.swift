/// The two standardized drought indices, by their API spelling.
public enum DroughtIndexKind: String, Codable, Sendable, CaseIterable {
    case spi, spei
}

/// How the SPEI's potential evapotranspiration is obtained from temperatures.
public enum PETMethod: String, Codable, Sendable, CaseIterable {
    /// Monthly mean temperature (`temp_c`): ``PotentialEvapotranspiration/thornthwaite(temperatureC:start:latitude:)``.
    case thornthwaite
    /// Monthly means of the daily extremes (`tmin_c`, `tmax_c`): ``PotentialEvapotranspiration/hargreaves(minimumC:maximumC:meanC:start:latitude:)``.
    case hargreaves
}

extension MonthlyClimateRecord {
    /// The monthly PET the SPEI uses: `petMm` when the record has it and no `method` is asked for; otherwise
    /// `method`, or by default Thornthwaite when the record has mean temperatures and Hargreaves when it has
    /// the daily extremes.
    /// - Throws: ``DroughtIndexError/missingInput(_:)`` when the record has none of these columns, or a
    ///   temperature method has no `latitude`; the PET functions' errors otherwise.
    public func potentialEvapotranspiration(method: PETMethod? = nil, latitude: Double?) throws(DroughtIndexError) -> [Double?] {
        if let petMm, method == nil { return petMm }
        let hasExtremes = minimumTemperatureC != nil && maximumTemperatureC != nil
        guard let method = method ?? (temperatureC != nil ? .thornthwaite : hasExtremes ? .hargreaves : nil) else {
            throw .missingInput("The SPEI needs potential evapotranspiration: give pet_mm, temp_c (Thornthwaite), or tmin_c and tmax_c (Hargreaves).")
        }
        guard let latitude else { throw .missingInput("\(method.rawValue.capitalized) PET needs the latitude in degrees.") }
        switch method {
        case .thornthwaite:
            guard let temperatureC else { throw .missingInput("Thornthwaite PET needs the monthly mean temperature (temp_c).") }
            return try PotentialEvapotranspiration.thornthwaite(temperatureC: temperatureC, start: start, latitude: latitude)
        case .hargreaves:
            guard let minimumTemperatureC, let maximumTemperatureC else {
                throw .missingInput("Hargreaves PET needs the monthly means of the daily minimum and maximum (tmin_c and tmax_c).")
            }
            return try PotentialEvapotranspiration.hargreaves(
                minimumC: minimumTemperatureC, maximumC: maximumTemperatureC, meanC: temperatureC, start: start, latitude: latitude)
        }
    }
}

/// SPI or SPEI of a monthly record in one call: what the CLI and the server's calculators share.
public enum DroughtIndex {
    /// The index series of `record`; for the SPEI, PET as ``MonthlyClimateRecord/potentialEvapotranspiration(method:latitude:)`` picks it.
    public static func compute(
        _ kind: DroughtIndexKind, record: MonthlyClimateRecord, options: StandardizedIndexOptions, petMethod: PETMethod? = nil,
        latitude: Double? = nil
    ) throws(DroughtIndexError) -> StandardizedIndexSeries {
        switch kind {
        case .spi:
            return try StandardizedPrecipitationIndex.compute(precipitation: record.precipitationMm, start: record.start, options: options)
        case .spei:
            let pet = try record.potentialEvapotranspiration(method: petMethod, latitude: latitude)
            return try StandardizedEvapotranspirationIndex.compute(
                precipitation: record.precipitationMm, potentialEvapotranspiration: pet, start: record.start, options: options)
        }
    }
}

extension StandardizedIndexOptions {
    /// Calibration years written `FIRST-LAST` (e.g. `1981-2010`); nil unless FIRST ≤ LAST.
    public static func calibrationYears(parsing text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let first = parts[0], let last = parts[1], first <= last else { return nil }
        return first...last
    }
}
