import EcoML
import Foundation
import Testing

/// Accuracy levels on scikit-learn's bundled datasets against scikit-learn's own 5-fold scores
/// (ml_reference_scores.json). Tests use their own 3 folds and fewer trees to stay fast in debug builds,
/// hence the margin; bench/ml.py compares on scikit-learn's folds with full settings (including the
/// diabetes random forest, whose 30-tree score is too noisy for a unit test).
struct AccuracyTests {
    @Test(arguments: [
        ("breast_cancer", Task.classification, Algorithm.randomForest, 0.03),
        ("breast_cancer", .classification, .gradientBoosting, 0.03),
        ("wine", .classification, .randomForest, 0.03),
        ("wine", .classification, .gradientBoosting, 0.03),
        ("diabetes", .regression, .gradientBoosting, 0.05),
    ])
    func crossValidatedScoreIsCloseToScikitLearn(dataset: String, task: Task, algorithm: Algorithm, margin: Double) throws {
        let data = try Fixture.dataset("ml_\(dataset).csv", task: task)
        var options = TrainingOptions(seed: 0)
        options.forest.treeCount = 25
        options.forest.computeOutOfBagScore = false
        options.boosting.iterations = 40
        let report = try Model.crossValidate(data, algorithm: algorithm, options: options, folds: 3)
        let reference = try #require(try Fixture.json("ml_reference_scores.json")[dataset] as? [String: Any])
        let expected = try #require(reference[algorithm == .randomForest ? "rf" : "gbt"] as? Double)
        #expect(report.mean.primaryScore >= expected - margin, "\(dataset) \(algorithm): \(report.mean.primaryScore) vs \(expected)")
    }
}
