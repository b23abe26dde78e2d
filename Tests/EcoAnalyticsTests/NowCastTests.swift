import EcoAnalytics
import Foundation
import Testing

struct NowCastTests {
    // EPA training example "Computing the NowCast" (AirNow, the PM NowCast method): twelve hourly PM2.5
    // values, oldest first; the range 90 − 10 = 80 scaled by 90 gives w* = 0.11, raised to the minimum 0.5,
    // and the NowCast is 17.4 µg/m³ (17.41 before truncation).
    @Test func theEPAParticleExampleGives17Point4() throws {
        let hourly: [Double?] = [50, 80, 75, 90, 82, 53, 64, 74, 21, 10, 16, 13]
        let result = try NowCast.compute(.pm25, hourly: hourly)
        #expect(result.weightFactor == 0.5)
        #expect(abs(result.concentration! - 17.413919413919412) < 1e-12)
        let (_, reading) = try EPAAirQualityIndex().nowCastAQI(.pm25, hourly: hourly)
        #expect(reading?.truncatedConcentration == 17.4)
        #expect(reading?.aqi == 66)
    }

    // AirNow-Tech, "AirNow Updates to Ozone Real-time Reporting and Daily Reporting" (2016): eight hourly
    // ozone values, most recent first 63, 69, 80, 74, 60, missing, 35, 22 ppb; w = 1 − 58/80 = 0.275 with
    // no minimum, numerator 89.925 → NowCast 65.27 ppb.
    @Test func theAirNowOzoneExampleWithAMissingHourGives65Ppb() throws {
        let hourly: [Double?] = [22, 35, nil, 60, 74, 80, 69, 63]
        let result = try NowCast.compute(.o3, hourly: hourly)
        #expect(abs(result.weightFactor! - 0.275) < 1e-12)
        #expect(abs(result.concentration! - 65.27209370015323) < 1e-9)
        #expect(result.hoursUsed == 7)
        let (_, reading) = try EPAAirQualityIndex().nowCastAQI(.o3, hourly: hourly, unit: "ppb")
        #expect(reading?.truncatedConcentration == 0.065)
        #expect(reading?.aqi == 84)
        #expect(reading?.averaging == .eightHour)
    }

    @Test func steadyConcentrationsAverageWithEqualWeights() throws {
        let result = try NowCast.compute(.pm10, hourly: Array(repeating: 40, count: 12))
        #expect(result.weightFactor == 1)
        #expect(result.concentration == 40)
    }

    @Test func onlyTheLastTwelveHoursCountForParticles() throws {
        let result = try NowCast.compute(.pm25, hourly: [1000, 1000] + Array(repeating: 5, count: 12))
        #expect(result.concentration == 5)
    }

    @Test(arguments: [[nil, nil, 5.0], [5.0, nil, nil], [nil, 7.0, nil]] as [[Double?]])
    func twoOfTheThreeMostRecentHoursAreRequired(hourly: [Double?]) throws {
        let padded: [Double?] = Array(repeating: 10, count: 9) + hourly
        let result = try NowCast.compute(.pm25, hourly: padded)
        #expect(result.concentration == nil)
        #expect(result.reason?.contains("2 of the 3 most recent hours") == true)
    }

    @Test func gasesWithoutANowCastAndNegativeHoursAreErrors() {
        #expect(throws: AirQualityIndexError.self) { try NowCast.compute(.no2, hourly: [1, 2, 3]) }
        #expect(throws: AirQualityIndexError.negativeConcentration(-3)) { try NowCast.compute(.pm25, hourly: [1, -3, 2]) }
    }
}

struct OtherAirQualityScalesTests {
    // EEA European Air Quality Index, five levels: each band's upper edge and the value just above it.
    @Test(arguments: [
        ("pm25", 10.0, 1), ("pm25", 10.01, 2), ("pm25", 20, 2), ("pm25", 25, 3), ("pm25", 50, 4), ("pm25", 50.1, 5), ("pm25", 800, 5),
        ("pm10", 20.0, 1), ("pm10", 35, 2), ("pm10", 50, 3), ("pm10", 100, 4), ("pm10", 100.5, 5), ("pm10", 1200, 5),
        ("no2", 40.0, 1), ("no2", 100, 2), ("no2", 200, 3), ("no2", 400, 4), ("no2", 401, 5), ("no2", 1000, 5),
        ("o3", 80.0, 1), ("o3", 120, 2), ("o3", 180, 3), ("o3", 240, 4), ("o3", 241, 5), ("o3", 600, 5),
        ("so2", 100.0, 1), ("so2", 200, 2), ("so2", 350, 3), ("so2", 500, 4), ("so2", 501, 5), ("so2", 1250, 5),
    ])
    func everyEuropeanBandEdgeGivesItsLevel(pollutant: String, concentration: Double, level: Int) throws {
        let scale = EuropeanAirQualityIndex()
        let parsed = try AirPollutant(parsing: pollutant)
        let reading = try scale.rate(parsed, scale.averagingPeriods(for: parsed)[0], concentration: concentration)
        #expect(reading.aqi == level, "\(pollutant) \(concentration)")
        #expect(reading.category == ["Good", "Fair", "Moderate", "Poor", "Very poor"][level - 1])
    }

    @Test func aboveTheEuropeanTableTheLevelIsUndefined() throws {
        let reading = try EuropeanAirQualityIndex().rate(.pm25, .twentyFourHour, concentration: 801)
        #expect(reading.aqi == nil)
        #expect(reading.reason != nil)
        #expect(throws: AirQualityIndexError.self) { try EuropeanAirQualityIndex().rate(.co, .eightHour, concentration: 1) }
    }

    // UK DAQI: the upper edge of every index point 1–9 of every pollutant, and the first value of the next.
    @Test(arguments: [
        ("o3", [33.0, 66, 100, 120, 140, 160, 187, 213, 240]),
        ("no2", [67.0, 134, 200, 267, 334, 400, 467, 534, 600]),
        ("so2", [88.0, 177, 266, 354, 443, 532, 710, 887, 1064]),
        ("pm25", [11.0, 23, 35, 41, 47, 53, 58, 64, 70]),
        ("pm10", [16.0, 33, 50, 58, 66, 75, 83, 91, 100]),
    ])
    func everyUKIndexPointEdgeGivesItsIndex(pollutant: String, upperEdges: [Double]) throws {
        let scale = UKDailyAirQualityIndex()
        let parsed = try AirPollutant(parsing: pollutant)
        let averaging = scale.averagingPeriods(for: parsed)[0]
        for (offset, edge) in upperEdges.enumerated() {
            #expect(try scale.rate(parsed, averaging, concentration: edge).aqi == offset + 1, "\(pollutant) \(edge)")
            #expect(try scale.rate(parsed, averaging, concentration: edge + 1).aqi == offset + 2, "\(pollutant) \(edge + 1)")
        }
        #expect(try scale.rate(parsed, averaging, concentration: 0).category == "Low")
        #expect(try scale.rate(parsed, averaging, concentration: upperEdges[8] + 1).category == "Very High")
    }

    @Test func theUKIndexRoundsToWholeMicrogramsAndUsesFifteenMinuteSulphurDioxide() throws {
        let scale = UKDailyAirQualityIndex()
        #expect(try scale.rate(.o3, .eightHour, concentration: 33.4).aqi == 1)
        #expect(try scale.rate(.o3, .eightHour, concentration: 33.5).aqi == 2)
        #expect(scale.averagingPeriods(for: .so2) == [.fifteenMinute])
        // 100 ppb of NO2 is 188.2 µg/m³: index 3, Low.
        let reading = try scale.rate(PollutantReading(pollutant: .no2, averaging: .oneHour, concentration: 100, unit: "ppb"))
        #expect(reading.truncatedConcentration == 188)
        #expect(reading.aqi == 3 && reading.category == "Low")
        let overall = scale.overall([reading, try scale.rate(.pm25, .twentyFourHour, concentration: 50)])
        #expect(overall.aqi == 6 && overall.category == "Moderate" && overall.dominantPollutants == [.pm25])
    }
}
