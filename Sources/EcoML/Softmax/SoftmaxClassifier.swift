import Foundation

/// A softmax (multinomial logistic regression) classifier over dense feature vectors, such as image
/// embeddings: p(c | x) = softmax(W·z + b)_c with z = (x − mean) / scale, the standardisation learnt from the
/// training rows. Weights are `classes × features`, row-major.
public struct SoftmaxClassifier: Sendable, Equatable, Codable {
    public var classes: Int
    public var features: Int
    /// Per feature, subtracted before scaling.
    public var mean: [Double]
    /// Per feature, divided by (1 for a constant feature).
    public var scale: [Double]
    public var weights: [Double]
    public var bias: [Double]

    /// A zero classifier (uniform probabilities) standardising with `mean` and `scale`.
    public init(classes: Int, mean: [Double], scale: [Double]) {
        self.classes = classes
        features = mean.count
        self.mean = mean
        self.scale = scale
        weights = Array(repeating: 0, count: classes * mean.count)
        bias = Array(repeating: 0, count: classes)
    }

    /// The standardisation of `rows`: each feature's mean and population standard deviation (1 when it is constant).
    public static func standardisation(of rows: [[Float]]) -> (mean: [Double], scale: [Double]) {
        let width = rows.first?.count ?? 0
        var mean = [Double](repeating: 0, count: width), square = [Double](repeating: 0, count: width)
        for row in rows {
            for j in 0..<width {
                mean[j] += Double(row[j])
                square[j] += Double(row[j]) * Double(row[j])
            }
        }
        let n = Double(max(rows.count, 1))
        let scale = (0..<width).map { j -> Double in
            let variance = max(0, square[j] / n - (mean[j] / n) * (mean[j] / n))
            return variance > 1e-12 ? variance.squareRoot() : 1
        }
        return (mean.map { $0 / n }, scale)
    }

    /// The standardised row.
    func standardised(_ row: [Float]) -> [Double] {
        (0..<features).map { (Double(row[$0]) - mean[$0]) / scale[$0] }
    }

    /// Class scores (logits) of a standardised row.
    func scores(_ z: [Double]) -> [Double] {
        var out = bias
        weights.withUnsafeBufferPointer { w in
            for c in 0..<classes {
                var sum = 0.0
                let base = c * features
                for j in 0..<features { sum += w[base + j] * z[j] }
                out[c] += sum
            }
        }
        return out
    }

    /// The class probabilities of a raw (unstandardised) row of `features` values.
    public func probabilities(_ row: [Float]) -> [Double] {
        precondition(row.count == features, "a row of \(row.count) values for a classifier of \(features) features")
        var scores = scores(standardised(row))
        scores.withUnsafeMutableBufferPointer { _ = Link.softmax($0.baseAddress!, count: classes) }
        return scores
    }

    /// Mean cross-entropy (natural log, probabilities clipped at 1e-15 as scikit-learn's `log_loss`) and accuracy on `rows`.
    public func evaluate(_ rows: [[Float]], labels: [Int]) -> (loss: Double, accuracy: Double) {
        guard !rows.isEmpty else { return (.nan, .nan) }
        var loss = 0.0, correct = 0
        for (row, label) in zip(rows, labels) {
            let p = probabilities(row)
            loss -= log(max(p[label], 1e-15))
            if p.indices.max(by: { p[$0] < p[$1] }) == label { correct += 1 }
        }
        return (loss / Double(rows.count), Double(correct) / Double(rows.count))
    }
}
