@testable import EcoImage
import Foundation
import Testing

/// PNG decoding equals Pillow's, sample for sample, for every colour type, bit depth and interlace.
struct PNGTests {
    @Test func everyColourTypeAndDepthIsCovered() {
        #expect(Fixture.cases("png").count >= 20)
    }

    @Test(arguments: Fixture.cases("png"))
    func decodesExactlyLikePillow(_ c: Fixture.Case) throws {
        let (ours, expected) = try Fixture.decodedWithReference(c)
        let differing = zip(ours, expected).filter { $0 != $1 }.count
        #expect(differing == 0, "\(c.name): \(differing) samples differ")
    }

    @Test func refusesABadChunkCRC() throws {
        var bytes = try Fixture.bytes("png-rgb8.png")
        bytes[bytes.count - 40] ^= 0x01  // inside the last IDAT
        let error = try #require(decodeError(bytes))
        #expect(error.message.contains("fails its CRC"), "\(error)")
    }

    @Test func refusesAHeaderClaimingTenGigapixels() throws {
        let start = Date()
        let bytes = PNGTests.png(width: 100_000, height: 100_000, idat: [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
        let error = try #require(decodeError(bytes))
        #expect(error.message.contains("more than the limit"), "\(error)")
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func refusesImageDataThatInflatesPastItsHeader() throws {
        // 16x16 grey needs 16 * 17 = 272 bytes; the IDAT inflates to 20 MB of zeros.
        let error = try #require(decodeError(try Fixture.bytes("png-bomb-idat.png")))
        #expect(error.message.contains("more than the 272 bytes"), "\(error)")
    }

    @Test func configurableLimitRefusesLargeImages() throws {
        let limits = DecodeLimits(maxPixels: 1000)
        #expect(throws: ImageError.self) { try decodeImage(try Fixture.bytes("png-rgb8.png"), limits: limits) }
    }

    @Test func truncatedPNGIsAClearError() throws {
        let bytes = try Fixture.bytes("png-rgb8-adam7.png")
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: ImageError.self) { try decodeImage(Array(bytes[0..<length])) }
        }
    }

    @Test func inflateHandlesStoredFixedAndDynamicBlocks() throws {
        // A stored block (zlib level 0) and a fixed-Huffman block (level 9), both from Python's zlib;
        // dynamic-Huffman blocks come through every PNG fixture.
        let text = Array("hello hello hello hello, inflate!".utf8)
        let stored: [UInt8] = [0x78, 0x01, 0x01, 0x21, 0x00, 0xDE, 0xFF] + text + adler(text)
        #expect(try Zlib.inflate(stored, maxOutput: 100) == text)
        #expect(throws: ImageError.self) { try Zlib.inflate(stored, maxOutput: 10) }
        let fixed: [UInt8] = [0x78, 0xDA, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x57, 0xC8, 0x40, 0x27, 0x75, 0x14, 0x32, 0xF3, 0xD2, 0x72, 0x12,
                              0x4B, 0x52, 0x15, 0x01, 0xD0, 0x5A, 0x0C, 0x01]
        #expect(try Zlib.inflate(fixed, maxOutput: 100) == text)
        var corrupt = stored
        corrupt[corrupt.count - 1] ^= 1
        #expect(throws: ImageError.self) { try Zlib.inflate(corrupt, maxOutput: 100) }
    }

    func adler(_ b: [UInt8]) -> [UInt8] {
        let a = Zlib.adler32(b)
        return [UInt8(a >> 24), UInt8(a >> 16 & 0xFF), UInt8(a >> 8 & 0xFF), UInt8(a & 0xFF)]
    }

    /// A PNG with a grey 8-bit IHDR of the given size and one IDAT chunk, CRCs correct.
    static func png(width: Int, height: Int, idat: [UInt8]) -> [UInt8] {
        func be(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let tb = Array(type.utf8) + body
            return be(body.count) + tb + be(Int(CRC32.checksum(tb)))
        }
        return PNGDecoder.signature + chunk("IHDR", be(width) + be(height) + [8, 0, 0, 0, 0]) + chunk("IDAT", idat) + chunk("IEND", [])
    }
}
