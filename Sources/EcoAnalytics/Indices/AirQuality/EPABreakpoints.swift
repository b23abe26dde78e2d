/// One row of the EPA breakpoint table: concentrations `low…high` map linearly onto AQI `indexLow…indexHigh`.
///
/// Concentrations are integers in steps of the pollutant's truncation (0.1 µg/m³ for PM2.5,
/// 0.001 ppm for O3 …), so lookups and the formula run in exact integer arithmetic.
struct EPABreakpoint: Sendable {
    let low: Int
    let high: Int
    let indexLow: Int
    let indexHigh: Int
}

/// The EPA sub-index of one pollutant and averaging period.
struct EPASubIndexTable: Sendable {
    /// Decimal places kept by the truncation rule (TAD 2024 §IV "Calculating the AQI", step 1, p. 13).
    let decimals: Int
    let rows: [EPABreakpoint]
    /// Why concentrations below the first row have no AQI (nil when the first row starts at 0).
    let belowTable: String?
    /// Why concentrations above the last row have no AQI; nil means "beyond the AQI" (above 500).
    let aboveTable: String?

    /// 10^decimals: table steps per unit.
    var stepsPerUnit: Int {
        var result = 1
        for _ in 0..<decimals { result *= 10 }
        return result
    }
}

/// Table 6 "Breakpoints for the AQI" of the US EPA Technical Assistance Document for the Reporting
/// of Daily Air Quality – the Air Quality Index (AQI), EPA-454/B-24-002, May 2024, p. 14, with the
/// PM2.5 breakpoints revised by the February 2024 PM NAAQS rule (89 FR 16202, 40 CFR Part 58
/// Appendix G, Table 2). Units: PM µg/m³, O3 and CO ppm, SO2 and NO2 ppb.
enum EPABreakpoints {
    static func table(_ pollutant: AirPollutant, _ averaging: AveragingPeriod) -> EPASubIndexTable? {
        switch (pollutant, averaging) {
        case (.pm25, .twentyFourHour): pm25
        case (.pm10, .twentyFourHour): pm10
        case (.o3, .eightHour): ozone8Hour
        case (.o3, .oneHour): ozone1Hour
        case (.co, .eightHour): carbonMonoxide
        case (.so2, .oneHour): sulfurDioxide1Hour
        case (.so2, .twentyFourHour): sulfurDioxide24Hour
        case (.no2, .oneHour): nitrogenDioxide
        default: nil
        }
    }

    /// The averaging periods Table 6 defines for `pollutant`.
    static func periods(_ pollutant: AirPollutant) -> [AveragingPeriod] {
        AveragingPeriod.allCases.filter { table(pollutant, $0) != nil }
    }

    private static func rows(_ values: [(Int, Int, Int, Int)]) -> [EPABreakpoint] {
        values.map { EPABreakpoint(low: $0.0, high: $0.1, indexLow: $0.2, indexHigh: $0.3) }
    }

    // PM2.5 24-hour, 0.1 µg/m³ steps: 0.0–9.0, 9.1–35.4, 35.5–55.4, 55.5–125.4, 125.5–225.4, 225.5–325.4.
    static let pm25 = EPASubIndexTable(
        decimals: 1,
        rows: rows([(0, 90, 0, 50), (91, 354, 51, 100), (355, 554, 101, 150), (555, 1254, 151, 200),
                    (1255, 2254, 201, 300), (2255, 3254, 301, 500)]),
        belowTable: nil, aboveTable: nil)

    // PM10 24-hour, 1 µg/m³ steps: 0–54, 55–154, 155–254, 255–354, 355–424, 425–604.
    static let pm10 = EPASubIndexTable(
        decimals: 0,
        rows: rows([(0, 54, 0, 50), (55, 154, 51, 100), (155, 254, 101, 150), (255, 354, 151, 200),
                    (355, 424, 201, 300), (425, 604, 301, 500)]),
        belowTable: nil, aboveTable: nil)

    // O3 8-hour, 0.001 ppm steps: 0.000–0.054, 0.055–0.070, 0.071–0.085, 0.086–0.105, 0.106–0.200.
    // Table 6 footnote: 8-hour O3 values do not define AQI values of 301 or more; those come from 1-hour O3.
    static let ozone8Hour = EPASubIndexTable(
        decimals: 3,
        rows: rows([(0, 54, 0, 50), (55, 70, 51, 100), (71, 85, 101, 150), (86, 105, 151, 200), (106, 200, 201, 300)]),
        belowTable: nil,
        aboveTable: "8-hour ozone above 0.200 ppm does not define an AQI (TAD Table 6 footnote): "
            + "compute the AQI from the 1-hour ozone concentration instead.")

    // O3 1-hour, 0.001 ppm steps: 0.125–0.164, 0.165–0.204, 0.205–0.404, 0.405–0.604.
    // Table 6 footnote: the AQI is generally reported from 8-hour O3; 1-hour O3 may be added where more
    // precautionary, and it has no breakpoints below 0.125 ppm (AQI 0–100).
    static let ozone1Hour = EPASubIndexTable(
        decimals: 3,
        rows: rows([(125, 164, 101, 150), (165, 204, 151, 200), (205, 404, 201, 300), (405, 604, 301, 500)]),
        belowTable: "1-hour ozone below 0.125 ppm does not define an AQI (TAD Table 6 has no 1-hour breakpoints "
            + "for AQI 0–100): report the AQI of the 8-hour ozone average.",
        aboveTable: nil)

    // CO 8-hour, 0.1 ppm steps: 0.0–4.4, 4.5–9.4, 9.5–12.4, 12.5–15.4, 15.5–30.4, 30.5–50.4.
    static let carbonMonoxide = EPASubIndexTable(
        decimals: 1,
        rows: rows([(0, 44, 0, 50), (45, 94, 51, 100), (95, 124, 101, 150), (125, 154, 151, 200),
                    (155, 304, 201, 300), (305, 504, 301, 500)]),
        belowTable: nil, aboveTable: nil)

    // SO2 1-hour, 1 ppb steps: 0–35, 36–75, 76–185, 186–304.
    // Table 6 footnote: 1-hour SO2 does not define AQI values of 200 or more; those come from 24-hour SO2.
    static let sulfurDioxide1Hour = EPASubIndexTable(
        decimals: 0,
        rows: rows([(0, 35, 0, 50), (36, 75, 51, 100), (76, 185, 101, 150), (186, 304, 151, 200)]),
        belowTable: nil,
        aboveTable: "1-hour SO2 above 304 ppb does not define an AQI (TAD Table 6 footnote): "
            + "compute the AQI from the 24-hour SO2 average instead.")

    // SO2 24-hour, 1 ppb steps: 305–604, 605–1004 (the only rows Table 6 gives for 24-hour SO2).
    static let sulfurDioxide24Hour = EPASubIndexTable(
        decimals: 0,
        rows: rows([(305, 604, 201, 300), (605, 1004, 301, 500)]),
        belowTable: "24-hour SO2 below 305 ppb does not define an AQI (TAD Table 6 uses it only for AQI 201 and up): "
            + "compute the AQI from the 1-hour SO2 concentration instead.",
        aboveTable: nil)

    // NO2 1-hour, 1 ppb steps: 0–53, 54–100, 101–360, 361–649, 650–1249, 1250–2049.
    static let nitrogenDioxide = EPASubIndexTable(
        decimals: 0,
        rows: rows([(0, 53, 0, 50), (54, 100, 51, 100), (101, 360, 101, 150), (361, 649, 151, 200),
                    (650, 1249, 201, 300), (1250, 2049, 301, 500)]),
        belowTable: nil, aboveTable: nil)
}
