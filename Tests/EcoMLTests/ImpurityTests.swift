@testable import EcoML
import Testing

struct ImpurityTests {
    // Gini = 1 − Σ p²; the criterion's gain must equal n·Gini(parent) − n_L·Gini(left) − n_R·Gini(right).
    @Test(arguments: [
        ([2.0, 2.0], [2.0, 0.0], 2.0),  // 4 · 0.5 − 0 − 0
        ([3.0, 1.0], [1.0, 1.0], 4 * 0.375 - 2 * 0.5 - 0),
        ([5.0, 5.0, 5.0], [5.0, 0.0, 5.0], 15 * (2.0 / 3) - 10 * 0.5 - 0),
    ])
    func giniGainIsTheWeightedImpurityDecrease(parent: [Double], left: [Double], expected: Double) {
        let criterion = GiniCriterion(labels: [], classCount: parent.count)
        let right = zip(parent, left).map { $0 - $1 }
        func stats(_ counts: [Double]) -> [Double] { [counts.reduce(0, +)] + counts }
        let gain = criterion.score(stats(left)) + criterion.score(stats(right)) - criterion.score(stats(parent))
        #expect(abs(gain - expected) < 1e-12)
    }

    // Squared error: the gain is SSE(parent) − SSE(left) − SSE(right).
    @Test func squaredErrorGainIsTheDecreaseOfTheSumOfSquares() {
        let y = [1.0, 2.0, 3.0, 7.0, 9.0]
        let criterion = SquaredErrorCriterion(targets: y)
        func stats(_ rows: [Int]) -> [Double] {
            var s = [0.0, 0.0, 0.0]
            for i in rows { criterion.accumulate(i, weight: 1, into: &s) }
            return s
        }
        func sse(_ rows: [Int]) -> Double {
            let mean = rows.map { y[$0] }.reduce(0, +) / Double(rows.count)
            return rows.reduce(0) { $0 + (y[$1] - mean) * (y[$1] - mean) }
        }
        let gain = criterion.score(stats([0, 1, 2])) + criterion.score(stats([3, 4])) - criterion.score(stats([0, 1, 2, 3, 4]))
        #expect(abs(gain - (sse([0, 1, 2, 3, 4]) - sse([0, 1, 2]) - sse([3, 4]))) < 1e-9)
    }

    @Test func aNodeOfOneClassIsPure() {
        let criterion = GiniCriterion(labels: [], classCount: 3)
        #expect(criterion.isPure([4, 0, 4, 0]))
        #expect(!criterion.isPure([4, 1, 3, 0]))
    }
}
