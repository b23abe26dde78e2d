import EcoAnalytics
import Testing

struct DetectorEvaluationTests {
    @Test func theSeededEvaluationSetIsReproducible() {
        let first = SyntheticSeries.make(seed: 5, index: 3)
        let second = SyntheticSeries.make(seed: 5, index: 3)
        #expect(first.points.map(\.timeMs) == second.points.map(\.timeMs))
        #expect(first.points.map(\.value) == second.points.map(\.value))
        #expect(first.anomalies == second.anomalies)
        #expect(Set(first.anomalies.map(\.type)) == Set(EvaluatedAnomalyType.allCases))
    }

    // The bar: F1 ≥ 0.8 on point outliers (spikes/dips) and stuck sensors; the figures are in docs/detection.md.
    @Test func spikesAndStuckSensorsReachF1OfAtLeast0point8() {
        let report = DetectorEvaluation.run(seed: 42, seriesCount: 20)
        let f1 = Dictionary(uniqueKeysWithValues: report.scores.map { ($0.type, $0.f1) })
        #expect((f1[.pointOutlier] ?? 0) >= 0.8)
        #expect((f1[.stuck] ?? 0) >= 0.8)
        #expect(report.scores.allSatisfy { $0.f1 >= 0.7 }, "\(report.table)")
    }
}
