import EcoImage
import Foundation

/// Decodes each file `repeats` times and prints the best time (thread CPU time, robust when other
/// processes share the cores, and wall time), megapixels/s by CPU time, and the CPU time of ImageNet
/// preprocessing (resize 256, crop 224, normalise) of the decoded pixels.
struct ImageDecodeBenchmark {
    var files: [String]
    var repeats: Int

    func run() throws {
        print("file,format,width,height,bytes,decode_ms_cpu,decode_ms_wall,megapixels_per_s_cpu,preprocess_ms_cpu")
        for path in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            var image = try decodeImage(bytes)
            let decode = try best { image = try decodeImage(bytes) }
            let preprocess = try best { _ = try Preprocessing.imageNet.tensor(image) }
            let megapixels = Double(image.width * image.height) / 1e6
            let format = ImageFormat.sniff(bytes)?.rawValue ?? "?"
            let fields = [decode.cpu * 1e3, decode.wall * 1e3, megapixels / decode.cpu, preprocess.cpu * 1e3].map { String(format: "%.1f", $0) }
            print("\((path as NSString).lastPathComponent),\(format),\(image.width),\(image.height),\(bytes.count)," + fields.joined(separator: ","))
        }
    }

    /// The best CPU and wall times in seconds over `repeats` runs.
    func best(_ body: () throws -> Void) rethrows -> (cpu: Double, wall: Double) {
        var cpu = Double.infinity, wall = Double.infinity
        for _ in 0..<max(1, repeats) {
            let c0 = BenchH3.threadCPUSeconds(), w0 = DispatchTime.now().uptimeNanoseconds
            try body()
            cpu = min(cpu, BenchH3.threadCPUSeconds() - c0)
            wall = min(wall, Double(DispatchTime.now().uptimeNanoseconds - w0) * 1e-9)
        }
        return (cpu, wall)
    }
}
