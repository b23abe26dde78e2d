@testable import EcoML
import Foundation
import Testing

struct FlatEnsembleTests {
    // The plain per-tree walk is the oracle for the flattened layout used in prediction.
    @Test(arguments: [Task.classification, .regression])
    func flatForestPredictionsEqualTheMeanOfItsTrees(task: Task) throws {
        let data = try ModelTests.mixed(task: task)
        let forest = try RandomForest.train(data, parameters: { var p = ForestParameters(); p.treeCount = 8; return p }(), seed: 3)
        let k = task == .classification ? 2 : 1
        var out = [Double](repeating: 0, count: k)
        for i in 0..<50 {
            let row = data.row(i)
            var expected = [Double](repeating: 0, count: k)
            for tree in forest.trees { for (c, v) in tree.predict(row).enumerated() { expected[c] += v } }
            row.withUnsafeBufferPointer { r in out.withUnsafeMutableBufferPointer { forest.predict(r.baseAddress!, into: $0.baseAddress!) } }
            for c in 0..<k { #expect(abs(out[c] - expected[c] / 8) < 1e-12) }
        }
    }

    // Ten trees: two groups of four walked in step, then two alone; sums stay in tree order, so equality is exact.
    @Test func flatBoostingScoresEqualTheBaselinePlusEveryTree() throws {
        var data = try ModelTests.mixed(task: .regression)
        for i in stride(from: 0, to: data.features.count, by: 7) { data.features[i] = .nan }
        var parameters = BoostingParameters()
        parameters.iterations = 10
        let model = try GradientBoosting.train(data, parameters: parameters)
        var out = [0.0]
        for i in 0..<50 {
            let row = data.row(i)
            let expected = model.trees.reduce(model.baseline[0]) { $0 + $1.predict(row)[0] }
            row.withUnsafeBufferPointer { r in out.withUnsafeMutableBufferPointer { model.predict(r.baseAddress!, into: $0.baseAddress!) } }
            #expect(out[0] == expected)
        }
    }

    @Test func flatMultiClassBoostingAddsEachTreeToItsClass() throws {
        let data = try Fixture.dataset("ml_wine.csv", task: .classification)
        var parameters = BoostingParameters()
        parameters.iterations = 3
        let model = try GradientBoosting.train(data, parameters: parameters)
        var out = [Double](repeating: 0, count: 3)
        for i in stride(from: 0, to: data.rowCount, by: 9) {
            let row = data.row(i)
            var raw = model.baseline
            for (t, tree) in model.trees.enumerated() { raw[t % 3] += tree.predict(row)[0] }
            let exps = raw.map { exp($0 - raw.max()!) }
            row.withUnsafeBufferPointer { r in out.withUnsafeMutableBufferPointer { model.predict(r.baseAddress!, into: $0.baseAddress!) } }
            for c in 0..<3 { #expect(abs(out[c] - exps[c] / exps.reduce(0, +)) < 1e-12) }
        }
    }
}
