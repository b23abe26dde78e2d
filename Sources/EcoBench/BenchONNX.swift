import ArgumentParser
import EcoONNX
import Foundation

/// `ecotrack bench onnx`: latency per 224×224 image of ONNX models (ResNet50, MobileNetV3-Large …) on one core
/// and on all cores; bench/onnx.sh runs onnxruntime on the same files in the same run and prints the ratio.
struct BenchONNX: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onnx", abstract: "Latency per image of ONNX models, single-threaded and all cores (median of --rounds; see bench/onnx.sh).")
    @Argument(help: "The .onnx files (made by scripts/reference/onnx_models.py --full DIR).") var models: [String]
    @Option(help: "Timed runs per model and thread count (after one warm-up).") var rounds: Int = 5

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
    }
    @Option(help: "Thread counts to measure, comma-separated (default: 1 and all cores).") var threads: String?

    func run() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let counts = threads?.split(separator: ",").compactMap { Int($0) } ?? [1, cores]
        var rows: [String] = []
        for path in models {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            let model = try ONNXModel(serialized: [UInt8](data))
            guard let declared = model.inputs.first?.shape, declared.count == 4 else { throw ValidationError("\(path): expected one NCHW input") }
            let shape = [1] + declared.dropFirst().map { $0 ?? 224 }
            var state: UInt64 = 1
            let values = (0..<shape.reduce(1, *)).map { _ -> Float in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
            }
            let input = Tensor(shape: shape, data: values)
            for count in counts {
                _ = try model.run(input, threads: count)
                var times: [Double] = [], cpu: [Double] = []
                for _ in 0..<rounds {
                    let start = DispatchTime.now().uptimeNanoseconds, cpuStart = Self.processCPUms()
                    _ = try model.run(input, threads: count)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                    cpu.append(Self.processCPUms() - cpuStart)
                }
                times.sort()
                cpu.sort()
                let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                rows.append("{\"model\":\"\(name)\",\"threads\":\(count),\"medianMs\":\(times[times.count / 2]),\"minMs\":\(times[0]),\"cpuMedianMs\":\(cpu[cpu.count / 2])}")
            }
        }
        print("{\"cores\":\(cores),\"rounds\":\(rounds),\"results\":[" + rows.joined(separator: ",") + "]}")
    }

    /// CPU time this process has used (all threads), in ms: on a loaded machine the fairer single-thread figure.
    static func processCPUms() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) * 1e3 + Double(spec.tv_nsec) / 1e6
    }
}
