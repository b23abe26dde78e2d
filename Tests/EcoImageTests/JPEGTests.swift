import EcoImage
import Foundation
import Testing

/// JPEG decoding against Pillow (libjpeg-turbo, ISLOW IDCT, fancy upsampling). Our IDCT is a float one,
/// so samples may differ by a little; the tolerance is stated per test and the measured figures printed.
struct JPEGTests {
    @Test(arguments: Fixture.cases("jpeg"))
    func decodesCloseToPillow(_ c: Fixture.Case) throws {
        let (ours, expected) = try Fixture.decodedWithReference(c)
        var maxDiff = 0, total = 0
        for (a, b) in zip(ours, expected) {
            let d = abs(Int(a) - Int(b))
            maxDiff = max(maxDiff, d)
            total += d
        }
        let mean = Double(total) / Double(expected.count)
        print("jpeg \(c.name): max abs diff \(maxDiff), mean \(mean)")
        #expect(maxDiff <= 3 && mean < 0.5, "\(c.name): max \(maxDiff) mean \(mean)")
    }
}

/// Hostile and broken JPEGs: each a clear `ImageError`, never a trap or a hang.
struct JPEGBadInputTests {
    @Test func everyTruncationThrowsOrDecodes() throws {
        for name in ["jpeg-tiny-restart.jpg", "jpeg-tiny-progressive.jpg"] {
            let bytes = try Fixture.bytes(name)
            for length in 0..<bytes.count {  // down to the last byte: a file without its EOI is refused too
                #expect(decodeError(Array(bytes[0..<length])) != nil, "\(name) cut to \(length) bytes decoded without its EOI")
            }
        }
    }

    @Test func truncatedEntropyDataNamesTheByte() throws {
        let bytes = try Fixture.bytes("jpeg-444.jpg")
        let cut = Array(bytes[0..<bytes.count / 2])
        let error = try #require(decodeError(cut))
        #expect(error.message.contains("truncated JPEG: entropy data ends at byte \(cut.count)"), "\(error)")
    }

    @Test func randomByteFlipsThrowOrDecode() throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state >> 1)
        }
        for name in ["jpeg-420.jpg", "jpeg-progressive-444.jpg", "png-rgb8.png"] {
            let original = try Fixture.bytes(name)
            for _ in 0..<200 {
                var bytes = original
                for _ in 0..<1 + next() % 4 { bytes[next() % bytes.count] = UInt8(next() & 0xFF) }
                if let image = try? decodeImage(bytes, limits: DecodeLimits(maxPixels: 4_000_000)) {
                    #expect(image.samples.count == image.width * image.height * image.channels)
                }
            }
        }
    }

    @Test(arguments: [
        (UInt8(0xC3), "SOF3 (lossless)"), (0xC9, "SOF9 (arithmetic sequential)"), (0xCA, "SOF10 (arithmetic progressive)"),
    ])
    func unsupportedFrameTypesNameTheirSOF(marker: UInt8, name: String) throws {
        var bytes = try Fixture.bytes("jpeg-444.jpg")
        let sof = try #require((0..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 1] = marker
        let error = try #require(decodeError(bytes))
        #expect(error.message.contains(name), "\(error)")
    }

    @Test func twelveBitSamplesAreRefused() throws {
        var bytes = try Fixture.bytes("jpeg-grey.jpg")
        let sof = try #require((0..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 1] = 0xC1
        bytes[sof + 4] = 12
        let error = try #require(decodeError(bytes))
        #expect(error.message.contains("12-bit"), "\(error)")
    }

    @Test func fixturesCoverBaselineProgressiveSubsamplingsAndRestarts() throws {
        #expect(Fixture.cases("jpeg").count >= 11)
        let restart = try Fixture.bytes("jpeg-420-restart.jpg")
        #expect((0..<restart.count - 1).contains { restart[$0] == 0xFF && restart[$0 + 1] == 0xDD })
    }

    @Test func wrongMagicAndEmptyInputListTheSupportedTypes() {
        for bytes: [UInt8] in [[], Array("GIF89a....".utf8), [0x42, 0x4D, 0, 0]] {
            let error = decodeError(bytes)
            #expect(error?.message.contains("PNG") == true && error?.message.contains("JPEG") == true, "\(String(describing: error))")
        }
    }
}
