import EcoML
import Testing

struct MetricsTests {
    // Values computed by sklearn.metrics (scripts/reference/ml_fixtures.py → ml_metrics.json).
    @Test(arguments: [0, 1])
    func classificationMetricsMatchScikitLearn(caseIndex: Int) throws {
        let all = try Fixture.json("ml_metrics.json")
        let c = try #require((all["classification"] as? [[String: Any]])?[caseIndex])
        let k = try #require(c["classCount"] as? Int)
        let truth = try #require(c["truth"] as? [Int]), predicted = try #require(c["predicted"] as? [Int])
        let probabilities = try #require(c["probabilities"] as? [Double])
        func close(_ a: Double?, _ key: String) throws {
            let expected = try #require(c[key] as? Double)
            #expect(abs(try #require(a) - expected) < 1e-12, "\(key)")
        }
        try close(Metrics.accuracy(truth: truth, predicted: predicted), "accuracy")
        try close(Metrics.balancedAccuracy(truth: truth, predicted: predicted, classCount: k), "balancedAccuracy")
        try close(Metrics.macroF1(truth: truth, predicted: predicted, classCount: k), "macroF1")
        try close(Metrics.logLoss(truth: truth, probabilities: probabilities, classCount: k), "logLoss")
        try close(Metrics.rocAUC(truth: truth, probabilities: probabilities, classCount: k), "rocAUC")
        #expect(Metrics.confusionMatrix(truth: truth, predicted: predicted, classCount: k) == c["confusion"] as? [[Int]])
    }

    @Test func regressionMetricsMatchScikitLearn() throws {
        let r = try #require(try Fixture.json("ml_metrics.json")["regression"] as? [String: Any])
        let truth = try #require(r["truth"] as? [Double]), predicted = try #require(r["predicted"] as? [Double])
        #expect(abs(Metrics.meanAbsoluteError(truth: truth, predicted: predicted) - (r["mae"] as! Double)) < 1e-12)
        #expect(abs(Metrics.rootMeanSquaredError(truth: truth, predicted: predicted) - (r["rmse"] as! Double)) < 1e-12)
        #expect(abs(Metrics.r2(truth: truth, predicted: predicted) - (r["r2"] as! Double)) < 1e-12)
    }

    @Test(arguments: [
        ([false, false, true, true], [0.1, 0.4, 0.35, 0.8], 0.75),  // sklearn.metrics.roc_auc_score docs example
        ([false, true], [0.5, 0.5], 0.5),  // a tie counts half
        ([false, true], [0.9, 0.1], 0.0),  // every positive below every negative
    ])
    func rocAUCOfHandCheckedScores(positive: [Bool], scores: [Double], expected: Double) {
        #expect(Metrics.rocAUC(positive: positive, scores: scores) == expected)
    }

    @Test func rocAUCIsUndefinedForOneClass() {
        #expect(Metrics.rocAUC(positive: [true, true], scores: [0.2, 0.3]) == nil)
    }

    @Test func balancedAccuracyAveragesRecallPerClass() {
        // Recall 1/1 for class 0 and 1/3 for class 1.
        let expected: Double = (1 + 1.0 / 3) / 2
        let score = Metrics.balancedAccuracy(truth: [0, 1, 1, 1], predicted: [0, 1, 0, 0], classCount: 2)
        #expect(score == expected)
    }
}
