import EcoCore
import Foundation
import Testing

/// The byte-level response encoder writes what Foundation's JSONEncoder writes, up to key order.
@Suite struct ByteJSONEncoderTests {
    struct Inner: Codable, Equatable {
        var low: Double
        var high: Double?
        var tags: [String]
    }

    struct Outer: Codable, Equatable {
        var name: String
        var count: Int
        var ratio: Double
        var flag: Bool
        var missing: String?
        var inner: Inner
        var rows: [Inner]
        var gaps: [Double?]
        var byName: [String: Int]
        var free: JSONValue
        var big: Int64
    }

    /// Nested containers and a super encoder, as hand-written `encode(to:)` may use them.
    struct Manual: Encodable {
        enum Keys: String, CodingKey { case header, values, trailer }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            var header = c.nestedContainer(keyedBy: Keys.self, forKey: .header)
            try header.encode("h", forKey: .trailer)
            var values = c.nestedUnkeyedContainer(forKey: .values)
            try values.encode(1)
            var pair = values.nestedUnkeyedContainer()
            try pair.encode(2)
            try pair.encodeNil()
            try values.encode(3)
            try c.encode("end", forKey: .trailer)
        }
    }

    static func sameJSON(_ value: some Encodable) throws -> Bool {
        let ours = try JSONDecoder().decode(JSONValue.self, from: Data(ByteJSONEncoder.encode(value)))
        let foundation = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        return ours == foundation
    }

    @Test func nestedStructuresOptionalsDictionariesAndFreeJSONMatchFoundation() throws {
        let value = Outer(
            name: "quote \" slash / back \\ tab \t newline \n bell \u{7} é 漢 🌍", count: -42, ratio: 0.1 + 0.2, flag: true, missing: nil,
            inner: Inner(low: 1e-7, high: nil, tags: []), rows: [Inner(low: 3, high: 2.5e300, tags: ["a", "b"])],
            gaps: [1.5, nil, -0.0], byName: ["z": 1, "a": 2, "m": 3],
            free: .object(["k": .array([.null, .bool(false), .number(12), .string("s")])]), big: Int64.min)
        #expect(try Self.sameJSON(value))
        #expect(try Self.sameJSON(Manual()))
        #expect(String(decoding: try ByteJSONEncoder.encode(Manual()), as: UTF8.self) == #"{"header":{"trailer":"h"},"values":[1,[2,null],3],"trailer":"end"}"#)
    }

    @Test func keysComeInEncodingOrderAndDictionariesSorted() throws {
        struct Ordered: Encodable { var b = 1, a = 2, map = ["y": 1.5, "x": 2] }
        #expect(String(decoding: try ByteJSONEncoder.encode(Ordered()), as: UTF8.self) == #"{"b":1,"a":2,"map":{"x":2,"y":1.5}}"#)
    }

    @Test(arguments: [0.0, 3, -3, 1e15, 1e16, 0.5, 123.456, 1e-300, .nan, .infinity, -.infinity, 5e-324])
    func numbersParseBackToTheSameDouble(_ number: Double) throws {
        let text = String(decoding: try ByteJSONEncoder.encode([number]), as: UTF8.self)
        if number.isFinite {
            let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [NSNumber]
            #expect(parsed?.first?.doubleValue == number, "\(text)")
        } else {
            #expect(text == (number.isNaN ? #"["NaN"]"# : number > 0 ? #"["Infinity"]"# : #"["-Infinity"]"#))
        }
    }

    @Test func anEmptyValueIsAnEmptyObject() throws {
        struct Empty: Encodable {}
        #expect(try ByteJSONEncoder.encode(Empty()) == Array("{}".utf8))
    }
}
