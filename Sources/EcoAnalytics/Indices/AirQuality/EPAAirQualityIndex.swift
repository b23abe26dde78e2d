/// The US EPA Air Quality Index (AQI), per the Technical Assistance Document for the Reporting of Daily
/// Air Quality (EPA-454/B-24-002, May 2024; "TAD" below).
///
/// As TAD §IV "Calculating the AQI" (p. 13–15) prescribes: (1) truncate the concentration — O3 to
/// 3 decimals (ppm), PM2.5 to 1 decimal (µg/m³), PM10 to an integer (µg/m³), CO to 1 decimal (ppm),
/// SO2 and NO2 to integers (ppb); (2) find the breakpoints BP_Lo ≤ C ≤ BP_Hi of Table 6; (3) compute
/// I = (I_Hi − I_Lo) / (BP_Hi − BP_Lo) × (C − BP_Lo) + I_Lo; (4) round to the nearest integer.
/// The computation runs in integers of the truncation step, so 9.1 µg/m³ is never read as 9.0999….
///
/// Where Table 6 is blank (8-hour O3 above 0.200 ppm, 1-hour O3 below 0.125 ppm, 1-hour SO2 above
/// 304 ppb, 24-hour SO2 below 305 ppb) the result has no AQI and says which average to use instead;
/// above the top of a table (AQI 500) the category is Hazardous but the AQI is undefined ("beyond the AQI").
public struct EPAAirQualityIndex: AirQualityIndexScale {
    public init() {}

    public var identifier: String { "us-epa-2024" }

    public func averagingPeriods(for pollutant: AirPollutant) -> [AveragingPeriod] { EPABreakpoints.periods(pollutant) }

    public func unit(for pollutant: AirPollutant) -> String { pollutant.epaUnit }

    public func rate(_ pollutant: AirPollutant, _ averaging: AveragingPeriod, concentration: Double)
        throws(AirQualityIndexError) -> IndexReading
    {
        try validate(pollutant, averaging, concentration)
        guard let table = EPABreakpoints.table(pollutant, averaging) else {
            throw .unsupportedAveraging(scale: identifier, pollutant: pollutant, averaging: averaging, supported: [])
        }
        let steps = Self.truncatedSteps(concentration, stepsPerUnit: table.stepsPerUnit)
        func reading(_ aqi: Int?, _ category: AQICategory?, _ reason: String?) -> IndexReading {
            IndexReading(
                scale: identifier, pollutant: pollutant, averaging: averaging, concentration: concentration,
                unit: pollutant.epaUnit, truncatedConcentration: Double(steps) / Double(table.stepsPerUnit),
                aqi: aqi, category: category?.name, color: category?.color, reason: reason)
        }
        if let first = table.rows.first, steps < first.low { return reading(nil, nil, table.belowTable) }
        if let row = table.rows.first(where: { steps <= $0.high }) {
            let aqi = Self.interpolate(steps, in: row)
            return reading(aqi, AQICategory(aqi: aqi), nil)
        }
        if let reason = table.aboveTable { return reading(nil, nil, reason) }
        let top = Self.format(steps: table.rows[table.rows.count - 1].high, decimals: table.decimals)
        return reading(
            nil, .hazardous,
            "Beyond the AQI: \(Self.format(steps: steps, decimals: table.decimals)) \(pollutant.epaUnit) is above the top "
                + "breakpoint \(top) \(pollutant.epaUnit) (AQI 500); the TAD defines no AQI above 500.")
    }

    /// Step 4's rounding, exactly: I_Lo + round((I_Hi − I_Lo)(C − BP_Lo) / (BP_Hi − BP_Lo)), halves up.
    static func interpolate(_ steps: Int, in row: EPABreakpoint) -> Int {
        let numerator = (row.indexHigh - row.indexLow) * (steps - row.low)
        let denominator = row.high - row.low
        return row.indexLow + (2 * numerator + denominator) / (2 * denominator)
    }

    /// `value × stepsPerUnit` truncated toward zero; a product within 1e-9 of a whole step counts as
    /// that step, since decimal inputs such as 9.1 or 0.071 have no exact binary form.
    static func truncatedSteps(_ value: Double, stepsPerUnit: Int) -> Int {
        let scaled = min(value * Double(stepsPerUnit), 1e15)
        let nearest = scaled.rounded()
        if abs(scaled - nearest) <= 1e-9 * max(1, scaled) { return Int(nearest) }
        return Int(scaled.rounded(.down))
    }

    /// `steps` as a decimal with `decimals` places: 200, 3 → "0.200".
    static func format(steps: Int, decimals: Int) -> String {
        guard decimals > 0 else { return String(steps) }
        var digits = String(steps)
        while digits.count <= decimals { digits = "0" + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        return digits
    }
}
