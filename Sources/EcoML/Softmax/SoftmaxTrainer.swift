import EcoRandom
import Foundation

/// How a ``SoftmaxTrainer`` steps: mini-batch SGD or Adam (Kingma & Ba, 2015, with its bias corrections and
/// defaults β₁ 0.9, β₂ 0.999, ε 1e-8), an L2 penalty λ/2·‖W‖² on the weights (not the biases), and the seed of
/// the per-epoch shuffles.
public struct SoftmaxTrainingOptions: Sendable, Equatable, Codable {
    public enum Optimizer: String, Sendable, Codable, CaseIterable { case sgd, adam }

    public var optimizer: Optimizer
    public var learningRate: Double
    public var batchSize: Int
    public var l2: Double
    public var seed: UInt64

    public init(optimizer: Optimizer = .adam, learningRate: Double = 0.01, batchSize: Int = 32, l2: Double = 1e-4, seed: UInt64 = 0) {
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.l2 = l2
        self.seed = seed
    }
}

/// Trains a ``SoftmaxClassifier`` one epoch at a time, minimising mean cross-entropy + λ/2·‖W‖².
///
/// The trainer is its whole state (classifier, optimiser moments, step and epoch counts) and is `Codable`, so
/// a checkpoint taken between epochs and decoded later continues exactly as if training had never stopped:
/// epoch e shuffles its rows with a generator seeded by `seed + e`, not by a stream that a restart would lose.
public struct SoftmaxTrainer: Sendable, Equatable, Codable {
    public private(set) var classifier: SoftmaxClassifier
    public let options: SoftmaxTrainingOptions
    /// Epochs finished.
    public private(set) var epochs: Int
    /// Optimiser steps taken (mini-batches).
    public private(set) var steps: Int
    /// Adam's first and second moments of the weights then the biases (empty for SGD).
    private var firstMoment: [Double]
    private var secondMoment: [Double]

    /// A trainer starting from zero weights, standardising features as `trainingRows` say.
    public init(classes: Int, trainingRows: [[Float]], options: SoftmaxTrainingOptions) {
        let (mean, scale) = SoftmaxClassifier.standardisation(of: trainingRows)
        classifier = SoftmaxClassifier(classes: classes, mean: mean, scale: scale)
        self.options = options
        epochs = 0
        steps = 0
        let parameters = options.optimizer == .adam ? classes * mean.count + classes : 0
        firstMoment = Array(repeating: 0, count: parameters)
        secondMoment = Array(repeating: 0, count: parameters)
    }

    /// One pass over `rows` (labels `0..<classes`) in seeded random order, in mini-batches; answers the mean
    /// training cross-entropy of the batches as they were met.
    public mutating func runEpoch(_ rows: [[Float]], labels: [Int]) -> Double {
        precondition(rows.count == labels.count && !rows.isEmpty, "one label per row, at least one row")
        var order = Array(rows.indices)
        var generator = Xoshiro256StarStar(seed: options.seed &+ UInt64(epochs))
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, generator.below(i + 1)) }
        let standardised = rows.map { classifier.standardised($0) }
        let batch = max(1, options.batchSize)
        var loss = 0.0
        for start in stride(from: 0, to: order.count, by: batch) {
            let members = order[start..<min(start + batch, order.count)]
            loss += step(members.map { standardised[$0] }, labels: members.map { labels[$0] }) * Double(members.count)
        }
        epochs += 1
        return loss / Double(rows.count)
    }

    /// One optimiser step on a mini-batch of standardised rows; answers its mean cross-entropy before the step.
    private mutating func step(_ batch: [[Double]], labels: [Int]) -> Double {
        let k = classifier.classes, d = classifier.features, n = Double(batch.count)
        var gradient = [Double](repeating: 0, count: k * d + k)
        var loss = 0.0
        for (z, label) in zip(batch, labels) {
            var p = classifier.scores(z)
            p.withUnsafeMutableBufferPointer { _ = Link.softmax($0.baseAddress!, count: k) }
            loss -= log(max(p[label], 1e-300))
            p[label] -= 1
            gradient.withUnsafeMutableBufferPointer { g in
                for c in 0..<k where p[c] != 0 {
                    let base = c * d, gc = p[c] / n
                    for j in 0..<d { g[base + j] += gc * z[j] }
                    g[k * d + c] += gc
                }
            }
        }
        for i in 0..<(k * d) { gradient[i] += options.l2 * classifier.weights[i] }
        steps += 1
        switch options.optimizer {
        case .sgd:
            for i in 0..<(k * d) { classifier.weights[i] -= options.learningRate * gradient[i] }
            for c in 0..<k { classifier.bias[c] -= options.learningRate * gradient[k * d + c] }
        case .adam:
            let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8
            let correction1 = 1 - pow(beta1, Double(steps)), correction2 = 1 - pow(beta2, Double(steps))
            for i in gradient.indices {
                firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * gradient[i]
                secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * gradient[i] * gradient[i]
                let update = options.learningRate * (firstMoment[i] / correction1) / ((secondMoment[i] / correction2).squareRoot() + epsilon)
                if i < k * d { classifier.weights[i] -= update } else { classifier.bias[i - k * d] -= update }
            }
        }
        return loss / n
    }

    /// The trainer as bytes (JSON; doubles round-trip exactly), for a checkpoint.
    public func checkpoint() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(self))
    }

    /// A trainer from ``checkpoint()``'s bytes.
    public init(checkpoint bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(SoftmaxTrainer.self, from: Data(bytes))
    }
}
