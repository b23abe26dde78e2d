import Foundation

/// A JSON value whose shape is decided at run time (alert metadata, job parameters, problem extensions).
/// Objects encode with sorted keys, so bytes are stable.
public indirect enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }

    /// The JSON document in `text`, nil when it is not JSON.
    public static func parse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Compact JSON text with sorted keys.
    public var text: String { String(decoding: encoded(), as: UTF8.self) }

    /// UTF-8 JSON with sorted keys.
    public func encoded() -> [UInt8] {
        Array((try? StableJSON.encoder.encode(self)) ?? Data("null".utf8))
    }

    /// The JSON form of an `Encodable` value.
    public init(encodable value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: try StableJSON.encoder.encode(value))
    }

    public subscript(key: String) -> JSONValue? {
        if case let .object(object) = self { return object[key] }
        return nil
    }
}
