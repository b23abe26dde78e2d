import Testing

@testable import EcoCore

struct IngestNDJSONTests {
    @Test func aRealisticLineDecodesEveryField() {
        let batch = IngestTest.decode(IngestTest.pm25JSON + "\n", .ndjson)
        #expect(batch.errors.isEmpty && batch.batchError == nil)
        #expect(batch.records.map(\.record) == [IngestTest.pm25])
        #expect(batch.records.first?.index == 0 && batch.records.first?.line == 1)
    }

    @Test func blankLinesAreSkippedAndTakeNoIndex() {
        let body = "\n" + IngestTest.pm25JSON + "\r\n  \r\n\t\n" + IngestTest.pm25JSON
        let batch = IngestTest.decode(body, .ndjson)
        #expect(batch.records.map(\.index) == [0, 1])
        #expect(batch.records.map(\.line) == [2, 5])
        #expect(batch.records.allSatisfy { $0.record == IngestTest.pm25 })
    }

    @Test func aByteOrderMarkAtTheStartIsIgnored() {
        let batch = ObservationDecoder.decode([0xEF, 0xBB, 0xBF] + Array((IngestTest.pm25JSON + "\n").utf8), format: .ndjson)
        #expect(batch.records.map(\.record) == [IngestTest.pm25])
    }

    @Test func aBadLineIsOneErrorAndTheOtherLinesStillDecode() {
        let body = [IngestTest.pm25JSON, "{not json}", IngestTest.pm25JSON, #"{"variable":"pm25","value":1}"#, IngestTest.pm25JSON].joined(separator: "\n")
        let batch = IngestTest.decode(body, .ndjson)
        #expect(batch.records.map(\.index) == [0, 2, 4])
        #expect(batch.errors.map(\.index) == [1, 3])
        #expect(batch.errors.map(\.line) == [2, 4])
        #expect(batch.errors.map(\.field) == [nil, "observedAt"])
    }

    // Every per-line error, with the sentence the client reads.
    @Test(arguments: [
        (#"{"variable":"pm25","value":12.5,"observedAt":"yesterday","lat":1,"lng":2}"#, "observedAt",
         "observedAt 'yesterday' is not RFC 3339 or epoch milliseconds; send e.g. 2024-05-01T13:00:00Z or 1714568400000."),
        (#"{"variable":"pm25","value":12.5,"observedAt":1.5}"#, "observedAt",
         "observedAt '1.5' is not RFC 3339 or epoch milliseconds; send e.g. 2024-05-01T13:00:00Z or 1714568400000."),
        (#"{"variable":"pm25","value":12.5,"observedAt":null}"#, "observedAt",
         "observedAt is null; send the time as RFC 3339 or epoch milliseconds, e.g. 2024-05-01T13:00:00Z."),
        (#"{"variable":"pm25","value":12.5,"observedAt":true}"#, "observedAt",
         "observedAt must be a string or an integer, not a boolean; send the time as RFC 3339 or epoch milliseconds, e.g. 2024-05-01T13:00:00Z."),
        (#"{"value":12.5,"observedAt":0}"#, "variable", "variable is missing; send the variable name, e.g. pm25."),
        (#"{"variable":"pm25","observedAt":0}"#, "value", "value is missing; send the measured value as a number, e.g. 12.5."),
        (#"{"variable":"pm25","value":1}"#, "observedAt", "observedAt is missing; send the time as RFC 3339 or epoch milliseconds, e.g. 2024-05-01T13:00:00Z."),
        (#"{"variable":"pm25","value":1e999,"observedAt":0}"#, "value",
         "value '1e999' is too large to be a 64-bit floating-point number; send the measured value as a number, e.g. 12.5."),
        (#"{"variable":"pm25","value":"12.5","observedAt":0}"#, "value",
         "value must be a number, not a string; send the measured value as a number, e.g. 12.5."),
        (#"{"variable":"pm25","value":null,"observedAt":0}"#, "value", "value is null; send the measured value as a number, e.g. 12.5."),
        (#"{"variable":7,"value":1,"observedAt":0}"#, "variable", "variable must be a string, not a number; send the variable name, e.g. pm25."),
        (#"{"variable":"pm25","value":1,"observedAt":0,"lat":"48.85"}"#, "lat",
         "lat must be a number, not a string; send the latitude in degrees as a number, e.g. 48.85."),
        (#"{"variable":"pm25","value":1,"observedAt":0,"stationId":{"id":1}}"#, "stationId",
         "stationId must be a string, not an object; send the station id as text, e.g. st-001."),
        (#"{"variable":"pm25","value":1,"observedAt":0,"quality":[1]}"#, "quality",
         "quality must be a string or a number, not an array; send good, suspect, bad, estimated or a number."),
    ])
    func fieldErrorsNameTheFieldAndSayHowToFixIt(line: String, field: String, reason: String) throws {
        let error = try #require(IngestTest.onlyError(line, .ndjson))
        #expect(error == RecordError(index: 0, line: 1, field: field, reason: reason))
    }

    @Test(arguments: [
        (#"{"variable":"pm25" "value":1}"#, "The line is not valid JSON at column 20: expected ',' or '}' after a value; send one JSON object per line."),
        (#"{"variable":"pm25","value":1"#, "The line is not valid JSON at column 29: expected ',' or '}' after a value; send one JSON object per line."),
        (#"{"variable":"pm25","value":NaN,"observedAt":0}"#, "The line is not valid JSON at column 28: unexpected character 'N'; send one JSON object per line."),
        (#"{"variable":"pm25","value":01,"observedAt":0}"#, "The line is not valid JSON at column 28: '01' is not a JSON number; send one JSON object per line."),
        (#"{"variable":"pm\u12"}"#, "The line is not valid JSON at column 16: \\u must be followed by four hex digits; send one JSON object per line."),
        (#"{"variable":"\ud800x"}"#, "The line is not valid JSON at column 14: a \\u high surrogate must be followed by a \\u low surrogate; send one JSON object per line."),
        (#"{"variable":"\q"}"#, "The line is not valid JSON at column 14: '\\q' is not a JSON escape; send one JSON object per line."),
        (#"{variable:"pm25"}"#, "The line is not valid JSON at column 2: expected a field name in double quotes; send one JSON object per line."),
        (#"{"variable":"pm25","value":1,"observedAt":0} extra"#, "The line is not valid JSON at column 46: unexpected text after the closing '}'; send one JSON object per line."),
        (#"{"variable":"pm25","value":1,"observedAt":0,"x":[1,2}"#, "The line is not valid JSON at column 53: expected ',' or ']' in an array; send one JSON object per line."),
        (#"[1,2]"#, "The line is an array, not a JSON object; send each observation as an object such as {\"variable\":\"pm25\",\"value\":12.5,\"observedAt\":\"2024-05-01T13:00:00Z\",\"lat\":48.85,\"lng\":2.35}."),
        (#""pm25""#, "The line is a string, not a JSON object; send each observation as an object such as {\"variable\":\"pm25\",\"value\":12.5,\"observedAt\":\"2024-05-01T13:00:00Z\",\"lat\":48.85,\"lng\":2.35}."),
        ("x", "The line is not valid JSON at column 1: expected '{' to start an observation object; send one JSON object per line."),
    ])
    func malformedJSONIsOneErrorWithItsColumn(line: String, reason: String) throws {
        let error = try #require(IngestTest.onlyError(line, .ndjson))
        #expect(error.reason == reason)
        #expect(error.field == nil)
    }

    @Test func stringEscapesDecodeIncludingSurrogatePairs() throws {
        let line = #"{"variable":"pm25","value":1,"observedAt":0,"stationId":"a\"b\\c\/d\n\u00e9\ud83d\ude00\t","source":"\u0041"}"#
        let record = try #require(IngestTest.decode(line, .ndjson).records.first?.record)
        #expect(record.stationId == "a\"b\\c/d\né😀\t")
        #expect(record.source == "A")
    }

    @Test func escapedKeysStillMatchTheirField() throws {
        let line = #"{"\u0076ariable":"pm25","value":1,"observedAt":0}"#
        #expect(try #require(IngestTest.decode(line, .ndjson).records.first?.record).variable == "pm25")
    }

    @Test func unknownFieldsAreSkippedWhateverTheyHold() throws {
        let line = #"{"meta":{"a":[1,{"b":null},"}"],"c":{}},"variable":"pm25","tags":["x","]"],"value":-0.5e1,"flag":true,"n":null,"observedAt":1714568400000,"z":[]}"#
        let record = try #require(IngestTest.decode(line, .ndjson).records.first?.record)
        #expect(record == ObservationRecord(variable: "pm25", value: -5, observedAtMs: 1_714_568_400_000))
    }

    @Test func optionalFieldsMayBeNullAndQualityMayBeANumber() throws {
        let line = #"{"variable":"pm25","value":3,"observedAt":"2024-05-01","unit":null,"lat":null,"lng":null,"h3Index":"8f1fb46622dc7a2","quality":2}"#
        let record = try #require(IngestTest.decode(line, .ndjson).records.first?.record)
        #expect(record == ObservationRecord(variable: "pm25", value: 3, observedAtMs: 1_714_521_600_000, h3Index: "8f1fb46622dc7a2", quality: "2"))
    }

    @Test func aRepeatedFieldKeepsItsLastValue() throws {
        let line = #"{"variable":"no2","variable":"pm25","value":1,"value":2,"observedAt":0}"#
        let record = try #require(IngestTest.decode(line, .ndjson).records.first?.record)
        #expect(record.variable == "pm25" && record.value == 2)
    }

    @Test func aLineLongerThanTheLimitIsAnErrorNotACrash() {
        let long = #"{"variable":"pm25","value":1,"observedAt":0,"pad":""# + String(repeating: "x", count: 300) + "\"}"
        let limits = IngestLimits(maxRecordBytes: 200)
        let body = [IngestTest.pm25JSON, long, IngestTest.pm25JSON].joined(separator: "\n")
        for cuts in [[], Array(stride(from: 7, to: body.utf8.count, by: 13))] {
            let batch = IngestTest.decode(Array(body.utf8), .ndjson, cuts: cuts, limits: limits)
            #expect(batch.records.map(\.index) == [0, 2])
            #expect(batch.errors == [RecordError(index: 1, line: 2, reason: "The line is longer than 200 bytes; send smaller records or split the line.")])
        }
    }

    @Test func nestingDeeperThanTheLimitIsAnError() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let line = #"{"variable":"pm25","value":1,"observedAt":0,"x":\#(deep)}"#
        let error = try #require(IngestTest.onlyError(line, .ndjson))
        #expect(error.reason == "The line nests objects and arrays deeper than 32 levels at column 80; flatten the extra fields or leave them out.")
        let shallow = #"{"variable":"pm25","value":1,"observedAt":0,"x":\#(String(repeating: "[", count: 31) + String(repeating: "]", count: 31))}"#
        #expect(IngestTest.decode(shallow, .ndjson).records.count == 1)
    }

    @Test func aLastLineWithoutNewlineIsDecodedAtFinish() {
        var decoder = NDJSONObservationDecoder()
        var items: [DecodedItem] = []
        Array(IngestTest.pm25JSON.utf8).withUnsafeBytes { decoder.feed($0) { items.append($0) } }
        #expect(items.isEmpty)
        decoder.finish { items.append($0) }
        #expect(items == [.record(index: 0, line: 1, IngestTest.pm25)])
    }
}
