import Foundation

/// Scores of predictions against the truth; formulas follow scikit-learn's `sklearn.metrics`.
public enum Metrics {
    /// Share of rows whose predicted class equals the true class.
    public static func accuracy(truth: [Int], predicted: [Int]) -> Double {
        precondition(truth.count == predicted.count && !truth.isEmpty)
        return Double(zip(truth, predicted).filter { $0 == $1 }.count) / Double(truth.count)
    }

    /// Counts[true class][predicted class] over `classCount` classes.
    public static func confusionMatrix(truth: [Int], predicted: [Int], classCount: Int) -> [[Int]] {
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (t, p) in zip(truth, predicted) { matrix[t][p] += 1 }
        return matrix
    }

    /// Mean recall over the classes present in `truth`.
    public static func balancedAccuracy(truth: [Int], predicted: [Int], classCount: Int) -> Double {
        let matrix = confusionMatrix(truth: truth, predicted: predicted, classCount: classCount)
        let recalls = matrix.indices.compactMap { c -> Double? in
            let support = matrix[c].reduce(0, +)
            return support > 0 ? Double(matrix[c][c]) / Double(support) : nil
        }
        return recalls.reduce(0, +) / Double(recalls.count)
    }

    /// Unweighted mean of per-class F1 over classes that occur in truth or predictions (0 when undefined).
    public static func macroF1(truth: [Int], predicted: [Int], classCount: Int) -> Double {
        let matrix = confusionMatrix(truth: truth, predicted: predicted, classCount: classCount)
        var scores = [Double]()
        for c in 0..<classCount {
            let tp = Double(matrix[c][c])
            let support = Double(matrix[c].reduce(0, +))
            let predictedCount = Double(matrix.reduce(0) { $0 + $1[c] })
            guard support + predictedCount > 0 else { continue }
            scores.append(2 * tp / (support + predictedCount))
        }
        return scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
    }

    /// Mean negative log-likelihood of the true class; probabilities are row-major, `classCount` per row,
    /// clipped to [1e-15, 1 − 1e-15] and renormalised as scikit-learn does.
    public static func logLoss(truth: [Int], probabilities: [Double], classCount k: Int) -> Double {
        precondition(probabilities.count == truth.count * k)
        let eps = 1e-15
        var total = 0.0
        for (i, t) in truth.enumerated() {
            var sum = 0.0
            for c in 0..<k { sum += min(max(probabilities[i * k + c], eps), 1 - eps) }
            total -= log(min(max(probabilities[i * k + t], eps), 1 - eps) / sum)
        }
        return total / Double(truth.count)
    }

    /// Area under the ROC curve of a score for the positive class (ties count half).
    ///
    /// Returns nil when `positive` has only one class present.
    public static func rocAUC(positive: [Bool], scores: [Double]) -> Double? {
        precondition(positive.count == scores.count)
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        // Mann–Whitney U with average ranks for ties.
        var rankSumPositive = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for r in i...j where positive[order[r]] { rankSumPositive += averageRank }
            i = j + 1
        }
        let nPos = Double(positive.filter { $0 }.count), nNeg = Double(positive.count) - nPos
        guard nPos > 0, nNeg > 0 else { return nil }
        return (rankSumPositive - nPos * (nPos + 1) / 2) / (nPos * nNeg)
    }

    /// ROC AUC from class probabilities: the positive-class score for two classes, otherwise the
    /// unweighted mean of one-vs-rest AUCs over classes present in `truth` (scikit-learn's `ovr`, `macro`).
    public static func rocAUC(truth: [Int], probabilities: [Double], classCount k: Int) -> Double? {
        if k == 2 {
            return rocAUC(positive: truth.map { $0 == 1 }, scores: truth.indices.map { probabilities[$0 * 2 + 1] })
        }
        let aucs = (0..<k).compactMap { c in
            rocAUC(positive: truth.map { $0 == c }, scores: truth.indices.map { probabilities[$0 * k + c] })
        }
        return aucs.isEmpty ? nil : aucs.reduce(0, +) / Double(aucs.count)
    }
}
