import Foundation

/// Settings of the linear baselines.
public struct LinearParameters: Sendable, Equatable {
    /// L2 penalty strength of logistic regression; the objective is mean loss + l2 / (2n) · ‖w‖², i.e. scikit-learn's C = 1 / l2.
    public var l2 = 1.0
    /// Optimiser iterations for logistic regression.
    public var iterations = 300

    /// Default settings.
    public init() {}
}

/// Linear regression (ridge, closed form) or logistic regression (binary or multinomial) on standardised features.
public struct LinearModel: Sendable, Equatable {
    var standardizer: FeatureStandardizer
    /// Weights, `scoresPerRow` rows of `standardizer.width`, row-major.
    var weights: [Double]
    /// Intercept per score.
    var intercepts: [Double]
    /// Whether scores go through a sigmoid/softmax.
    var isLogistic: Bool

    var scoresPerRow: Int { intercepts.count }
    /// Numbers `predict` writes per row.
    var outputCount: Int { isLogistic && scoresPerRow == 1 ? 2 : scoresPerRow }

    /// Fits ordinary least squares (with a 1e-9·n ridge for numerical safety) by Cholesky.
    public static func trainLinear(_ data: Dataset) throws -> LinearModel {
        guard case .values(let y) = data.target else { throw MLError.invalidInput("linear regression needs a numeric target") }
        let standardizer = FeatureStandardizer(fitting: data)
        let x = standardizer.encode(data)
        let n = data.rowCount, d = standardizer.width + 1
        // Normal equations on [x, 1]; the intercept is not penalised.
        var a = [Double](repeating: 0, count: d * d), b = [Double](repeating: 0, count: d)
        var row = [Double](repeating: 1, count: d)
        for i in 0..<n {
            for j in 0..<(d - 1) { row[j] = x[i * (d - 1) + j] }
            for p in 0..<d {
                b[p] += row[p] * y[i]
                for q in 0...p { a[p * d + q] += row[p] * row[q] }
            }
        }
        for p in 0..<d { for q in 0..<p { a[q * d + p] = a[p * d + q] } }
        // A tiny ridge keeps the system solvable when one-hot columns and the intercept are collinear.
        for p in 0..<(d - 1) { a[p * d + p] += 1e-9 * Double(n) }
        let solution = try solveSymmetric(a, b, size: d)
        return LinearModel(
            standardizer: standardizer, weights: Array(solution[0..<(d - 1)]), intercepts: [solution[d - 1]],
            isLogistic: false)
    }

    /// Fits L2-regularised logistic regression (multinomial for more than two classes) by
    /// accelerated gradient descent with backtracking.
    public static func trainLogistic(
        _ data: Dataset, parameters: LinearParameters = LinearParameters(),
        progress: TrainingProgress = { _, _ in true }
    ) throws -> LinearModel {
        guard case .classes(let labels, let names) = data.target, names.count >= 2 else {
            throw MLError.invalidInput("logistic regression needs a class target with at least two classes")
        }
        let standardizer = FeatureStandardizer(fitting: data)
        let x = standardizer.encode(data)
        let n = data.rowCount, w = standardizer.width
        let k = names.count == 2 ? 1 : names.count
        let size = k * (w + 1)
        let penalty = parameters.l2 / Double(n)

        // Loss and gradient of θ = [weights (k×w), intercepts (k)].
        func lossAndGradient(_ theta: [Double], _ gradient: inout [Double]) -> Double {
            for j in 0..<size { gradient[j] = 0 }
            var loss = 0.0
            var scores = [Double](repeating: 0, count: k)
            for i in 0..<n {
                for c in 0..<k {
                    var s = theta[k * w + c]
                    for j in 0..<w { s += theta[c * w + j] * x[i * w + j] }
                    scores[c] = s
                }
                if k == 1 {
                    let z = scores[0], positive = labels[i] == 1
                    loss += Link.binaryLogLoss(z, positive: positive)
                    scores[0] = Link.sigmoid(z) - (positive ? 1 : 0)
                } else {
                    // Loss = log-sum-exp − true score; gradient = probabilities − one-hot truth.
                    let truth = scores[labels[i]]
                    let (top, sum) = scores.withUnsafeMutableBufferPointer { Link.softmax($0.baseAddress!, count: k) }
                    loss += top + log(sum) - truth
                    scores[labels[i]] -= 1
                }
                for c in 0..<k {
                    let r = scores[c]
                    gradient[k * w + c] += r
                    for j in 0..<w { gradient[c * w + j] += r * x[i * w + j] }
                }
            }
            var norm = 0.0
            for j in 0..<(k * w) { norm += theta[j] * theta[j] }
            for j in 0..<size { gradient[j] /= Double(n) }
            for j in 0..<(k * w) { gradient[j] += penalty * theta[j] }
            return loss / Double(n) + 0.5 * penalty * norm
        }

        var theta = [Double](repeating: 0, count: size), previous = theta, y = theta
        var gradient = theta, trial = theta, trialGradient = theta
        var step = 1.0, momentum = 1.0
        for iteration in 0..<parameters.iterations {
            let fy = lossAndGradient(y, &gradient)
            // Backtracking: shrink the step until the quadratic upper bound holds.
            while true {
                for j in 0..<size { trial[j] = y[j] - step * gradient[j] }
                let ft = lossAndGradient(trial, &trialGradient)
                var decrease = 0.0
                for j in 0..<size { decrease += gradient[j] * gradient[j] }
                if ft <= fy - 0.5 * step * decrease || step < 1e-10 { break }
                step *= 0.5
            }
            let nextMomentum = (1 + (1 + 4 * momentum * momentum).squareRoot()) / 2
            for j in 0..<size {
                y[j] = trial[j] + (momentum - 1) / nextMomentum * (trial[j] - previous[j])
            }
            previous = trial
            theta = trial
            momentum = nextMomentum
            guard progress(iteration + 1, parameters.iterations) else { throw MLError.cancelled }
        }
        return LinearModel(
            standardizer: standardizer, weights: Array(theta[0..<(k * w)]), intercepts: Array(theta[(k * w)...]),
            isLogistic: true)
    }

    /// Solves A x = b for symmetric positive-definite A (row-major) by Cholesky decomposition.
    static func solveSymmetric(_ a: [Double], _ b: [Double], size d: Int) throws -> [Double] {
        var l = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var s = a[i * d + j]
                for p in 0..<j { s -= l[i * d + p] * l[j * d + p] }
                if i == j {
                    guard s > 0 else { throw MLError.invalidInput("the features are linearly dependent; drop a column") }
                    l[i * d + i] = s.squareRoot()
                } else {
                    l[i * d + j] = s / l[j * d + j]
                }
            }
        }
        var z = b
        for i in 0..<d {
            for p in 0..<i { z[i] -= l[i * d + p] * z[p] }
            z[i] /= l[i * d + i]
        }
        for i in stride(from: d - 1, through: 0, by: -1) {
            for p in (i + 1)..<d { z[i] -= l[p * d + i] * z[p] }
            z[i] /= l[i * d + i]
        }
        return z
    }

    /// Predictions for one row-major input row: the value, or class probabilities.
    @inline(__always)
    func predict(_ row: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        standardizer.encode(row, into: scratch)
        let w = standardizer.width, k = scoresPerRow
        for c in 0..<k {
            var s = intercepts[c]
            for j in 0..<w { s += weights[c * w + j] * scratch[j] }
            out[c] = s
        }
        guard isLogistic else { return }
        if k == 1 {
            Link.binaryProbabilities(out)
        } else {
            Link.softmax(out, count: k)
        }
    }
}
