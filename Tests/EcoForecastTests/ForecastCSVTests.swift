import Testing
import EcoTime

@testable import EcoForecast

struct ForecastTimestampTests {
    @Test(arguments: [
        ("2024-03-01T12:00:00Z", Int64(1_709_294_400_000)),
        ("2024-03-01T14:00:00+02:00", 1_709_294_400_000),
        ("2024-03-01T12:00:00.250Z", 1_709_294_400_250),
        ("2024-03-01 12:00", 1_709_294_400_000),
        ("2024-03-01T12:00:00", 1_709_294_400_000),
        ("2024-03-01", 1_709_251_200_000),
        ("1709294400000", 1_709_294_400_000),
        ("1969-12-31", -86_400_000),
    ])
    func acceptedShapesParseToEpochMilliseconds(text: String, expected: Int64) {
        #expect(Timestamp.parse(text[...]) == expected)
    }

    @Test(arguments: ["", "2024-13-01", "2024-03-01T25:00", "yesterday", "2024-03-01T12:00:00Q"])
    func malformedTimestampsAreRejected(text: String) {
        #expect(Timestamp.parse(text[...]) == nil)
    }

    @Test(arguments: [(Int64(1_709_294_400_000), "2024-03-01T12:00:00Z"), (1_709_294_400_250, "2024-03-01T12:00:00.250Z"), (-86_400_000, "1969-12-31T00:00:00Z")])
    func formattingIsRFC3339InUTC(milliseconds: Int64, expected: String) {
        #expect(Timestamp.format(ms: milliseconds) == expected)
    }
}

struct ForecastCSVTests {
    @Test func headerIsOptionalAndEmptyValuesAreGaps() throws {
        let withHeader = try ForecastCSV.parse("timestamp,value\n2024-01-01,1.5\n2024-01-02,\n2024-01-03,3\n")
        let without = try ForecastCSV.parse("2024-01-01,1.5\r\n2024-01-02,\r\n2024-01-03,3\r\n")
        #expect(withHeader.timestamps == without.timestamps)
        #expect(withHeader.values.count == 3 && withHeader.values[1].isNaN && withHeader.values[2] == 3)
    }

    @Test func readsTheSameShapesAsDetect() throws {
        let series = try ForecastCSV.parse("value,date\n3,2024-01-03\nNA,2024-01-02\n\"1\",\"2024-01-01\"\n")
        #expect(series.timestamps == [1_704_067_200_000, 1_704_153_600_000, 1_704_240_000_000])
        #expect(series.values[0] == 1 && series.values[1].isNaN && series.values[2] == 3)
    }

    @Test func aBadValueNamesItsLine() {
        #expect(throws: ForecastError.malformedLine(line: 3, reason: "'abc' is not a number")) {
            try ForecastCSV.parse("timestamp,value\n2024-01-01,1\n2024-01-02,abc\n")
        }
    }

    @Test func outputHasTheDocumentedHeader() throws {
        let forecast = try Forecaster.forecast(
            timestamps: (0..<5).map { Int64($0) * 86_400_000 }, values: [1, 2, 3, 4, 5], options: ForecastOptions(horizon: 1, model: .drift))
        #expect(ForecastCSV.format(forecast) == "timestamp,mean,p10,p50,p90\n1970-01-06T00:00:00Z,6,6,6,6\n")
    }
}
