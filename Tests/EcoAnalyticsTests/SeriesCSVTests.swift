import EcoAnalytics
import EcoTime
import Testing

struct SeriesTimestampTests {
    @Test(arguments: [
        ("2024-05-01T12:00:00Z", Int64(1_714_564_800_000)),
        ("2024-05-01T14:00:00+02:00", 1_714_564_800_000),
        ("2024-05-01T12:00:00.25Z", 1_714_564_800_250),
        ("2024-05-01T12:00:00.123456Z", 1_714_564_800_123),
        ("2024-05-01T12:00:00", 1_714_564_800_000),
        ("2024-05-01 12:00", 1_714_564_800_000),
        ("2024-05-01T07:30:00-0430", 1_714_564_800_000),
        ("2024-05-01", 1_714_521_600_000),
        ("1714564800000", 1_714_564_800_000),
        ("-1000", -1000),
        ("1969-12-31T23:59:59Z", -1000),
        ("2024-02-29", 1_709_164_800_000),
    ])
    func acceptedSpellingsGiveEpochMilliseconds(text: String, expected: Int64) {
        #expect(Timestamp.parse(text[...]) == expected)
    }

    @Test(arguments: ["", "2024-13-01", "2023-02-29", "2024-05-01T25:00", "2024-05-01T12:00:00Q", "yesterday", "12.5"])
    func otherTextIsRejected(text: String) {
        #expect(Timestamp.parse(text[...]) == nil)
    }

    @Test(arguments: [
        (Int64(1_714_564_800_000), "2024-05-01T12:00:00Z"), (1_714_564_800_250, "2024-05-01T12:00:00.250Z"),
        (-1000, "1969-12-31T23:59:59Z"), (951_782_400_000, "2000-02-29T00:00:00Z"),
    ])
    func formattingIsRFC3339InUTC(milliseconds: Int64, expected: String) {
        #expect(Timestamp.format(ms: milliseconds) == expected)
        #expect(Timestamp.parse(expected[...]) == milliseconds)
    }
}

struct SeriesCSVTests {
    @Test func headerIsOptionalAndEmptyValuesAreGaps() throws {
        let withHeader = try SeriesCSV.parse("timestamp,value\n2024-01-01T00:00:00Z,1.5\n2024-01-01T01:00:00Z,\r\n\n2024-01-01T02:00:00Z, 2 \n")
        let without = try SeriesCSV.parse("2024-01-01T00:00:00Z,1.5\n2024-01-01T01:00:00Z,\n2024-01-01T02:00:00Z,2\n")
        #expect(withHeader == without)
        #expect(withHeader.map(\.value) == [1.5, nil, 2])
        #expect(withHeader.map(\.valueText) == ["1.5", "", "2"])
    }

    @Test func namedColumnsMayComeInAnyOrder() throws {
        let points = try SeriesCSV.parse("value,time\n3,2024-01-01\n\"4\",\"2024-01-02\"\n")
        #expect(points.map(\.timeMs) == [1_704_067_200_000, 1_704_153_600_000])
        #expect(points.map(\.value) == [3, 4])
    }

    @Test func rowsAreSortedByTime() throws {
        let points = try SeriesCSV.parse("2000,2\n1000,1\n3000,3\n")
        #expect(points.map(\.value) == [1, 2, 3])
    }

    @Test(arguments: [
        ("timestamp,value\nnoon,1\n", SeriesCSVError.invalidTimestamp(line: 2, text: "noon")),
        ("1000,abc\n", .invalidValue(line: 1, text: "abc")),
        ("1000\n", .missingValueColumn(line: 1)),
    ])
    func badRowsNameTheLine(text: String, expected: SeriesCSVError) {
        #expect(throws: expected) { try SeriesCSV.parse(text) }
    }

    @Test(arguments: [(1.23456, 4, "1.2346"), (0, 4, "0.0000"), (-0.00001, 4, "0.0000"), (-2.5, 1, "-2.5"), (12, 0, "12")])
    func scoresHaveAFixedNumberOfDecimals(value: Double, decimals: Int, expected: String) {
        #expect(SeriesCSV.formatFixed(value, decimals: decimals) == expected)
    }

    @Test func outputRowsHaveTheAgreedShape() {
        let point = SeriesPoint(timeMs: 1_704_067_200_000, value: 30.5, valueText: "30.5")
        let score = AnomalyScore(timeMs: point.timeMs, value: 30.5, anomalyScore: 7.25, kind: .spike, severity: .warning)
        #expect(SeriesCSV.detectionHeader == "timestamp,value,score,isAnomaly,severity")
        #expect(SeriesCSV.detectionRow(point: point, score: score) == "2024-01-01T00:00:00Z,30.5,7.2500,true,warning")
    }
}
