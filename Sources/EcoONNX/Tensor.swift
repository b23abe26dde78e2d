/// A dense float tensor in row-major (C) order, e.g. an image batch in NCHW.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var data: [Float]

    /// A tensor of `shape` holding `data`; the counts must agree.
    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "tensor shape \(shape) needs \(shape.reduce(1, *)) values, got \(data.count)")
        self.shape = shape
        self.data = data
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.shape = shape
        self.data = [Float](repeating: 0, count: shape.reduce(1, *))
    }

    public var count: Int { data.count }
    public var rank: Int { shape.count }

    /// A tensor whose values the caller writes in full before reading any (outputs of Conv and pooling).
    init(uninitialized shape: [Int]) {
        self.shape = shape
        let count = shape.reduce(1, *)
        self.data = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}
