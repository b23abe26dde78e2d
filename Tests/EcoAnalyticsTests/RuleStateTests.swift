import EcoAnalytics
import Foundation
import Testing

/// Feeds `values`, one a minute from t = 0, and returns every transition as (minute, kind).
func transitions(_ rule: ThresholdRule, _ values: [Double]) -> [(Int, RuleTransition.Kind)] {
    var state = RuleState()
    var result: [(Int, RuleTransition.Kind)] = []
    for (minute, value) in values.enumerated() {
        for transition in state.evaluate(rule, timeMs: Int64(minute) * 60_000, value: value) {
            result.append((Int(transition.timeMs / 60_000), transition.kind))
        }
    }
    return result
}

func same(_ a: [(Int, RuleTransition.Kind)], _ b: [(Int, RuleTransition.Kind)]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
}

struct RuleStateTests {
    @Test func theConditionMustHoldForTheWholeForDurationBeforeFiring() {
        let rule = ThresholdRule(direction: .above, threshold: 35, forMs: 3 * 60_000)
        let got = transitions(rule, [10, 40, 41, 42, 43, 44, 10])
        #expect(same(got, [(1, .pending), (4, .firing), (6, .resolved)]))
    }

    @Test func aPendingConditionThatClearsIsCancelledWithoutFiring() {
        let rule = ThresholdRule(direction: .above, threshold: 35, forMs: 5 * 60_000)
        #expect(same(transitions(rule, [40, 40, 30, 30]), [(0, .pending), (2, .cancelled)]))
    }

    @Test func aZeroForDurationFiresOnTheFirstBadPoint() {
        let rule = ThresholdRule(direction: .below, threshold: 0)
        #expect(same(transitions(rule, [1, -1, 1]), [(1, .pending), (1, .firing), (2, .resolved)]))
    }

    @Test func keepFiringForHoldsTheAlertThroughBriefClears() {
        let rule = ThresholdRule(direction: .above, threshold: 40, keepFiringForMs: 3 * 60_000)
        let got = transitions(rule, [45, 30, 30, 45, 30, 30, 30, 30])
        // Cleared at 1-2, bad again at 3 (still firing), cleared from 4: resolved 3 minutes later.
        #expect(same(got, [(0, .pending), (0, .firing), (7, .resolved)]))
    }

    @Test func hysteresisKeepsFiringUntilTheClearThresholdIsCrossed() {
        let rule = ThresholdRule(direction: .above, threshold: 40, clearThreshold: 35)
        let got = transitions(rule, [41, 39, 36, 34.9, 39, 41])
        #expect(same(got, [(0, .pending), (0, .firing), (3, .resolved), (5, .pending), (5, .firing)]))
    }

    @Test func manyTransitionsInTheWindowMarkTheRuleAsFlappingUntilTheyStop() {
        let rule = ThresholdRule(direction: .above, threshold: 40, flappingTransitions: 4, flappingWindowMs: 10 * 60_000)
        let got = transitions(rule, [45, 30, 45, 30] + Array(repeating: 30, count: 12))
        #expect(
            same(
                got,
                [
                    (0, .pending), (0, .firing), (1, .resolved), (2, .pending), (2, .firing), (3, .resolved), (3, .flappingStarted),
                    (11, .flappingStopped),
                ]))
    }

    @Test func theStateSurvivesEncodingBetweenPoints() throws {
        let rule = ThresholdRule(direction: .above, threshold: 35, forMs: 2 * 60_000)
        var state = RuleState()
        _ = state.evaluate(rule, timeMs: 0, value: 40)
        let restored = try JSONDecoder().decode(RuleState.self, from: JSONEncoder().encode(state))
        var copy = restored
        #expect(copy.phase == .pending)
        #expect(copy.evaluate(rule, timeMs: 120_000, value: 40).map(\.kind) == [.firing])
    }
}
