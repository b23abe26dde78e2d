import EcoAnalytics
import Foundation
import Testing

/// Fixtures/equity_reference.json, made by scripts/reference/equity_reference.py with SciPy.
struct EquityReference: Decodable {
    struct ValueSet: Decodable {
        var name: String
        var values: [Double]
        var percentiles: [Double]
        var probes: [Double]
        var probePercentiles: [Double]
    }

    struct Composite: Decodable {
        struct Indicator: Decodable { var name: String; var kind: String; var weight: Double }
        struct Cell: Decodable { var cell: UInt64; var inputs: [String: Double] }
        struct Expected: Decodable { var cell: UInt64; var score: Double?; var scorePercentile: Double? }
        var indicators: [Indicator]
        var cells: [Cell]
        var expected: [Expected]
    }

    var percentiles: [ValueSet]
    var composite: Composite

    static func load() throws -> EquityReference {
        let url = try #require(Bundle.module.url(forResource: "equity_reference", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(EquityReference.self, from: Data(contentsOf: url))
    }
}

struct JusticeScoreTests {
    @Test func percentileRanksMatchSciPyWeakPercentileOfScore() throws {
        for set in try EquityReference.load().percentiles {
            let ranks = PercentileRank(set.values)
            for (value, expected) in zip(set.values, set.percentiles) {
                #expect(abs(ranks.percentile(of: value)! - expected) <= 1e-9, "\(set.name) \(value)")
            }
            for (probe, expected) in zip(set.probes, set.probePercentiles) {
                #expect(abs(ranks.percentile(of: probe)! - expected) <= 1e-9, "\(set.name) probe \(probe)")
            }
        }
    }

    @Test func tiesShareTheHighestRankAndAnEmptySetHasNone() {
        let ranks = PercentileRank([1, 2, 2, 3])
        #expect(ranks.percentile(of: 2) == 75)
        #expect(ranks.percentile(of: 0.5) == 0)
        #expect(ranks.percentile(of: 3) == 100)
        #expect(PercentileRank([Double.nan]).percentile(of: 1) == nil)
    }

    @Test func compositeScoresMatchTheIndependentPythonComputation() throws {
        let composite = try EquityReference.load().composite
        let indicators = composite.indicators.map {
            JusticeIndicator(name: $0.name, kind: JusticeIndicatorKind(rawValue: $0.kind)!, weight: $0.weight)
        }
        var inputs: [UInt64: [String: JusticeScore.Measurement]] = [:]
        for cell in composite.cells {
            inputs[cell.cell] = cell.inputs.mapValues { JusticeScore.Measurement(value: $0, source: "fixture", date: "2021") }
        }
        let scored = Dictionary(uniqueKeysWithValues: JusticeScore.score(inputs, indicators: indicators).map { ($0.cell, $0) })
        for expected in composite.expected {
            let cell = try #require(scored[expected.cell])
            #expect(cell.score == nil && expected.score == nil || abs((cell.score ?? .nan) - (expected.score ?? .nan)) <= 1e-9, "cell \(expected.cell)")
            #expect(cell.scorePercentile == nil && expected.scorePercentile == nil
                || abs((cell.scorePercentile ?? .nan) - (expected.scorePercentile ?? .nan)) <= 1e-9, "cell \(expected.cell)")
        }
        #expect(composite.expected.contains { $0.score == nil }, "the fixture has cells without a score")
    }

    @Test func missingInputsAreListedAndNotFilledIn() {
        let indicators = [JusticeIndicator(name: "pm25", kind: .environmental, weight: 0.5), JusticeIndicator(name: "heat", kind: .environmental, weight: 0.5),
                          JusticeIndicator(name: "low_income", kind: .socioeconomic, weight: 1)]
        func m(_ value: Double) -> JusticeScore.Measurement { .init(value: value, source: "s", date: "2021") }
        let cells = JusticeScore.score([
            1: ["pm25": m(10), "heat": m(20), "low_income": m(0.1)],
            2: ["pm25": m(20), "low_income": m(0.3)],
            3: ["heat": m(25)],
        ], indicators: indicators)
        // Cell 2: pm25 percentile 100 (2 of 2 ≤ 20), heat missing → E = 100; low_income 100 → D = 1; score 100.
        #expect(cells[1].score == 100)
        #expect(cells[1].missing == ["heat"])
        #expect(cells[1].coverage == 0.75)
        #expect(cells[1].components.first { $0.indicator == "pm25" }?.ejIndex == 100)
        // Cell 3 has no socio-economic input: no score, never a made-up one.
        #expect(cells[2].score == nil && cells[2].demographicIndex == nil)
        #expect(cells[2].missing == ["pm25", "low_income"])
        // Cell 1: pm25 50, heat 50 → E 50; low_income 50 → D 0.5; score 25; ranked below cell 2.
        #expect(cells[0].score == 25)
        #expect(cells[0].scorePercentile == 50 && cells[1].scorePercentile == 100)
    }

    @Test func weightsAreCheckedPerGroup() throws {
        let defaults = JusticeWeights.equal([("pm25", .environmental), ("ozone", .environmental), ("low_income", .socioeconomic)])
        #expect(defaults.map(\.weight) == [0.5, 0.5, 1])
        let chosen = try JusticeWeights.parse("pm25:0.8,ozone:0.2", defaults: defaults)
        #expect(chosen.map(\.weight) == [0.8, 0.2, 1])
        // A group named takes exactly its weights: ozone left out weighs 0.
        #expect(try JusticeWeights.parse("pm25:1", defaults: defaults).map(\.weight) == [1, 0, 1])
        #expect(throws: JusticeScoreError.weightsDoNotSum(kind: .environmental, total: 0.8999999999999999)) {
            try JusticeWeights.parse("pm25:0.7,ozone:0.2", defaults: defaults)
        }
        #expect(throws: JusticeScoreError.negativeWeight(name: "ozone", weight: -0.5)) {
            try JusticeWeights.parse("pm25:1.5,ozone:-0.5", defaults: defaults)
        }
        #expect(throws: JusticeScoreError.unknownIndicator(name: "noise", known: ["pm25", "ozone", "low_income"])) {
            try JusticeWeights.parse("noise:1", defaults: defaults)
        }
        #expect(throws: JusticeScoreError.malformedWeight("pm25=1")) { try JusticeWeights.parse("pm25=1", defaults: defaults) }
    }
}

extension JusticeScoreTests {
    @Test func theSumInTheMessageIsRounded() {
        #expect(JusticeScoreError.weightsDoNotSum(kind: .environmental, total: 0.8999999999999999).description.contains("sum to 0.9;"))
    }
}
