import EcoRandom
import Foundation
import Testing

@testable import EcoCore

/// Oracle: Foundation's `JSONDecoder` (Codable) decodes the same random records.
struct IngestCodableOracleTests {
    /// The record as Codable reads it; observedAt and quality accept both of their JSON types.
    struct OracleRecord: Decodable {
        var variable: String
        var value: Double
        var unit: String?
        var observedAt: Either
        var lat: Double?
        var lng: Double?
        var h3Index: String?
        var source: String?
        var stationId: String?
        var quality: Either?

        enum Either: Decodable {
            case text(String)
            case integer(Int64)

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let integer = try? container.decode(Int64.self) { self = .integer(integer) } else { self = .text(try container.decode(String.self)) }
            }
        }

        func record() throws -> ObservationRecord {
            let ms: Int64
            switch observedAt {
            case .integer(let integer): ms = integer
            case .text(let text):
                let formatter = ISO8601DateFormatter()
                formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
                let date = try #require(formatter.date(from: text), "\(text)")
                ms = Int64((date.timeIntervalSince1970 * 1000).rounded())  // inputs have at most 3 fraction digits
            }
            let qualityText: String? = switch quality {
            case .text(let text): text
            case .integer(let integer): String(integer)
            case nil: nil
            }
            return ObservationRecord(
                variable: variable, value: value, unit: unit, observedAtMs: ms, lat: lat, lng: lng,
                h3Index: h3Index, source: source, stationId: stationId, quality: qualityText)
        }
    }

    @Test(arguments: [ObservationFormat.ndjson, .json])
    func randomValidRecordsDecodeAsCodableDecodesThem(format: ObservationFormat) throws {
        var generator = SplitMix64(seed: format == .ndjson ? 101 : 202)
        let objects = (0..<600).map { RandomRecordJSON.object(&generator, round: $0, multiline: format == .json) }
        let body = format == .ndjson ? objects.joined(separator: "\n") : "[" + objects.joined(separator: ",\n") + "]"
        let batch = IngestTest.decode(body, format)
        #expect(batch.errors.isEmpty, "\(batch.errors.prefix(3)) in \(batch.errors.prefix(3).map { objects[$0.index] })")
        #expect(batch.batchError == nil)
        try #require(batch.records.count == objects.count)
        for (object, decoded) in zip(objects, batch.records) {
            let oracle: OracleRecord
            do { oracle = try JSONDecoder().decode(OracleRecord.self, from: Data(object.utf8)) } catch {
                Issue.record("JSONDecoder rejects \(object): \(error)")
                continue
            }
            let expected = try oracle.record()
            #expect(decoded.record == expected, "\(object)")
            #expect(decoded.record.value.bitPattern == expected.value.bitPattern, "\(object)")
        }
    }
}

/// Random observation objects in varied but valid JSON: any key order, optional fields absent
/// or null, unknown fields with nested values, escaped strings, numbers of every shape.
enum RandomRecordJSON {
    static func object(_ g: inout SplitMix64, round: Int, multiline: Bool) -> String {
        var members: [String] = []
        members.append(#""variable":\#(string(["pm25", "no2", "temperature_2m", "o3"].randomElement(using: &g)!, &g))"#)
        members.append(#""value":\#(finiteDecimal(&g, round: round))"#)
        let ms = Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &g)
        switch Int.random(in: 0..<4, using: &g) {
        case 0: members.append(#""observedAt":\#(ms)"#)
        case 1: members.append(#""observedAt":"\#(Timestamp.format(ms: ms))""#)
        case 2: members.append(#""observedAt":"\#(Timestamp.format(ms: ms - ms % 1000).dropLast())+05:30""#)
        default: members.append(#""observedAt":"\#(Timestamp.format(ms: ms - ms % 1000 + 1).dropLast())-03:00""#)
        }
        for field in ["unit", "source", "stationId", "h3Index"] where Bool.random(using: &g) {
            members.append(#""\#(field)":\#(Bool.random(using: &g) ? "null" : string(randomText(&g), &g))"#)
        }
        for field in ["lat", "lng"] where Bool.random(using: &g) {
            members.append(#""\#(field)":\#(Int.random(in: 0..<4, using: &g) == 0 ? "null" : finiteDecimal(&g, round: round))"#)
        }
        switch Int.random(in: 0..<4, using: &g) {
        case 0: members.append(#""quality":\#(Int.random(in: -5...5, using: &g))"#)
        case 1: members.append(#""quality":\#(string(["good", "suspect", "bad"].randomElement(using: &g)!, &g))"#)
        default: break
        }
        for k in 0..<Int.random(in: 0...2, using: &g) {
            members.append(#""extra\#(k)":\#(["{\"a\":[1,2,{\"b\":null}],\"c\":\"}\"}", "[true,false,-0.5e-3]", "\"x\\\"]\"", "{}", "[]", "123"].randomElement(using: &g)!)"#)
        }
        members.shuffle(using: &g)
        let space = multiline ? [" ", "", "\t", " \r\n "] : [" ", "", "\t"]
        return "{" + space.randomElement(using: &g)! + members.joined(separator: "," + space.randomElement(using: &g)!) + space.randomElement(using: &g)! + "}"
    }

    /// A random decimal within the normal range of `Double`. (Foundation's JSONDecoder rejects
    /// numbers that underflow and some zeros such as `-0.0e4`, all valid JSON that `Double(String)`
    /// — and so the ingest decoder — accepts; IngestNumberTests covers those.)
    static func finiteDecimal(_ g: inout SplitMix64, round: Int) -> String {
        while true {
            let text = IngestNumberTests.randomDecimal(&g, round: round)
            if let value = Double(text), value.isNormal { return text }
        }
    }

    static func randomText(_ g: inout SplitMix64) -> String {
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", "-", " ", "\"", "\\", "/", "\n", "\t", "é", "µ", "°", "水", "😀", "\u{1}", "\u{7F}"]
        return String(String.UnicodeScalarView((0..<Int.random(in: 0...20, using: &g)).map { _ in alphabet.randomElement(using: &g)! }))
    }

    /// `text` as a JSON string literal, escaping randomly where JSON allows it.
    static func string(_ text: String, _ g: inout SplitMix64) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + hex4(scalar.value)
            default:
                if Int.random(in: 0..<4, using: &g) == 0 {
                    for unit in String(scalar).utf16 { out += "\\u" + hex4(UInt32(unit)) }
                } else if scalar == "/", Bool.random(using: &g) {
                    out += "\\/"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
