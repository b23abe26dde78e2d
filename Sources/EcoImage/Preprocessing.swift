/// How a classifier wants its input, as the model declares it: resize the shorter side to
/// `resizeSize` (Pillow bilinear with antialias), crop the centre `inputSize` x `inputSize`, scale
/// samples to [0, 1], subtract `mean` and divide by `std` per channel (both listed R, G, B whatever
/// the order), put the channels in `channelOrder`, and lay them out as an NCHW
/// Float32 tensor. This is torchvision's `Resize → CenterCrop → ToTensor → Normalize` on PIL images.
public struct Preprocessing: Sendable, Equatable, Codable {
    public enum ChannelOrder: String, Sendable, Codable { case rgb, bgr }

    public var inputSize: Int
    public var resizeSize: Int
    public var mean: [Float]
    public var std: [Float]
    public var channelOrder: ChannelOrder

    /// The ImageNet recipe torchvision's classifiers (ResNet50, VGG16-BN, DenseNet121 …) declare.
    public static let imageNet = Preprocessing(
        inputSize: 224, resizeSize: 256, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: .rgb)

    public init(inputSize: Int, resizeSize: Int, mean: [Float], std: [Float], channelOrder: ChannelOrder = .rgb) {
        self.inputSize = inputSize
        self.resizeSize = resizeSize
        self.mean = mean
        self.std = std
        self.channelOrder = channelOrder
    }

    /// Throws when the declaration cannot work, saying which field to fix.
    public func validate() throws(ImageError) {
        guard inputSize > 0, resizeSize >= inputSize else {
            throw ImageError("preprocessing needs 0 < inputSize (\(inputSize)) <= resizeSize (\(resizeSize)); the centre crop must fit the resized image")
        }
        guard mean.count == 3, std.count == 3 else { throw ImageError("preprocessing needs 3 mean and 3 std values (one per channel), got \(mean.count) and \(std.count)") }
        guard std.allSatisfy({ $0 > 0 }) else { throw ImageError("preprocessing std values must be positive, got \(std)") }
    }

    /// The resized and centre-cropped RGB pixels (before scaling), as a PyTorch pipeline on PIL sees them.
    public func resizedAndCropped(_ image: PixelImage) throws(ImageError) -> PixelImage {
        try validate()
        let rgb = image.rgb()
        // torchvision: the shorter side becomes resizeSize, the longer one int(resizeSize * long / short).
        let short = min(rgb.width, rgb.height), long = max(rgb.width, rgb.height)
        let newLong = Int(Double(resizeSize) * Double(long) / Double(short))
        let (w, h) = rgb.width <= rgb.height ? (resizeSize, newLong) : (newLong, resizeSize)
        let resized = Resize.bilinear(rgb, width: w, height: h)
        // torchvision's CenterCrop offsets: int(round((size - crop) / 2)), Python rounding half to even.
        let top = Int((Double(h - inputSize) / 2).rounded(.toNearestOrEven))
        let left = Int((Double(w - inputSize) / 2).rounded(.toNearestOrEven))
        var out = [UInt8](repeating: 0, count: inputSize * inputSize * 3)
        for y in 0..<inputSize {
            for x in 0..<inputSize * 3 { out[y * inputSize * 3 + x] = resized.samples[((top + y) * w + left) * 3 + x] }
        }
        return PixelImage(width: inputSize, height: inputSize, channels: 3, samples: out)
    }

    /// One image as a [3, inputSize, inputSize] tensor (CHW, channels in `channelOrder`).
    public func tensor(_ image: PixelImage) throws(ImageError) -> [Float] {
        var out = [Float](repeating: 0, count: 3 * inputSize * inputSize)
        try write(image, into: &out, at: 0)
        return out
    }

    /// Several images as one [N, 3, inputSize, inputSize] tensor.
    public func batch(_ images: [PixelImage]) throws(ImageError) -> ImageBatch {
        let plane = 3 * inputSize * inputSize
        var values = [Float](repeating: 0, count: images.count * plane)
        for (n, image) in images.enumerated() { try write(image, into: &values, at: n * plane) }
        return ImageBatch(count: images.count, height: inputSize, width: inputSize, values: values)
    }

    func write(_ image: PixelImage, into out: inout [Float], at base: Int) throws(ImageError) {
        let crop = try resizedAndCropped(image)
        let area = inputSize * inputSize
        for plane in 0..<3 {
            let c = channelOrder == .rgb ? plane : 2 - plane
            let m = mean[c], s = std[c]
            for i in 0..<area { out[base + plane * area + i] = (Float(crop.samples[i * 3 + c]) / 255 - m) / s }
        }
    }
}

/// A batch of preprocessed images: `values` holds [count, 3, height, width] Float32, NCHW.
public struct ImageBatch: Sendable, Equatable {
    public let count: Int
    public let height: Int
    public let width: Int
    public var values: [Float]

    /// [N, C, H, W], the shape an ONNX image model's input declares.
    public var shape: [Int] { [count, 3, height, width] }
}
