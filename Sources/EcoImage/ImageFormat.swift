/// The image formats EcoImage decodes, told apart by their leading bytes (magic numbers).
public enum ImageFormat: String, Sendable, CaseIterable {
    case png
    case jpeg

    /// The format whose signature starts `bytes`, or nil.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        if bytes.starts(with: PNGDecoder.signature) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }
}

/// Decodes PNG or JPEG bytes, whichever their signature says they are.
public func decodeImage(_ bytes: [UInt8], limits: DecodeLimits = DecodeLimits()) throws(ImageError) -> PixelImage {
    guard !bytes.isEmpty else { throw ImageError("the image is empty (0 bytes); send a PNG or JPEG file") }
    switch ImageFormat.sniff(bytes) {
    case .png: return try PNGDecoder.decode(bytes, limits: limits)
    case .jpeg: return try JPEGDecoder.decode(bytes, limits: limits)
    case nil:
        let head = bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")
        throw ImageError("unsupported image type (first bytes \(head)); supported: PNG (89 50 4E 47 …) and JPEG (FF D8 FF …)")
    }
}
