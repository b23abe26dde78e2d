import EcoAnalytics
import Foundation
import Testing

struct MonthlyClimateCSVTests {
    @Test func columnsAreFoundByNameInAnyOrderAndEmptyFieldsAreMissing() throws {
        let text = "Temp_C,month,precip_mm,station\r\n5.5,2001-11,12.5,x\r\n,2001-12,,x\r\n-1,2002-01,0,x\r\n"
        let record = try MonthlyClimateCSV.parse(text)
        #expect(record.start == YearMonth(year: 2001, month: 11))
        #expect(record.precipitationMm == [12.5, nil, 0])
        #expect(record.temperatureC == [5.5, nil, -1])
        #expect(record.petMm == nil)
    }

    @Test func monthsMustBeConsecutive() {
        let text = "month,precip_mm\n2001-01,1\n2001-03,2\n"
        let error = #expect(throws: MonthlyClimateCSVError.self) { try MonthlyClimateCSV.parse(text) }
        #expect(error == .notConsecutive(line: 3, expected: YearMonth(year: 2001, month: 2), found: YearMonth(year: 2001, month: 3)))
        #expect(error?.description == "Line 3: month 2001-03 follows 2001-01; months must be consecutive "
            + "(write 2001-02 with an empty value for a missing month).")
    }

    @Test(arguments: [
        ("month,rain\n2001-01,1\n", MonthlyClimateCSVError.missingColumns(found: ["month", "rain"], missing: ["precip_mm"])),
        ("month,precip_mm\n2001-1,1\n", .badMonth(line: 2, text: "2001-1")),
        ("month,precip_mm\n2001-01,lots\n", .badNumber(line: 2, column: "precip_mm", text: "lots")),
        ("month,precip_mm\n2001-01,1,2\n", .wrongFieldCount(line: 2, expected: 2, found: 3)),
        ("", .empty),
        ("month,precip_mm\n", .empty),
    ])
    func badFilesSayWhatIsWrong(text: String, expected: MonthlyClimateCSVError) {
        #expect(throws: expected) { try MonthlyClimateCSV.parse(text) }
    }

    @Test func theOutputHasAnEmptyValueWhereTheScaleHasNoDataYet() {
        let series = StandardizedIndexSeries(start: YearMonth(year: 1999, month: 12), values: [nil, -1.23456, 2.5], undefinedMonths: [:])
        #expect(MonthlyClimateCSV.write(series) == "month,value,category\n1999-12,,\n2000-01,-1.2346,moderately dry\n2000-02,2.5000,extremely wet\n")
    }

    @Test func yearMonthsCountAcrossYearEnds() {
        let december = YearMonth(year: 2000, month: 12)
        #expect(december.advanced(by: 1) == YearMonth(year: 2001, month: 1))
        #expect(december.advanced(by: -12) == YearMonth(year: 1999, month: 12))
        #expect(YearMonth(year: 2000, month: 2).dayCount == 29 && YearMonth(year: 1900, month: 2).dayCount == 28)
        #expect(YearMonth(parsing: "2024-02-17") == YearMonth(year: 2024, month: 2))
        #expect(YearMonth(parsing: "2024-13") == nil)
    }
}

struct AirQualityCSVTests {
    @Test func everyRowIsKeptAndRatedWithItsReason() throws {
        let text = "station,pollutant,averaging,concentration,unit\nA,pm25,24h,35.5,\nB,o3,8h,0.21,\nC,no2,1h,188.2,ug/m3\n"
        let rated = try AirQualityCSV.rate(text, on: EPAAirQualityIndex())
        let lines = rated.split(separator: "\n")
        #expect(lines[0] == "station,pollutant,averaging,concentration,unit,truncated_concentration,aqi,category,color,reason")
        #expect(lines[1] == "A,pm25,24h,35.5,,35.5,101,Unhealthy for Sensitive Groups,#FF7E00,")
        #expect(lines[2].hasPrefix("B,o3,8h,0.21,,0.21,,,,8-hour ozone above 0.200 ppm"))
        #expect(lines[3] == "C,no2,1h,188.2,ug/m3,100.0,100,Moderate,#FFFF00,")
    }

    @Test func aBadRowNamesItsLine() {
        let text = "pollutant,averaging,concentration\npm25,24h,1\npm25,24h,-4\n"
        #expect(throws: AirQualityCSVError.badRow(line: 3, problem: .negativeConcentration(-4))) {
            try AirQualityCSV.rate(text, on: EPAAirQualityIndex())
        }
        #expect(throws: AirQualityCSVError.missingColumns(found: ["pollutant", "value"], missing: ["averaging", "concentration"])) {
            try AirQualityCSV.rate("pollutant,value\npm25,3\n", on: EPAAirQualityIndex())
        }
    }

    @Test func scalesAreFoundByName() {
        #expect(AirQualityIndexScales.named("epa")?.identifier == "us-epa-2024")
        #expect(AirQualityIndexScales.named("EEA")?.identifier == "eea-eaqi")
        #expect(AirQualityIndexScales.named("daqi")?.identifier == "uk-daqi")
        #expect(AirQualityIndexScales.named("aqhi") == nil)
    }
}
