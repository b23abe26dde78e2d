import Crypto
import EcoCore
import EcoStore
import Foundation

/// The signature on every webhook delivery (docs/webhooks.md):
/// `X-EcoTrack-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`, where
/// `<timestamp>` is the `X-EcoTrack-Timestamp` header (unix seconds) and `<body>` the raw request body.
/// Signing the timestamp lets receivers refuse replays of old deliveries.
public enum WebhookSignature {
    /// The header value for `body` sent at `timestamp`: `sha256=` and 64 lower-case hex digits.
    public static func sign(secret: String, timestamp: Int64, body: some DataProtocol) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: signedBytes(timestamp: timestamp, body: body), using: key(secret))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` (the header value) is the signature of `body` at `timestamp`, and the
    /// timestamp is within `tolerance` seconds of `now`. Compares in constant time.
    public static func verify(secret: String, timestamp: Int64, body: some DataProtocol, signature: String,
                              now: Int64 = Int64(Date().timeIntervalSince1970), tolerance: Int64 = 300) -> Bool {
        guard abs(now - timestamp) <= tolerance, signature.hasPrefix("sha256="),
              let code = hexBytes(signature.dropFirst("sha256=".count)), code.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: signedBytes(timestamp: timestamp, body: body), using: key(secret))
    }

    private static func key(_ secret: String) -> SymmetricKey { SymmetricKey(data: Data(secret.utf8)) }

    private static func signedBytes(timestamp: Int64, body: some DataProtocol) -> Data {
        var bytes = Data("\(timestamp).".utf8)
        bytes.append(contentsOf: body)
        return bytes
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
