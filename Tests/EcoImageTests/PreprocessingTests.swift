import EcoImage
import Foundation
import Testing

/// Preprocessing equals torchvision's PIL pipeline (Resize → CenterCrop → ToTensor → Normalize) when fed
/// the same decoded pixels (Pillow's decoding of jpeg-420.jpg), within 1e-3 per value.
struct PreprocessingTests {
    @Test(arguments: [("preprocess-64-56-rgb", 64, 56, false), ("preprocess-40-33-bgr", 40, 33, true), ("preprocess-150-128-rgb", 150, 128, false)])
    func matchesTorchvisionOnPIL(name: String, resize: Int, crop: Int, bgr: Bool) throws {
        let source = try Fixture.cases("jpeg").first { $0.name == "jpeg-420" }.map { c in
            PixelImage(width: c.width, height: c.height, channels: 3, samples: try Fixture.bytes(c.pixels))
        }
        let image = try #require(source)
        let p = Preprocessing(inputSize: crop, resizeSize: resize, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225],
                              channelOrder: bgr ? .bgr : .rgb)
        let tensor = try p.tensor(image)
        let expected = try Fixture.floats(name + ".f32")
        try #require(tensor.count == expected.count)
        let maxDiff = zip(tensor, expected).map { abs($0 - $1) }.max() ?? 0
        print("preprocess \(name): max abs diff \(maxDiff)")
        #expect(maxDiff <= 1e-3, "\(name): \(maxDiff)")
    }

    @Test func batchStacksImagesInOrder() throws {
        let a = PixelImage(width: 4, height: 6, channels: 1, samples: (0..<24).map { UInt8($0 * 10) })
        let b = PixelImage(width: 5, height: 3, channels: 3, samples: (0..<45).map { UInt8(255 - $0) })
        let p = Preprocessing(inputSize: 2, resizeSize: 3, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])
        let batch = try p.batch([a, b])
        #expect(batch.shape == [2, 3, 2, 2])
        #expect(Array(batch.values[0..<12]) == (try p.tensor(a)))
        #expect(Array(batch.values[12..<24]) == (try p.tensor(b)))
        // Grey input: all three planes equal.
        #expect(Array(batch.values[0..<4]) == Array(batch.values[4..<8]))
    }

    @Test func rgbDropsAlphaAndReplicatesGrey() {
        let rgba = PixelImage(width: 2, height: 1, channels: 4, samples: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(rgba.rgb().samples == [1, 2, 3, 5, 6, 7])
        let greyAlpha = PixelImage(width: 2, height: 1, channels: 2, samples: [9, 100, 20, 200])
        #expect(greyAlpha.rgb().samples == [9, 9, 9, 20, 20, 20])
    }

    @Test func resizeToTheSameSizeKeepsPixels() {
        let image = PixelImage(width: 7, height: 5, channels: 3, samples: (0..<105).map { UInt8($0 * 2) })
        #expect(Resize.bilinear(image, width: 7, height: 5) == image)
    }

    @Test func badDeclarationsAreClearErrors() {
        let image = PixelImage(width: 8, height: 8, channels: 3, samples: [UInt8](repeating: 0, count: 192))
        for p in [
            Preprocessing(inputSize: 10, resizeSize: 8, mean: [0, 0, 0], std: [1, 1, 1]),
            Preprocessing(inputSize: 4, resizeSize: 8, mean: [0], std: [1, 1, 1]),
            Preprocessing(inputSize: 4, resizeSize: 8, mean: [0, 0, 0], std: [1, 0, 1]),
        ] {
            #expect(throws: ImageError.self) { try p.tensor(image) }
        }
    }
}
