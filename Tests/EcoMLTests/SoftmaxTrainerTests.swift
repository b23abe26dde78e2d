@testable import EcoML
import EcoRandom
import Foundation
import Testing

/// The softmax head of image transfer learning (issue #18): a problem with a known optimum, exact resumption
/// from a checkpoint, and both optimisers on separable data.
struct SoftmaxTrainerTests {
    /// One binary feature (two groups) and three classes: with a bias per class the model can match any pair of
    /// distributions, so the unpenalised maximum-likelihood fit is each group's class frequencies.
    static func groups() -> (rows: [[Float]], labels: [Int]) {
        let counts = [[6, 3, 1], [1, 2, 7]]
        var rows: [[Float]] = [], labels: [Int] = []
        for (group, perClass) in counts.enumerated() {
            for (label, count) in perClass.enumerated() {
                for _ in 0..<count {
                    rows.append([Float(group)])
                    labels.append(label)
                }
            }
        }
        return (rows, labels)
    }

    @Test(arguments: [(SoftmaxTrainingOptions.Optimizer.sgd, 1.0, 1e-4), (.adam, 0.02, 1e-2)])
    func fullBatchTrainingReachesTheMaximumLikelihoodSolutionOfAKnownProblem(_ optimizer: SoftmaxTrainingOptions.Optimizer, rate: Double,
                                                                              tolerance: Double) {
        let (rows, labels) = Self.groups()
        var trainer = SoftmaxTrainer(classes: 3, trainingRows: rows,
                                     options: SoftmaxTrainingOptions(optimizer: optimizer, learningRate: rate, batchSize: rows.count, l2: 0, seed: 1))
        for _ in 0..<3_000 { _ = trainer.runEpoch(rows, labels: labels) }
        let expected: [[Double]] = [[0.6, 0.3, 0.1], [0.1, 0.2, 0.7]]
        for group in 0..<2 {
            let p = trainer.classifier.probabilities([Float(group)])
            for c in 0..<3 { #expect(abs(p[c] - expected[group][c]) < tolerance, "\(optimizer) group \(group) class \(c): \(p[c])") }
        }
        // At the optimum the loss is the frequencies' entropy: −Σ n_gc/n · ln(n_gc/n_g).
        let entropy = -(6 * log(0.6) + 3 * log(0.3) + 1 * log(0.1) + 1 * log(0.1) + 2 * log(0.2) + 7 * log(0.7)) / 20
        #expect(abs(trainer.classifier.evaluate(rows, labels: labels).loss - entropy) < tolerance)
    }

    /// Three clusters in 4 dimensions, far apart.
    static func clusters(_ count: Int, seed: UInt64) -> (rows: [[Float]], labels: [Int]) {
        var generator = Xoshiro256StarStar(seed: seed)
        let centres: [[Float]] = [[4, 0, 0, 1], [0, 4, 0, 1], [0, 0, 4, 1]]
        var rows: [[Float]] = [], labels: [Int] = []
        for i in 0..<count {
            let label = i % 3
            rows.append(centres[label].map { $0 + Float.random(in: -1...1, using: &generator) })
            labels.append(label)
        }
        return (rows, labels)
    }

    @Test(arguments: SoftmaxTrainingOptions.Optimizer.allCases)
    func bothOptimisersSeparateClustersAndTheLossFalls(_ optimizer: SoftmaxTrainingOptions.Optimizer) {
        let (rows, labels) = Self.clusters(90, seed: 3)
        let (test, testLabels) = Self.clusters(30, seed: 4)
        var trainer = SoftmaxTrainer(classes: 3, trainingRows: rows,
                                     options: SoftmaxTrainingOptions(optimizer: optimizer, learningRate: optimizer == .sgd ? 0.5 : 0.05, batchSize: 8))
        let first = trainer.runEpoch(rows, labels: labels)
        var last = first
        for _ in 0..<19 { last = trainer.runEpoch(rows, labels: labels) }
        #expect(last < first / 2, "loss \(first) → \(last)")
        #expect(trainer.classifier.evaluate(test, labels: testLabels).accuracy == 1)
        #expect(trainer.epochs == 20 && trainer.steps == 20 * 12)
    }

    @Test func aCheckpointResumesExactlyWhereTrainingStopped() throws {
        let (rows, labels) = Self.clusters(60, seed: 5)
        let options = SoftmaxTrainingOptions(optimizer: .adam, learningRate: 0.02, batchSize: 7, l2: 1e-3, seed: 9)
        var straight = SoftmaxTrainer(classes: 3, trainingRows: rows, options: options)
        for _ in 0..<5 { _ = straight.runEpoch(rows, labels: labels) }

        var interrupted = SoftmaxTrainer(classes: 3, trainingRows: rows, options: options)
        for _ in 0..<2 { _ = interrupted.runEpoch(rows, labels: labels) }
        var resumed = try SoftmaxTrainer(checkpoint: try interrupted.checkpoint())
        #expect(resumed == interrupted, "the checkpoint holds the whole state")
        for _ in 0..<3 { _ = resumed.runEpoch(rows, labels: labels) }
        #expect(resumed == straight, "2 epochs, a checkpoint and 3 more are 5 epochs, bit for bit")
    }
}
