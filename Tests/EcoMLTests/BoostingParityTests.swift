@testable import EcoML
import Foundation
import Testing

/// Gradient boosting against scikit-learn's HistGradientBoosting on the same rows
/// (ml_boosting_reference.json, from scripts/reference/ml_boosting_reference.py): with the same
/// binning, split search, missing-value routing and single-precision gradients, the held-out
/// predictions agree to rounding, not just in score.
struct BoostingParityTests {
    static func reference() throws -> [String: Any] { try Fixture.json("ml_boosting_reference.json") }

    /// Blanks cell (i, j) when (7 i + 3 j) % 11 == 0, as the generator does.
    static func withHoles(_ data: Dataset) -> Dataset {
        var out = data
        for j in 0..<data.featureCount {
            for i in 0..<data.rowCount where (7 * i + 3 * j) % 11 == 0 { out.features[j * data.rowCount + i] = .nan }
        }
        return out
    }

    @Test(arguments: 0..<4)
    func heldOutPredictionsMatchScikitLearn(caseIndex: Int) throws {
        let cases = try #require(try Self.reference()["cases"] as? [[String: Any]])
        let spec = cases[caseIndex]
        let name = try #require(spec["dataset"] as? String)
        let task: Task = spec["task"] as? String == "regression" ? .regression : .classification
        let expected = try #require(spec["predictions"] as? [Double])
        var data = try Fixture.dataset("ml_\(name).csv", task: task)
        if spec["holes"] as? Bool == true { data = Self.withHoles(data) }
        let rows = Array(0..<data.rowCount)
        var options = TrainingOptions(seed: 0)
        options.boosting.iterations = try #require(spec["iterations"] as? Int)
        let model = try Model.train(data.subset(rows.filter { $0 % 4 != 0 }), algorithm: .gradientBoosting, options: options)
        let predictions = model.predict(data.subset(rows.filter { $0 % 4 == 0 }))
        let ours = task == .regression ? predictions.values : predictions.probabilities
        #expect(ours.count == expected.count)
        // Sums of single-precision gradients may be added in another order than scikit-learn's: allow rounding.
        let worst = zip(ours, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-9, "\(name) case \(caseIndex): largest difference \(worst)")
    }

    @Test func manyDistinctValuesAreBinnedAtScikitLearnsThresholds() throws {
        // JSONDecoder reads doubles exactly (JSONSerialization may be off in the last bits).
        struct Binning: Decodable { var column: String; var distinctValues: Int; var thresholds: [Double] }
        struct File: Decodable { var binning: Binning }
        let binning = try JSONDecoder().decode(File.self, from: Data(Fixture.text("ml_boosting_reference.json").utf8)).binning
        let expected = binning.thresholds
        let data = try Fixture.dataset("ml_diabetes.csv", task: .regression)
        let column = try #require(data.schema.names.firstIndex(of: binning.column))
        let values = Array(data.features[column * data.rowCount ..< (column + 1) * data.rowCount])
        #expect(Set(values).count == binning.distinctValues)
        // Bit-for-bit: the same percentiles, the same interpolation, repeated edges dropped.
        #expect(FeatureBinner.numericEdges(values, maxBins: 255) == expected)
    }
}
