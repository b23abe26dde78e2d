import EcoAnalytics
import Foundation
import Testing

struct WindowEvaluationTests {
    static func series(_ name: String, windows: [ClosedRange<Int64>]) -> WindowLabeledSeries {
        WindowLabeledSeries(name: name, points: (0..<100).map { (Int64($0), Optional(1.0)) }, windows: windows)
    }

    static func flags(_ indices: Set<Int>) -> [Bool] { (0..<100).map(indices.contains) }

    @Test func runsOfFlaggedPointsAreAlarmsAndOnlyThoseOutsideEveryWindowAreFalse() {
        let labeled = Self.series("a", windows: [40...59])
        let score = WindowEvaluation.score(labeled, flags: Self.flags([10, 11, 12, 45, 46, 50, 58, 59, 60, 80]))
        #expect(score.alarms == 5)  // 10–12, 45–46, 50, 58–60, 80
        #expect(score.falseAlarms == 2)  // 10–12 and 80; 58–60 touches the window
        #expect(score.windowsFound == 1)
        let totals = WindowScoreTotals([score])
        #expect(totals.precision == 3.0 / 5)
        #expect(totals.recall == 1)
    }

    // Expected values worked by hand from NAB's scoring (numenta/NAB nab/sweeper.py, standard profile):
    // probation = ⌊0.15 × 100⌋ = 15 rows, so the detection at row 10 is ignored; row 45 in window 40…59 scores
    // σ(−15/20)/σ(−1) = 0.96698909; row 80 is 21 rows past it, σ(21/19) × 0.11 = −0.10912773.
    @Test func nabRawScoreMatchesAHandWorkedExample() {
        let raw = NABScore.raw(detections: [10, 45, 80], times: (0..<100).map(Int64.init), windows: [40...59])
        #expect(abs(raw - 0.8578613537012817) < 1e-12)
        #expect(NABScore.raw(detections: [], times: (0..<100).map(Int64.init), windows: [70...79]) == -1)
        #expect(NABScore.raw(detections: [20], times: (0..<100).map(Int64.init), windows: []) == -0.11)
        // Normalised over both windows: 100 × (raw − null) / (perfect − null) with null −2 and perfect 2.
        #expect(abs(NABScore.normalised(raw: 0.8578613537012817 - 1, windowCount: 2) - 46.44653384253205) < 1e-9)
    }

    @Test func falseAlarmsPerThousandCountOnlySeriesWithoutWindows() {
        let quiet = WindowEvaluation.score(Self.series("quiet", windows: []), flags: Self.flags([5, 50]))
        let labeled = WindowEvaluation.score(Self.series("labeled", windows: [40...59]), flags: Self.flags([5]))
        let totals = WindowScoreTotals([quiet, labeled])
        #expect(totals.falseAlarmsPerThousandWithoutWindows == 20)
        #expect(totals.falseAlarms == 3)
    }

    @Test func theHoldOutIsEveryThirdSeriesOfEachFolder() {
        let names = ["b/1.csv", "a/3.csv", "a/1.csv", "a/2.csv", "a/4.csv", "a/5.csv", "a/6.csv", "b/2.csv", "b/3.csv"]
        #expect(WindowEvaluation.holdOut(names) == ["a/3.csv", "a/6.csv", "b/3.csv"])
    }

    @Test func nabLabelsAreReadWithTheirTimestamps() throws {
        let json = #"{"x/a.csv": [["2014-04-10 07:15:00.000000", "2014-04-11 16:45:00.000000"]], "x/b.csv": []}"#
        let windows = try WindowLabels.parse(Data(json.utf8))
        #expect(windows["x/b.csv"] == [])
        #expect(windows["x/a.csv"] == [1_397_114_100_000...1_397_234_700_000])
        #expect(throws: WindowLabelsError.self) { try WindowLabels.parse(Data(#"{"a": [["2014-04-10"]]}"#.utf8)) }
    }

    @Test func theRollingZScoreBaselineFlagsAnOutlierButNotItsNoise() {
        var points = (0..<400).map { (Int64($0), Optional(sin(Double($0)))) }
        points[300].1 = 10
        let flags = RollingZScore().flags(points)
        #expect(flags.indices.filter { flags[$0] } == [300])
    }
}
