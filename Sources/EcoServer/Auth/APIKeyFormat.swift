import Crypto
import EcoCore
import EcoPipeline
import Foundation

/// API keys look like `eco_<16 hex prefix>_<64 hex secret>`: the prefix finds the stored record,
/// the whole key's SHA-256 proves possession. 32 random bytes of secret make guessing hopeless,
/// so a fast hash is enough (a slow one like bcrypt is for low-entropy passwords).
public enum APIKeyFormat {
    static let scheme = "eco_"
    static let prefixLength = 16
    static let secretLength = 64

    /// A new key and the two values stored for it.
    public struct Generated: Sendable {
        /// Shown once to its owner, never stored.
        public var key: String
        public var prefix: String
        public var hash: String
    }

    /// A new key from the system's cryptographic random source.
    public static func generate() -> Generated {
        var generator = SystemRandomNumberGenerator()
        let prefix = hex((0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let secret = hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let key = scheme + prefix + "_" + secret
        return Generated(key: key, prefix: prefix, hash: hash(key))
    }

    /// The lookup prefix if `text` has the shape of an EcoTrack key, else nil.
    public static func prefix(of text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == scheme.utf8.count + prefixLength + 1 + secretLength, text.hasPrefix(scheme),
              bytes[scheme.utf8.count + prefixLength] == UInt8(ascii: "_") else { return nil }
        let prefixBytes = bytes[scheme.utf8.count ..< scheme.utf8.count + prefixLength]
        let secretBytes = bytes[(scheme.utf8.count + prefixLength + 1)...]
        guard prefixBytes.allSatisfy(isLowerHex), secretBytes.allSatisfy(isLowerHex) else { return nil }
        return String(decoding: prefixBytes, as: UTF8.self)
    }

    /// Lower-case hex SHA-256 of the key.
    public static func hash(_ key: String) -> String {
        hex(Array(SHA256.hash(data: Array(key.utf8))))
    }

    /// Compares two hashes in time independent of where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
