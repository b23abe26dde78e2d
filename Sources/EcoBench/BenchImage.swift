import ArgumentParser

/// `ecotrack bench image-decode`: ms per image and megapixels/s of the pure-Swift PNG and JPEG decoders
/// and of ImageNet preprocessing (issue #18, docs/ocean.md). bench/image-decode.sh writes the inputs.
struct BenchImageDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-decode", abstract: "Decode speed of PNG, baseline and progressive JPEG files (best of N), one core.")
    @Argument(help: "Image files (PNG or JPEG) to decode; bench/image-decode.sh makes ~1.5 MP ones from a real photo.")
    var files: [String]
    @Option(help: "Repetitions per file; the best is reported.") var repeats: Int = 5

    func run() throws {
        try ImageDecodeBenchmark(files: files, repeats: repeats).run()
    }
}
