import EcoCore
import Foundation
import JWTKit

/// Every claim of a provider's token, kept as JSON so configured claim paths (`app_metadata.org`) can be read.
/// JWTKit checks only the signature; ``ExternalTokens`` checks times, issuer and audience against its clock.
struct ProviderClaims: JWTPayload {
    var all: [String: JSONValue]

    init(from decoder: any Decoder) throws {
        all = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(all)
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The value at a dotted path (`role`, `app_metadata.organization`).
    func value(at path: String) -> JSONValue? {
        var current: JSONValue? = .object(all)
        for component in path.split(separator: ".") {
            guard case let .object(fields)? = current else { return nil }
            current = fields[String(component)]
        }
        return current
    }

    /// The string at `path`; a number is given as its text.
    func string(at path: String) -> String? {
        switch value(at: path) {
        case let .string(text)?: text
        case let .number(number)?: number.rounded() == number ? String(Int64(number)) : String(number)
        default: nil
        }
    }

    /// The strings at `path`: one string, or an array's strings (`groups`, `roles`).
    func strings(at path: String) -> [String] {
        if case let .array(items)? = value(at: path) {
            return items.compactMap { if case let .string(text) = $0 { text } else { nil } }
        }
        return string(at: path).map { [$0] } ?? []
    }

    /// A NumericDate claim (seconds since the epoch), in ms.
    func timeMs(_ name: String) -> Int64? {
        guard case let .number(seconds)? = all[name] else { return nil }
        return Int64(seconds * 1000)
    }

    /// `aud`: one string or an array of them.
    var audiences: [String] { strings(at: "aud") }
}
