import Foundation

/// Identity, and Dropout in inference (its mask output refused at load).
struct Identity: Operator {
    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor { inputs[0] }
}

/// ONNX Flatten: [d0 … d(axis−1)] × [d(axis) …] as a 2-D tensor.
struct Flatten: Operator {
    let axis: Int

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        var x = inputs[0]
        let axis = self.axis < 0 ? self.axis + x.rank : self.axis
        guard axis >= 0, axis <= x.rank else { throw ONNXError.shapeMismatch("Flatten axis \(self.axis) is outside rank \(x.rank)") }
        let rows = x.shape[..<axis].reduce(1, *)
        x.shape = [rows, x.count / Swift.max(rows, 1)]
        return x
    }
}

/// ONNX Reshape with a constant target shape (0 copies the input's dimension unless allowzero, −1 is inferred).
struct Reshape: Operator {
    let target: [Int]
    let allowZero: Bool

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        var x = inputs[0]
        var shape = target.enumerated().map { i, d in d == 0 && !allowZero && i < x.rank ? x.shape[i] : d }
        let known = shape.filter { $0 != -1 }.reduce(1, *)
        if let unknown = shape.firstIndex(of: -1) {
            guard known > 0, x.count % known == 0 else { throw ONNXError.shapeMismatch("cannot reshape \(x.shape) to \(target)") }
            shape[unknown] = x.count / known
        }
        guard shape.reduce(1, *) == x.count else { throw ONNXError.shapeMismatch("cannot reshape \(x.shape) to \(target)") }
        x.shape = shape
        return x
    }
}

/// ONNX Concat along one axis.
struct Concat: Operator {
    let axis: Int

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        let first = inputs[0]
        let axis = self.axis < 0 ? self.axis + first.rank : self.axis
        guard axis >= 0, axis < first.rank else { throw ONNXError.shapeMismatch("Concat axis \(self.axis) is outside rank \(first.rank)") }
        for t in inputs where t.rank != first.rank || t.shape[..<axis] != first.shape[..<axis] || t.shape[(axis + 1)...] != first.shape[(axis + 1)...] {
            throw ONNXError.shapeMismatch("Concat along axis \(axis) needs matching other axes, got \(first.shape) and \(t.shape)")
        }
        let outer = first.shape[..<axis].reduce(1, *), inner = first.shape[(axis + 1)...].reduce(1, *)
        var shape = first.shape
        shape[axis] = inputs.reduce(0) { $0 + $1.shape[axis] }
        var out = [Float]()
        out.reserveCapacity(shape.reduce(1, *))
        for o in 0..<outer {
            for t in inputs {
                let block = t.shape[axis] * inner
                out.append(contentsOf: t.data[(o * block)..<((o + 1) * block)])
            }
        }
        return Tensor(shape: shape, data: out)
    }
}

/// ONNX Softmax. From opset 13 it normalises along one axis (default −1); before, over the flattened
/// block of axes axis… (default 1), as the operator docs of each version define.
struct Softmax: Operator {
    let axis: Int
    let flattensTrailingAxes: Bool

    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor {
        var x = inputs[0]
        let axis = self.axis < 0 ? self.axis + x.rank : self.axis
        guard axis >= 0, axis < x.rank else { throw ONNXError.shapeMismatch("Softmax axis \(self.axis) is outside rank \(x.rank)") }
        let (length, stride) = flattensTrailingAxes
            ? (x.shape[axis...].reduce(1, *), 1) : (x.shape[axis], x.shape[(axis + 1)...].reduce(1, *))
        let groups = x.count / Swift.max(length, 1)
        x.data.withUnsafeMutableBufferPointer { p in
            for g in 0..<groups {
                let base = (g / stride) * length * stride + g % stride
                var top = -Float.infinity
                for i in 0..<length { top = Swift.max(top, p[base + i * stride]) }
                var sum: Float = 0
                for i in 0..<length {
                    let e = exp(p[base + i * stride] - top)
                    p[base + i * stride] = e
                    sum += e
                }
                for i in 0..<length { p[base + i * stride] /= sum }
            }
        }
        return x
    }
}
