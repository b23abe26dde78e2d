/// What a file's first bytes say it is, for checking a declared content type: a JPEG declared as a PNG
/// is refused. Signatures from the formats' specifications (JPEG: ITU T.81 SOI marker FF D8 FF; PNG:
/// RFC 2083 §3.1; WebP and its RIFF container; TIFF 6.0 §2 byte order marks; ISO/IEC 14496-12 `ftyp`
/// box for MP4/QuickTime; EBML header 1A 45 DF A3 for WebM; PDF 1.7 §7.5.2 `%PDF-`).
public enum ContentSniffer {
    /// How many leading bytes ``mismatch(_:declared:)`` needs at most.
    public static let prefixLength = 16

    /// Nil when `prefix` agrees with `declared` (or the type has no signature, as text and JSON); else
    /// the reason it does not, naming what the bytes look like.
    public static func mismatch(_ prefix: [UInt8], declared: String) -> String? {
        let detected = detect(prefix)
        let expected: [String]
        switch declared {
        case "image/jpeg": expected = ["image/jpeg"]
        case "image/png": expected = ["image/png"]
        case "image/webp": expected = ["image/webp"]
        case "image/tiff": expected = ["image/tiff"]
        case "video/mp4", "video/quicktime": expected = ["video/mp4"]
        case "video/webm": expected = ["video/webm"]
        case "application/pdf": expected = ["application/pdf"]
        default:
            // Text, JSON, CSV and raw payloads have no signature; a known binary format is still refused.
            guard let detected else { return nil }
            return "the file is \(detected), not \(declared)"
        }
        if let detected, expected.contains(detected) { return nil }
        return "the file's first bytes are not those of \(declared)" + (detected.map { " (they look like \($0))" } ?? "")
    }

    /// The content type the signature names, nil when no known one matches.
    public static func detect(_ bytes: [UInt8]) -> String? {
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + signature.count && Array(bytes[offset..<offset + signature.count]) == signature
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return "image/tiff" }
        if starts(Array("ftyp".utf8), at: 4) { return "video/mp4" }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return "video/webm" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0x47, 0x49, 0x46, 0x38]) { return "image/gif" }
        return nil
    }
}
