import Foundation

/// Raw scores to probabilities, and the log loss of a raw score: one copy for every model that
/// predicts classes from scores (gradient boosting, logistic regression), so they cannot drift apart.
enum Link {
    /// The logistic function 1 / (1 + e^−z).
    @inline(__always)
    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// Replaces the score in `out[0]` by the two class probabilities [1 − p, p], p = sigmoid(score).
    @inline(__always)
    static func binaryProbabilities(_ out: UnsafeMutablePointer<Double>) {
        let p = sigmoid(out[0])
        out[0] = 1 - p
        out[1] = p
    }

    /// Replaces `count` scores by their softmax, shifted by the largest score so no exponential overflows.
    ///
    /// - Returns: the largest score and the sum of the shifted exponentials; their log-sum-exp is
    ///   `top + log(sum)`, which the multinomial log loss needs.
    @inline(__always) @discardableResult
    static func softmax(_ scores: UnsafeMutablePointer<Double>, count k: Int) -> (top: Double, sum: Double) {
        var top = -Double.infinity
        for c in 0..<k { top = max(top, scores[c]) }
        var sum = 0.0
        for c in 0..<k {
            scores[c] = exp(scores[c] - top)
            sum += scores[c]
        }
        for c in 0..<k { scores[c] /= sum }
        return (top, sum)
    }

    /// Binary log loss of raw score `z` for a row of class 1 (`positive`) or 0, in the
    /// log(1 + e^−|z|) form that stays finite for large |z|.
    @inline(__always)
    static func binaryLogLoss(_ z: Double, positive: Bool) -> Double {
        max(z, 0) - (positive ? z : 0) + log1p(exp(-abs(z)))
    }
}
