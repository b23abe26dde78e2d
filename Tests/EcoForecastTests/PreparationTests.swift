import Testing
import EcoTime

@testable import EcoForecast

struct PreparationTests {
    let day: Int64 = 86_400_000

    @Test func irregularTimesGoToTheMedianStepAndDuplicatesAreAveraged() throws {
        let times: [Int64] = [0, day + 3_600_000, day, 2 * day - 60_000, 4 * day]
        let series = try PreparedSeries.prepare(timestamps: times, values: [1, 4, 2, 3, 5], validRange: nil)
        #expect(series.grid.stepMs == day)
        #expect(series.report.duplicatesMerged == 1)
        #expect(series.report.gapsFilled == 1)
        #expect(series.values == [1, 3, 3, 4, 5])
    }

    @Test func missingValuesAreInterpolatedAndEndsTrimmed() throws {
        let times = (0..<6).map { Int64($0) * day }
        let series = try PreparedSeries.prepare(timestamps: times, values: [.nan, 1, .nan, .nan, 4, .nan], validRange: nil)
        #expect(series.values == [1, 2, 3, 4])
        #expect(series.grid.startMs == day)
    }

    @Test func valuesOutsideTheValidRangeAreClipped() throws {
        let times = (0..<3).map { Int64($0) * day }
        let series = try PreparedSeries.prepare(timestamps: times, values: [-2, 0, 5], validRange: 0...Double.infinity)
        #expect(series.values == [0, 0, 5])
        #expect(series.report.valuesClipped == 1)
    }

    @Test func monthlyDataUsesCalendarMonths() throws {
        let text = (0..<30).map { index in "\(2000 + index / 12)-\(index % 12 + 1 < 10 ? "0" : "")\(index % 12 + 1)-01,\(index)" }.joined(separator: "\n")
        let parsed = try ForecastCSV.parse(text)
        let series = try PreparedSeries.prepare(timestamps: parsed.timestamps, values: parsed.values, validRange: nil)
        #expect(series.grid.months == 1)
        #expect(series.values == (0..<30).map(Double.init))
        #expect(Timestamp.format(ms: series.futureTime(1)) == "2002-07-01T00:00:00Z")
    }

    @Test func noValueAtAllIsAnError() {
        #expect(throws: ForecastError.tooFewObservations(count: 0, minimum: 1)) {
            try PreparedSeries.prepare(timestamps: [0, 1], values: [.nan, .nan], validRange: nil)
        }
    }
}
