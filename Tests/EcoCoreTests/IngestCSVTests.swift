import Testing

@testable import EcoCore

struct IngestCSVTests {
    static let header = "variable,value,unit,observedAt,lat,lng,source,stationId"

    @Test func rowsDecodeByTheHeaderColumns() {
        let body = Self.header + "\npm25,12.5,ug/m3,2024-05-01T13:00:00Z,48.85,2.35,demo,st-001\n"
        let batch = IngestTest.decode(body, .csv)
        #expect(batch.errors.isEmpty && batch.batchError == nil)
        #expect(batch.records.map(\.record) == [IngestTest.pm25])
        #expect(batch.records.map(\.line) == [2])
    }

    @Test func quotingCRLFByteOrderMarkAndUnknownColumnsAreHandled() {
        let body = "\u{FEFF}note,stationId,\"observedAt\",value,variable,h3Index,quality\r\n"
            + "\"a, b\",\"st \"\"7\"\"\",1714568400000,\" -3.5e0 \",pm25,8f1fb46622dc7a2,good\r\n"
            + "\r\n"
            + "\"multi\nline\",\"x\ny\",2024-05-01,+.5,no2,,\r\n"
            + "z,,2024-05-01T13:00:00Z,7,o3,8f1fb46622dc7a2,2"
        let batch = IngestTest.decode(body, .csv)
        #expect(batch.errors.isEmpty && batch.batchError == nil)
        #expect(batch.records.map(\.index) == [0, 1, 2])
        #expect(batch.records.map(\.line) == [2, 4, 7])
        #expect(batch.records.map(\.record) == [
            ObservationRecord(variable: "pm25", value: -3.5, observedAtMs: 1_714_568_400_000, h3Index: "8f1fb46622dc7a2", stationId: "st \"7\"", quality: "good"),
            ObservationRecord(variable: "no2", value: 0.5, observedAtMs: 1_714_521_600_000, stationId: "x\ny"),
            ObservationRecord(variable: "o3", value: 7, observedAtMs: 1_714_568_400_000, h3Index: "8f1fb46622dc7a2", quality: "2"),
        ])
    }

    @Test(arguments: [
        ("variable,val,observedAt,lat,lng", "value", "variable, val, observedAt, lat, lng"),
        ("variable,value,observedAt,lat", "lng", "variable, value, observedAt, lat"),
        ("Variable,Value,ObservedAt,h3Index", "variable, value, observedAt", "Variable, Value, ObservedAt, h3Index"),
    ])
    func aHeaderWithoutTheRequiredColumnsIsABatchErrorListingThem(header: String, missing: String, found: String) throws {
        let batch = IngestTest.decode(header + "\npm25,1,2024-05-01,1,2\n", .csv)
        let error = try #require(batch.batchError)
        #expect(batch.records.isEmpty && batch.errors.isEmpty)
        #expect(error == BatchDecodeError(byteOffset: 0, line: 1, reason: CSVHeader.requirement + " Missing: \(missing); the header has: \(found)."))
    }

    @Test func anEmptyBodyIsABatchErrorAndAHeaderAloneHoldsNoRecords() throws {
        let empty = try #require(IngestTest.decode("", .csv).batchError)
        #expect(empty.reason == CSVHeader.requirement + " The body has no header line.")
        #expect(IngestTest.decode(Self.header + "\r\n", .csv) == DecodedBatch())
    }

    @Test func aRepeatedColumnIsABatchError() throws {
        let error = try #require(IngestTest.decode("variable,value,value,observedAt,h3Index\n", .csv).batchError)
        #expect(error.reason == "The CSV header names the column value twice; keep one.")
    }

    @Test(arguments: [
        ("pm25,NaN,,2024-05-01T13:00:00Z,1,2,,", "value", "value 'NaN' is not a finite decimal number; send the measured value as a number, e.g. 12.5."),
        ("pm25,Infinity,,2024-05-01T13:00:00Z,1,2,,", "value", "value 'Infinity' is not a finite decimal number; send the measured value as a number, e.g. 12.5."),
        ("pm25,1e999,,2024-05-01T13:00:00Z,1,2,,", "value", "value '1e999' is too large to be a 64-bit floating-point number; send the measured value as a number, e.g. 12.5."),
        ("pm25,12,5,,2024-05-01T13:00:00Z,1,2,,", nil, "The row has 9 fields but the header has 8; quote fields that contain commas, e.g. \"Paris, FR\"."),
        ("pm25,,,2024-05-01T13:00:00Z,1,2,,", "value", "value is missing; send the measured value as a number, e.g. 12.5."),
        (",1,,2024-05-01T13:00:00Z,1,2,,", "variable", "variable is missing; send the variable name, e.g. pm25."),
        ("pm25,1,,yesterday,1,2,,", "observedAt", "observedAt 'yesterday' is not RFC 3339 or epoch milliseconds; send e.g. 2024-05-01T13:00:00Z or 1714568400000."),
        ("pm25,1,,,1,2,,", "observedAt", "observedAt is missing; send the time as RFC 3339 or epoch milliseconds, e.g. 2024-05-01T13:00:00Z."),
        ("pm25,1,,2024-05-01,north,2,,", "lat", "lat 'north' is not a finite decimal number; send the latitude in degrees as a number, e.g. 48.85."),
        ("pm25,1,,2024-05-01,1,2,\"demo\"x,", nil, "Column 7 has text after its closing quote; quote the whole field and write quotes inside it as \"\"."),
        ("pm25,1,,2024-05-01,1,2,\"demo,", nil, "The quoted field in column 7 has no closing quote; end it with \" and write quotes inside it as \"\"."),
    ])
    func rowErrorsNameTheFieldAndSayHowToFixIt(row: String, field: String?, reason: String) throws {
        let batch = IngestTest.decode(Self.header + "\n" + row + "\n", .csv)
        #expect(batch.records.isEmpty && batch.batchError == nil)
        #expect(batch.errors == [RecordError(index: 0, line: 2, field: field, reason: reason)])
    }

    @Test func aBadRowIsOneErrorAndTheOtherRowsStillDecode() {
        let good = "pm25,12.5,ug/m3,2024-05-01T13:00:00Z,48.85,2.35,demo,st-001"
        let body = [Self.header, good, "pm25,x,,0,1,2,,", "", good].joined(separator: "\n")
        let batch = IngestTest.decode(body, .csv)
        #expect(batch.records.map(\.index) == [0, 2])
        #expect(batch.records.map(\.line) == [2, 5])
        #expect(batch.errors.map(\.index) == [1])
    }

    @Test func aRowLongerThanTheLimitIsAnErrorNotACrash() {
        let good = "pm25,12.5,ug/m3,2024-05-01T13:00:00Z,48.85,2.35,demo,st-001"
        let long = "pm25,1,,0,1,2,\"" + String(repeating: "x\n", count: 200) + "\","
        let body = [Self.header, good, long, good].joined(separator: "\n")
        let limits = IngestLimits(maxRecordBytes: 120)
        for cuts in [[], Array(stride(from: 3, to: body.utf8.count, by: 11))] {
            let batch = IngestTest.decode(Array(body.utf8), .csv, cuts: cuts, limits: limits)
            #expect(batch.records.map(\.index) == [0, 2])
            #expect(batch.records.map(\.line) == [2, 204])
            #expect(batch.errors == [RecordError(index: 1, line: 3, reason: "The row is longer than 120 bytes; send smaller records or split the row.")])
        }
    }
}
