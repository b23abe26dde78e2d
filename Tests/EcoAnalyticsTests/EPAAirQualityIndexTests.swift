import EcoAnalytics
import Foundation
import Testing

/// Every row of TAD 2024 (EPA-454/B-24-002) Table 6, p. 14, typed from the document: both edges of each row,
/// and the largest raw value that truncates onto the upper edge.
private let tableSixEdges: [(String, String, Double, Int)] = [
    // PM2.5 24-hour (µg/m³), revised 2024 breakpoints
    ("pm25", "24h", 0.0, 0), ("pm25", "24h", 9.0, 50), ("pm25", "24h", 9.09, 50),
    ("pm25", "24h", 9.1, 51), ("pm25", "24h", 35.4, 100), ("pm25", "24h", 35.49, 100),
    ("pm25", "24h", 35.5, 101), ("pm25", "24h", 55.4, 150), ("pm25", "24h", 55.49, 150),
    ("pm25", "24h", 55.5, 151), ("pm25", "24h", 125.4, 200), ("pm25", "24h", 125.49, 200),
    ("pm25", "24h", 125.5, 201), ("pm25", "24h", 225.4, 300), ("pm25", "24h", 225.49, 300),
    ("pm25", "24h", 225.5, 301), ("pm25", "24h", 325.4, 500), ("pm25", "24h", 325.49, 500),
    // PM10 24-hour (µg/m³)
    ("pm10", "24h", 0, 0), ("pm10", "24h", 54, 50), ("pm10", "24h", 54.9, 50),
    ("pm10", "24h", 55, 51), ("pm10", "24h", 154, 100), ("pm10", "24h", 154.9, 100),
    ("pm10", "24h", 155, 101), ("pm10", "24h", 254, 150), ("pm10", "24h", 254.9, 150),
    ("pm10", "24h", 255, 151), ("pm10", "24h", 354, 200), ("pm10", "24h", 354.9, 200),
    ("pm10", "24h", 355, 201), ("pm10", "24h", 424, 300), ("pm10", "24h", 424.9, 300),
    ("pm10", "24h", 425, 301), ("pm10", "24h", 604, 500), ("pm10", "24h", 604.9, 500),
    // O3 8-hour (ppm)
    ("o3", "8h", 0.000, 0), ("o3", "8h", 0.054, 50), ("o3", "8h", 0.0549, 50),
    ("o3", "8h", 0.055, 51), ("o3", "8h", 0.070, 100), ("o3", "8h", 0.0709, 100),
    ("o3", "8h", 0.071, 101), ("o3", "8h", 0.085, 150), ("o3", "8h", 0.0859, 150),
    ("o3", "8h", 0.086, 151), ("o3", "8h", 0.105, 200), ("o3", "8h", 0.1059, 200),
    ("o3", "8h", 0.106, 201), ("o3", "8h", 0.200, 300), ("o3", "8h", 0.2009, 300),
    // O3 1-hour (ppm)
    ("o3", "1h", 0.125, 101), ("o3", "1h", 0.164, 150), ("o3", "1h", 0.1649, 150),
    ("o3", "1h", 0.165, 151), ("o3", "1h", 0.204, 200), ("o3", "1h", 0.2049, 200),
    ("o3", "1h", 0.205, 201), ("o3", "1h", 0.404, 300), ("o3", "1h", 0.4049, 300),
    ("o3", "1h", 0.405, 301), ("o3", "1h", 0.604, 500), ("o3", "1h", 0.6049, 500),
    // CO 8-hour (ppm)
    ("co", "8h", 0.0, 0), ("co", "8h", 4.4, 50), ("co", "8h", 4.49, 50),
    ("co", "8h", 4.5, 51), ("co", "8h", 9.4, 100), ("co", "8h", 9.49, 100),
    ("co", "8h", 9.5, 101), ("co", "8h", 12.4, 150), ("co", "8h", 12.49, 150),
    ("co", "8h", 12.5, 151), ("co", "8h", 15.4, 200), ("co", "8h", 15.49, 200),
    ("co", "8h", 15.5, 201), ("co", "8h", 30.4, 300), ("co", "8h", 30.49, 300),
    ("co", "8h", 30.5, 301), ("co", "8h", 50.4, 500), ("co", "8h", 50.49, 500),
    // SO2 1-hour (ppb)
    ("so2", "1h", 0, 0), ("so2", "1h", 35, 50), ("so2", "1h", 35.9, 50),
    ("so2", "1h", 36, 51), ("so2", "1h", 75, 100), ("so2", "1h", 75.9, 100),
    ("so2", "1h", 76, 101), ("so2", "1h", 185, 150), ("so2", "1h", 185.9, 150),
    ("so2", "1h", 186, 151), ("so2", "1h", 304, 200), ("so2", "1h", 304.9, 200),
    // SO2 24-hour (ppb)
    ("so2", "24h", 305, 201), ("so2", "24h", 604, 300), ("so2", "24h", 604.9, 300),
    ("so2", "24h", 605, 301), ("so2", "24h", 1004, 500), ("so2", "24h", 1004.9, 500),
    // NO2 1-hour (ppb)
    ("no2", "1h", 0, 0), ("no2", "1h", 53, 50), ("no2", "1h", 53.9, 50),
    ("no2", "1h", 54, 51), ("no2", "1h", 100, 100), ("no2", "1h", 100.9, 100),
    ("no2", "1h", 101, 101), ("no2", "1h", 360, 150), ("no2", "1h", 360.9, 150),
    ("no2", "1h", 361, 151), ("no2", "1h", 649, 200), ("no2", "1h", 649.9, 200),
    ("no2", "1h", 650, 201), ("no2", "1h", 1249, 300), ("no2", "1h", 1249.9, 300),
    ("no2", "1h", 1250, 301), ("no2", "1h", 2049, 500), ("no2", "1h", 2049.9, 500),
]

private let epa = EPAAirQualityIndex()

private func rate(_ pollutant: String, _ averaging: String, _ concentration: Double, unit: String? = nil) throws -> IndexReading {
    try epa.rate(
        PollutantReading(
            pollutant: AirPollutant(parsing: pollutant), averaging: AveragingPeriod(parsing: averaging),
            concentration: concentration, unit: unit))
}

struct EPAAirQualityIndexTests {
    @Test(arguments: tableSixEdges)
    func everyBreakpointEdgeOfTableSixGivesItsAQI(pollutant: String, averaging: String, concentration: Double, aqi: Int) throws {
        let reading = try rate(pollutant, averaging, concentration)
        #expect(reading.aqi == aqi, "\(pollutant) \(averaging) \(concentration)")
        #expect(reading.category == AQICategory(aqi: aqi).name)
        #expect(reading.reason == nil)
    }

    // A day worked by hand from TAD §IV's steps (p. 13–15) and Table 6: 8-hour O3 0.07853 ppm truncates to
    // 0.078 and gives (150 − 101)/(0.085 − 0.071) × (0.078 − 0.071) + 101 = 125.5, rounded up to 126; PM2.5
    // 35.9 µg/m³ gives 49/19.9 × 0.4 + 101 = 101.98 → 102; CO 8.4 ppm gives 49/4.9 × 3.9 + 51 = 90. The
    // reported AQI is the highest, 126, with ozone responsible (§IV "How to handle values from multiple pollutants").
    @Test func aDayOfThreePollutantsReportsOzoneAt126() throws {
        let ozone = try rate("o3", "8h", 0.07853)
        #expect(ozone.truncatedConcentration == 0.078)
        #expect(ozone.aqi == 126)
        #expect(ozone.category == "Unhealthy for Sensitive Groups" && ozone.color == "#FF7E00")
        let particles = try rate("pm25", "24h", 35.9)
        let monoxide = try rate("co", "8h", 8.4)
        #expect(particles.aqi == 102)
        #expect(monoxide.aqi == 90)
        let overall = epa.overall([ozone, particles, monoxide])
        #expect(overall.aqi == 126)
        #expect(overall.dominantPollutants == [.o3])
    }

    @Test func theIssueExampleOf35Point5IsTheFirstUnhealthyForSensitiveGroupsValue() throws {
        let reading = try rate("pm25", "24h", 35.5)
        #expect(reading.aqi == 101)
        #expect(reading.truncatedConcentration == 35.5)
        #expect(reading.color == "#FF7E00")
    }

    @Test(arguments: [
        ("pm25", "24h", 12.34567, 12.3), ("pm10", "24h", 154.99, 154), ("o3", "8h", 0.0709999, 0.070),
        ("co", "8h", 9.49, 9.4), ("so2", "1h", 75.999, 75), ("no2", "1h", 100.5, 100), ("pm25", "24h", 0.07, 0.0),
    ])
    func concentrationsAreTruncatedNotRounded(pollutant: String, averaging: String, raw: Double, truncated: Double) throws {
        #expect(try rate(pollutant, averaging, raw).truncatedConcentration == truncated)
    }

    @Test(arguments: [
        ("o3", "8h", 0.201, "1-hour"),
        ("o3", "8h", 0.350, "1-hour"),
        ("o3", "1h", 0.124, "8-hour"),
        ("o3", "1h", 0.000, "8-hour"),
        ("so2", "1h", 305, "24-hour"),
        ("so2", "1h", 800, "24-hour"),
        ("so2", "24h", 304, "1-hour"),
        ("so2", "24h", 10, "1-hour"),
    ])
    func blankPlacesInTableSixAreUndefinedWithTheAverageToUseInstead(
        pollutant: String, averaging: String, concentration: Double, useInstead: String
    ) throws {
        let reading = try rate(pollutant, averaging, concentration)
        #expect(reading.aqi == nil)
        #expect(reading.category == nil)
        #expect(reading.reason?.contains(useInstead) == true, "\(reading.reason ?? "")")
    }

    @Test(arguments: [("pm25", "24h", 325.5), ("pm10", "24h", 605), ("co", "8h", 50.5), ("no2", "1h", 2050), ("o3", "1h", 0.605), ("so2", "24h", 1005)])
    func aboveTheTopBreakpointIsHazardousButBeyondTheAQI(pollutant: String, averaging: String, concentration: Double) throws {
        let reading = try rate(pollutant, averaging, concentration)
        #expect(reading.aqi == nil)
        #expect(reading.category == "Hazardous" && reading.color == "#7E0023")
        #expect(reading.reason?.hasPrefix("Beyond the AQI") == true)
    }

    @Test func oneHourOzoneCountsWhenItIsHigherThanEightHour() throws {
        let overall = epa.overall([try rate("o3", "8h", 0.080), try rate("o3", "1h", 0.170), try rate("pm25", "24h", 10)])
        #expect(overall.aqi == 157)
        #expect(overall.dominantPollutants == [.o3])
    }

    @Test func tiesNameEveryResponsiblePollutantAndUndefinedReadingsDoNotCount() throws {
        let overall = epa.overall([try rate("pm25", "24h", 35.5), try rate("pm10", "24h", 155), try rate("o3", "1h", 0.1)])
        #expect(overall.aqi == 101)
        #expect(overall.dominantPollutants == [.pm25, .pm10])
        let none = epa.overall([try rate("o3", "1h", 0.1)])
        #expect(none.aqi == nil)
        #expect(none.reason?.contains("8-hour") == true)
    }

    @Test func aReadingBeyondTheAQIOutranksEveryNumber() throws {
        let overall = epa.overall([try rate("pm25", "24h", 400), try rate("o3", "1h", 0.5)])
        #expect(overall.aqi == nil)
        #expect(overall.category == "Hazardous")
        #expect(overall.dominantPollutants == [.pm25])
    }

    // 1 ppm of NO2 is 1000 × 46.0055 / 24.45 = 1881.6 µg/m³ at 25 °C and 1 atm.
    @Test func gasesInMassUnitsAreConvertedAt25DegreesAndOneAtmosphere() throws {
        let no2 = try rate("no2", "1h", 100 * 46.0055 / 24.45, unit: "µg/m³")
        #expect(abs(no2.concentration - 100) < 1e-9)
        #expect(no2.aqi == 100)
        let ozone = try rate("o3", "8h", 70, unit: "ppb")
        #expect(ozone.truncatedConcentration == 0.070)
        #expect(try rate("co", "8h", 9400, unit: "ppb").aqi == 100)
        #expect(try rate("pm25", "24h", 0.0355, unit: "mg/m3").aqi == 101)
    }

    @Test func badInputIsAnErrorThatSaysWhatToDo() throws {
        #expect(throws: AirQualityIndexError.unknownPollutant("pm26")) { try rate("pm26", "24h", 1) }
        #expect(throws: AirQualityIndexError.negativeConcentration(-1)) { try rate("pm25", "24h", -1) }
        #expect(throws: AirQualityIndexError.self) { try rate("pm25", "24h", 10, unit: "ppb") }
        #expect(throws: AirQualityIndexError.self) { try rate("pm25", "1h", 10) }
        #expect(throws: AirQualityIndexError.unknownAveraging("daily")) { try rate("pm25", "daily", 10) }
        let mismatch = #expect(throws: AirQualityIndexError.self) { try rate("pm25", "24h", 10, unit: "ppb") }
        #expect(mismatch?.description.contains("µg/m³") == true)
        let averaging = #expect(throws: AirQualityIndexError.self) { try rate("co", "1h", 10) }
        #expect(averaging?.description == "The us-epa-2024 index defines CO for 8h averages, not 1h.")
    }
}

struct EPAReverseAQITests {
    @Test(arguments: [
        ("pm25", "24h", 0, 0.0, 0.0), ("pm25", "24h", 50, 9.0, 9.0), ("pm25", "24h", 51, 9.1, 9.3),
        ("pm25", "24h", 100, 35.2, 35.4), ("pm25", "24h", 101, 35.5, 35.7), ("pm25", "24h", 500, 325.2, 325.4),
        ("o3", "8h", 100, 0.070, 0.070), ("co", "8h", 90, 8.4, 8.4), ("no2", "1h", 101, 101, 103),
    ])
    func theReverseGivesTheTruncatedConcentrationsOfAnAQI(pollutant: String, averaging: String, aqi: Int, low: Double, high: Double) throws {
        let range = try epa.concentrationRange(
            forAQI: aqi, pollutant: AirPollutant(parsing: pollutant), averaging: AveragingPeriod(parsing: averaging))
        #expect(range.low == low && range.high == high, "\(range)")
        #expect(try rate(pollutant, averaging, low).aqi == aqi)
        #expect(try rate(pollutant, averaging, high).aqi == aqi)
    }

    @Test func everyAQIOfEveryTableRoundTripsThroughItsRange() throws {
        for pollutant in AirPollutant.allCases {
            for averaging in epa.averagingPeriods(for: pollutant) {
                for aqi in 0...500 {
                    let range = try epa.concentrationRange(forAQI: aqi, pollutant: pollutant, averaging: averaging)
                    guard let low = range.low, let high = range.high else {
                        #expect(range.reason != nil)
                        continue
                    }
                    #expect(try epa.rate(pollutant, averaging, concentration: low).aqi == aqi)
                    #expect(try epa.rate(pollutant, averaging, concentration: high).aqi == aqi)
                }
            }
        }
    }

    @Test func anAQIThatNoConcentrationReachesSaysSo() throws {
        let range = try epa.concentrationRange(forAQI: 2, pollutant: .so2, averaging: .oneHour)
        #expect(range.low == nil)
        #expect(range.reason == "No truncated concentration gives AQI 2 exactly: 1 ppb gives 1 and the next step gives 3.")
        let ozone = try epa.concentrationRange(forAQI: 350, pollutant: .o3, averaging: .eightHour)
        #expect(ozone.low == nil && ozone.reason?.contains("1-hour") == true)
        #expect(throws: AirQualityIndexError.aqiOutOfRange(501)) {
            try epa.concentrationRange(forAQI: 501, pollutant: .pm25, averaging: .twentyFourHour)
        }
    }
}
