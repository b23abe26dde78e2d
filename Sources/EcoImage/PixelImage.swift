/// A decoded raster: `height` rows of `width` pixels, each `channels` 8-bit samples, interleaved, row-major.
///
/// Channel counts: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. 16-bit PNG samples are reduced to their high
/// byte (`v >> 8`), as Pillow does when it opens 16-bit RGB, RGBA and grey+alpha PNGs.
public struct PixelImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public var samples: [UInt8]

    /// Wraps `samples`; their count must be `width * height * channels`.
    public init(width: Int, height: Int, channels: Int, samples: [UInt8]) {
        precondition(samples.count == width * height * channels, "sample count does not match \(width)x\(height)x\(channels)")
        self.width = width
        self.height = height
        self.channels = channels
        self.samples = samples
    }

    /// The same pixels as RGB (grey replicated, alpha dropped), what classifiers take.
    public func rgb() -> PixelImage {
        if channels == 3 { return self }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        let n = width * height
        samples.withUnsafeBufferPointer { src in
            for i in 0..<n {
                if channels <= 2 {
                    let g = src[i * channels]
                    out[i * 3] = g; out[i * 3 + 1] = g; out[i * 3 + 2] = g
                } else {
                    out[i * 3] = src[i * 4]; out[i * 3 + 1] = src[i * 4 + 1]; out[i * 3 + 2] = src[i * 4 + 2]
                }
            }
        }
        return PixelImage(width: width, height: height, channels: 3, samples: out)
    }
}

/// Limits applied before any large allocation, so hostile files are refused quickly.
public struct DecodeLimits: Sendable {
    /// Largest `width * height` accepted (default 64 megapixels).
    public var maxPixels: Int

    public init(maxPixels: Int = 64_000_000) {
        self.maxPixels = maxPixels
    }

    func check(width: Int, height: Int, format: String) throws(ImageError) {
        guard width > 0, height > 0 else {
            throw ImageError("\(format) declares a \(width)x\(height) image; width and height must be at least 1")
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels else {
            throw ImageError(
                "\(format) declares \(width)x\(height) pixels, more than the limit of \(maxPixels); raise DecodeLimits.maxPixels if the image is genuine")
        }
    }
}

/// Why bytes could not be decoded: the message says what is wrong and, where possible, what to do.
public struct ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
