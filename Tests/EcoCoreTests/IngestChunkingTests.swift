import EcoRandom
import EcoTestSupport
import Testing

@testable import EcoCore

/// The body arrives as buffers split anywhere; the result must not depend on where.
struct IngestChunkingTests {
    static let bodies: [(ObservationFormat, String)] = [
        (.ndjson, "\u{FEFF}" + IngestTest.pm25JSON + "\r\n\n"
            + #"{"variable":"no2","value":-1.25e-3,"observedAt":1714568400000,"stationId":"a\"b\u00e9\ud83d\ude00","x":{"y":[1,"]}"]},"h3Index":"8f1fb46622dc7a2"}"# + "\n"
            + #"{"variable":"o3","value":"bad","observedAt":0}"# + "\n"
            + "not json\n"
            + #"{"variable":"pm25","value":3,"observedAt":"2024-05-01T15:00:00.250+02:00","lat":1,"lng":2}"#),
        (.json, "\u{FEFF} [\n" + IngestTest.pm25JSON + ",\n"
            + #"{"variable":"no2","value":-1.25e-3,"observedAt":1714568400000,"stationId":"a\"b\u00e9\ud83d\ude00,]","x":{"y":[1,"]}"]},"h3Index":"8f1fb46622dc7a2"}"# + " ,\r\n"
            + #"{"variable":"o3","value":"bad","observedAt":0}"# + ",\n"
            + "17,\n"
            + #"{"variable":"pm25","value":3,"observedAt":"2024-05-01T15:00:00.250+02:00","lat":1,"lng":2}"# + "\n]\n"),
        (.json, "[" + IngestTest.pm25JSON + "] x"),
        (.csv, "\u{FEFF}variable,value,unit,observedAt,lat,lng,source,stationId\r\n"
            + "pm25,12.5,ug/m3,2024-05-01T13:00:00Z,48.85,2.35,demo,st-001\r\n"
            + "no2,\"-1.25e-3\",,1714568400000,1,2,\"say \"\"hi\"\"\",\"multi\r\nline, with comma\"\r\n"
            + "\n"
            + "o3,bad,,0,1,2,,\n"
            + "pm25,3,,2024-05-01T15:00:00.250+02:00,1,2,,"),
    ]

    @Test(arguments: 0..<bodies.count)
    func splittingAtEveryByteGivesTheSameResultAsOneChunk(case number: Int) {
        let (format, text) = Self.bodies[number]
        let body = Array(text.utf8)
        let whole = IngestTest.items(body, format, cuts: [])
        #expect(!whole.isEmpty)
        #expect(IngestTest.indicesAreConsistent(whole))
        for cut in 0...body.count {
            #expect(IngestTest.items(body, format, cuts: [cut]) == whole, "cut at \(cut)")
        }
        #expect(IngestTest.items(body, format, cuts: Array(0...body.count)) == whole, "one byte at a time")
        var generator = SplitMix64(seed: UInt64(number))
        for _ in 0..<200 {
            let cuts = (0..<3).map { _ in Int.random(in: 0...body.count, using: &generator) }.sorted()
            #expect(IngestTest.items(body, format, cuts: cuts) == whole, "cuts at \(cuts)")
        }
    }

    @Test func theSampleBodiesDecodeCompletely() {
        let records = 1000
        for format in ObservationFormat.allCases {
            let batch = ObservationDecoder.decode(SampleBodies.observations(format: format, records: records), format: format)
            #expect(batch.records.count == records && batch.errors.isEmpty && batch.batchError == nil, "\(format)")
        }
    }
}
