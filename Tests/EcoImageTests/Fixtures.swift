import EcoImage
import Foundation
import Testing

/// The committed fixtures written by scripts/reference/images.py (Pillow's decodings of real photos).
enum Fixture {
    struct Case: Sendable, CustomStringConvertible {
        let name: String, kind: String, file: String, pixels: String
        let width: Int, height: Int, channels: Int
        var description: String { name }
    }

    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name)))
    }

    static func manifest() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url("manifest.json"))) as? [String: Any])
    }

    /// The cases of one kind ("png" or "jpeg"); read at test discovery, so a missing manifest is an empty list that the count test catches.
    static func cases(_ kind: String) -> [Case] {
        guard let m = try? manifest(), let list = m["cases"] as? [[String: Any]] else { return [] }
        return list.compactMap { c in
            guard c["kind"] as? String == kind else { return nil }
            return Case(name: c["name"] as! String, kind: kind, file: c["file"] as! String, pixels: c["pixels"] as! String,
                        width: c["width"] as! Int, height: c["height"] as! Int, channels: c["channels"] as! Int)
        }
    }

    /// Our decoding of a case's file and Pillow's pixels, after checking size and channel count agree.
    static func decodedWithReference(_ c: Case) throws -> (ours: [UInt8], pillow: [UInt8]) {
        let image = try decodeImage(try bytes(c.file))
        #expect(image.width == c.width && image.height == c.height && image.channels == c.channels, "\(c.name)")
        let expected = try bytes(c.pixels)
        try #require(image.samples.count == expected.count)
        return (image.samples, expected)
    }

    static func floats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: url(name))
        return data.withUnsafeBytes { raw in (0..<data.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) } }
    }
}

/// The error decoding `bytes` throws, or nil when they decode.
func decodeError(_ bytes: [UInt8], limits: DecodeLimits = DecodeLimits()) -> ImageError? {
    do {
        _ = try decodeImage(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}
