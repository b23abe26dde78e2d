import Testing

@testable import EcoCore

struct IngestFormatTests {
    @Test(arguments: [
        ("application/json", ObservationFormat.json), ("Application/JSON; charset=utf-8", .json), ("text/json", .json),
        ("application/x-ndjson", .ndjson), ("application/ndjson", .ndjson), ("application/jsonl", .ndjson),
        ("text/csv", .csv), ("text/csv;header=present", .csv), ("application/csv", .csv),
    ])
    func contentTypesNameTheirFormat(contentType: String, format: ObservationFormat) {
        #expect(ObservationFormat(contentType: contentType) == format)
    }

    @Test(arguments: ["", "text/plain", "application/xml", "application/jsonx", "multipart/form-data; boundary=x"])
    func otherContentTypesAreNoFormat(contentType: String) {
        #expect(ObservationFormat(contentType: contentType) == nil)
    }

    @Test(arguments: [("json", ObservationFormat.json), (".JSON", .json), ("ndjson", .ndjson), ("jsonl", .ndjson), ("csv", .csv), (".Csv", .csv)])
    func fileExtensionsNameTheirFormat(fileExtension: String, format: ObservationFormat) {
        #expect(ObservationFormat(fileExtension: fileExtension) == format)
        #expect(ObservationFormat(contentType: format.contentType) == format)
    }

    @Test func everyFieldDecodesTheSameInAllThreeFormats() throws {
        let record = ObservationRecord(
            variable: "temperature_2m", value: -3.25, unit: "°C", observedAtMs: 1_714_568_400_123, lat: -33.5, lng: 151.25,
            h3Index: "8f1fb46622dc7a2", source: "bom", stationId: "066062", quality: "suspect")
        let json = #"{"variable":"temperature_2m","value":-3.25,"unit":"°C","observedAt":"2024-05-01T13:00:00.123Z","lat":-33.5,"lng":151.25,"h3Index":"8f1fb46622dc7a2","source":"bom","stationId":"066062","quality":"suspect"}"#
        let csv = "variable,value,unit,observedAt,lat,lng,h3Index,source,stationId,quality\ntemperature_2m,-3.25,°C,2024-05-01T13:00:00.123Z,-33.5,151.25,8f1fb46622dc7a2,bom,066062,suspect\n"
        #expect(IngestTest.decode(json, .ndjson).records.map(\.record) == [record])
        #expect(IngestTest.decode("[" + json + "]", .json).records.map(\.record) == [record])
        #expect(IngestTest.decode(csv, .csv).records.map(\.record) == [record])
    }

    @Test func theFacadeHandsBackEachItemOnce() {
        var decoder = ObservationDecoder(format: .ndjson)
        var items: [DecodedItem] = []
        let body = Array((IngestTest.pm25JSON + "\n{}\n").utf8)
        body.withUnsafeBytes { decoder.feed($0) { items.append($0) } }
        decoder.finish { items.append($0) }
        #expect(items.count == 2)
        #expect(IngestTest.indicesAreConsistent(items))
    }
}
