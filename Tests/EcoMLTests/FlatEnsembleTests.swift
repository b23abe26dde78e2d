@testable import EcoML
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

    @Test func flatBoostingScoresEqualTheBaselinePlusEveryTree() throws {
        let data = try ModelTests.mixed(task: .regression)
        var parameters = BoostingParameters()
        parameters.iterations = 10
        let model = try GradientBoosting.train(data, parameters: parameters)
        var out = [0.0]
        for i in 0..<50 {
            let row = data.row(i)
            let expected = model.trees.reduce(model.baseline[0]) { $0 + $1.predict(row)[0] }
            row.withUnsafeBufferPointer { r in out.withUnsafeMutableBufferPointer { model.predict(r.baseAddress!, into: $0.baseAddress!) } }
            #expect(abs(out[0] - expected) < 1e-9)
        }
    }
}
