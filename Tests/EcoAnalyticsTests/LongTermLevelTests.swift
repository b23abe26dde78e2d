@testable import EcoAnalytics
import Testing

/// The level-shift test's median of the latest deviations, computed without allocating.
@Suite struct LongTermLevelTests {
    @Test func theMedianDeviationIsTheMedianOfTheLastTwoAndTheNewOne() {
        var level = LongTermLevel()
        #expect(level.medianDeviation(adding: 4) == 4)
        level.remember(1)
        #expect(level.medianDeviation(adding: 4) == 2.5)
        level.remember(9)
        let cases: [(Double, Double)] = [(0, 1), (5, 5), (10, 9), (-3, 1), (9, 9), (1, 1)]
        for (new, median) in cases { #expect(level.medianDeviation(adding: new) == median, "median of 1, 9, \(new)") }
        level.remember(-2)
        level.remember(7)  // the oldest ones drop out: the last two are -2 and 7
        for new in [-5.0, 0, 3, 7, 8] {
            #expect(level.medianDeviation(adding: new) == [-2, 7, new].sorted()[1], "median of -2, 7, \(new)")
        }
    }
}
