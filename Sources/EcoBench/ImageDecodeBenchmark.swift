import EcoImage
import Foundation

/// Decodes each file `repeats` times and prints the best time, megapixels/s, and the time of
/// ImageNet preprocessing (resize 256, crop 224, normalise) of the decoded pixels.
struct ImageDecodeBenchmark {
    var files: [String]
    var repeats: Int

    func run() throws {
        print("file,format,width,height,bytes,decode_ms,megapixels_per_s,preprocess_ms")
        for path in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            var image = try decodeImage(bytes)
            let decode = try best { image = try decodeImage(bytes) }
            let preprocess = try best { _ = try Preprocessing.imageNet.tensor(image) }
            let megapixels = Double(image.width * image.height) / 1e6
            let format = ImageFormat.sniff(bytes)?.rawValue ?? "?"
            print("\((path as NSString).lastPathComponent),\(format),\(image.width),\(image.height),\(bytes.count),"
                + "\(String(format: "%.1f", decode * 1e3)),\(String(format: "%.1f", megapixels / decode)),\(String(format: "%.1f", preprocess * 1e3))")
        }
    }

    /// The best wall time in seconds over `repeats` runs.
    func best(_ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
        return best
    }
}
