import Foundation

/// The one JSON encoding of the platform: compact, keys sorted (stable bytes for events, stored
/// parameters and responses), slashes unescaped, non-finite numbers as strings.
public enum StableJSON {
    /// A shared encoder with the settings above; `JSONEncoder` is safe to share once configured.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    /// `value` as compact JSON text with sorted keys.
    public static func text(of value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
