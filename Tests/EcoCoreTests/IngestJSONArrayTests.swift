import Testing

@testable import EcoCore

struct IngestJSONArrayTests {
    @Test func elementsDecodeWithTheLineWhereTheyStart() {
        let body = "[\n  " + IngestTest.pm25JSON + ",\n  " + IngestTest.pm25JSON + "\n]\n"
        let batch = IngestTest.decode(body, .json)
        #expect(batch.errors.isEmpty && batch.batchError == nil)
        #expect(batch.records.map(\.index) == [0, 1])
        #expect(batch.records.map(\.line) == [2, 3])
        #expect(batch.records.allSatisfy { $0.record == IngestTest.pm25 })
    }

    @Test(arguments: ["[]", " [ ] ", "\u{FEFF}[]\r\n"])
    func anEmptyArrayHoldsNoRecords(body: String) {
        #expect(IngestTest.decode(body, .json) == DecodedBatch())
    }

    @Test func aBadElementIsOneErrorAndTheOthersStillDecode() {
        let body = "[" + [IngestTest.pm25JSON, "42", #"{"variable":"pm25","value":"x","observedAt":0}"#, "{\"a\":[1,2", IngestTest.pm25JSON].joined(separator: ",\n") + "]"
        let batch = IngestTest.decode(body, .json)
        #expect(batch.records.map(\.index) == [0, 4] || batch.batchError != nil)
        // "{\"a\":[1,2" leaves an array open, so the scanner reads on to the end: a broken array.
        let fixed = "[" + [IngestTest.pm25JSON, "42", #"{"variable":"pm25","value":"x","observedAt":0}"#, "null", IngestTest.pm25JSON].joined(separator: ",\n") + "]"
        let good = IngestTest.decode(fixed, .json)
        #expect(good.batchError == nil)
        #expect(good.records.map(\.index) == [0, 4])
        #expect(good.records.map(\.line) == [1, 5])
        #expect(good.errors.map(\.index) == [1, 2, 3])
        #expect(good.errors.map(\.line) == [2, 3, 4])
        #expect(good.errors.map(\.field) == [nil, "value", nil])
        #expect(good.errors[0].reason.hasPrefix("The element is a number, not a JSON object;"))
        #expect(good.errors[2].reason.hasPrefix("The element is null, not a JSON object;"))
    }

    @Test(arguments: [
        ("", 0, 1, "The body is empty (line 1, byte 0); send a JSON array of observation objects, e.g. [{\"variable\":\"pm25\",\"value\":12.5,\"observedAt\":\"2024-05-01T13:00:00Z\",\"lat\":48.85,\"lng\":2.35}]."),
        ("  \n", 3, 2, "The body is empty (line 2, byte 3); send a JSON array of observation objects, e.g. [{\"variable\":\"pm25\",\"value\":12.5,\"observedAt\":\"2024-05-01T13:00:00Z\",\"lat\":48.85,\"lng\":2.35}]."),
        (#"{"variable":"pm25"}"#, 0, 1, "The body must be a JSON array of observation objects starting with '[', but it starts with '{' (line 1, byte 0); send a JSON array of observation objects."),
        ("[{\"a\":1},\n{\"a\":2}", 17, 2, "The JSON array is not terminated: the body ends before its closing ']' (line 2, byte 17); send the whole array."),
        ("[{\"a\":1},", 9, 1, "The JSON array is not terminated: the body ends before its closing ']' (line 1, byte 9); send the whole array."),
        ("[{\"a\":\"]\"", 9, 1, "The JSON array is not terminated: the body ends before its closing ']' (line 1, byte 9); send the whole array."),
        ("[{\"a\":1},]", 9, 1, "The JSON array has a ',' with no element after it (line 1, byte 9); remove the trailing comma."),
        ("[,{\"a\":1}]", 1, 1, "The JSON array has a ',' where an element should be (line 1, byte 1); remove the extra comma."),
        ("[]\n]", 3, 2, "The body has ']' after the closing ']' of the array (line 2, byte 3); send exactly one JSON array."),
        ("[] []", 3, 1, "The body has '[' after the closing ']' of the array (line 1, byte 3); send exactly one JSON array."),
        ("[{\"a\":1}}]", 8, 1, "The JSON array has an unbalanced '}' (line 1, byte 8); check the braces of the element starting at line 1."),
    ])
    func aBrokenArrayIsABatchErrorWithItsPosition(body: String, byteOffset: Int, line: Int, reason: String) throws {
        let batch = IngestTest.decode(body, .json)
        let error = try #require(batch.batchError)
        #expect(error == BatchDecodeError(byteOffset: byteOffset, line: line, reason: reason))
    }

    @Test func recordsBeforeABatchErrorAreStillYieldedAndNothingAfterIt() {
        var decoder = JSONArrayObservationDecoder()
        var items: [DecodedItem] = []
        let body = "[" + IngestTest.pm25JSON + "] garbage " + IngestTest.pm25JSON
        Array(body.utf8).withUnsafeBytes { decoder.feed($0) { items.append($0) } }
        Array("more".utf8).withUnsafeBytes { decoder.feed($0) { items.append($0) } }
        decoder.finish { items.append($0) }
        #expect(items.count == 2)
        #expect(items.first == .record(index: 0, line: 1, IngestTest.pm25))
        if case .batchError(let error) = items.last { #expect(error.byteOffset == IngestTest.pm25JSON.utf8.count + 3) } else { Issue.record("no batch error") }
    }

    @Test func anElementLongerThanTheLimitIsAnErrorForThatElement() {
        let long = #"{"pad":""# + String(repeating: "y", count: 500) + "\"}"
        let body = "[" + [IngestTest.pm25JSON, long, IngestTest.pm25JSON].joined(separator: ",") + "]"
        let limits = IngestLimits(maxRecordBytes: 300)
        for cuts in [[], Array(stride(from: 5, to: body.utf8.count, by: 17))] {
            let batch = IngestTest.decode(Array(body.utf8), .json, cuts: cuts, limits: limits)
            #expect(batch.records.map(\.index) == [0, 2])
            #expect(batch.errors == [RecordError(index: 1, line: 1, reason: "The element is longer than 300 bytes; send smaller records or split the element.")])
            #expect(batch.batchError == nil)
        }
    }
}
