import EcoAnalytics
import EcoRandom
import Foundation
import Testing

/// Five-minute test series: `days` of a daily cycle of `amplitude` around 50 plus seeded Gaussian noise of σ `noise`.
func fiveMinuteSeries(days: Int, amplitude: Double = 10, noise: Double = 1, seed: UInt64 = 11) -> [(timeMs: Int64, value: Double)] {
    var random = SplitMix64(seed: seed)
    let start: Int64 = 1_704_067_200_000  // 2024-01-01T00:00:00Z
    return (0..<(days * 288)).map { index in
        let hours = Double(index) / 12
        return (start + Int64(index) * 300_000, 50 + amplitude * sin(2 * .pi * hours / 24) + noise * random.gaussian())
    }
}

/// Runs of consecutive points flagged at `minimum` severity or above (alarms), as index ranges. The server
/// raises alerts from `warning` up by default; `info` flags are recorded anomalies.
func alarmRuns(_ scores: [AnomalyScore], minimum: Severity = .info) -> [ClosedRange<Int>] {
    var runs: [ClosedRange<Int>] = []
    for index in scores.indices where scores[index].severity.map({ $0 >= minimum }) == true {
        if let last = runs.last, last.upperBound == index - 1 {
            runs[runs.count - 1] = last.lowerBound...index
        } else {
            runs.append(index...index)
        }
    }
    return runs
}

struct DetectorBehaviourTests {
    @Test func aSeasonalSeriesWithOneTrueIncidentRaisesExactlyOneAlarm() {
        var points = fiveMinuteSeries(days: 21)
        let incident = (15 * 288 + 100)..<(15 * 288 + 136)  // three hours 12 σ above the daily cycle
        for index in incident { points[index].value += 12 }
        let scores = scoreAll(points)
        let alerts = alarmRuns(scores, minimum: .warning)
        #expect(alerts.count == 1, "\(alerts)")
        #expect(alerts.first.map { incident.contains($0.lowerBound) } == true)
        // Below warning, the calibrated tests may note a few things, at most one per 1,000 points.
        let others = alarmRuns(scores).filter { !incident.overlaps($0) }
        #expect(others.count <= points.count / 1000, "\(others)")
    }

    @Test func theDailyCycleItselfRaisesNoAlarmAndIsTheBaseline() {
        let scores = scoreAll(fiveMinuteSeries(days: 14))
        #expect(alarmRuns(scores).isEmpty)
        #expect(scores.last?.baseline == .daily)
        #expect(scores.last.map { abs(($0.baselineMean ?? 0) - ($0.value ?? 0)) < 4 } == true)
    }

    @Test func aFlatSeriesNeverAlarms() {
        let start: Int64 = 1_704_067_200_000
        let points = (0..<(14 * 288)).map { (start + Int64($0) * 300_000, 45.0) }
        #expect(scoreAll(points).allSatisfy { !$0.isAnomaly })
    }

    @Test func integerCountsRaiseAtMostOneAlarmPerThousandPoints() {
        var random = SplitMix64(seed: 5)
        let start: Int64 = 1_704_067_200_000
        // Small integer counts (0…6, mostly 1–3) with runs of repeats: quantised, skewed, often equal.
        let points = (0..<(14 * 288)).map { index -> (timeMs: Int64, value: Double) in
            let draw = random.unit() + random.unit() + random.unit()
            return (start + Int64(index) * 300_000, (draw * 2).rounded(.down))
        }
        let runs = alarmRuns(scoreAll(points))
        #expect(Double(runs.count) <= Double(points.count) / 1000, "\(runs)")
    }

    @Test func aRegimeChangeIsOneAlarmAndTheBaselineMovesWithIt() {
        var points = fiveMinuteSeries(days: 14, amplitude: 0)
        let change = 9 * 288
        for index in change..<points.count { points[index].value += 15 }
        let scores = scoreAll(points)
        let alerts = alarmRuns(scores, minimum: .warning)
        #expect(alerts.count == 1, "\(alerts)")
        #expect(alerts.first.map { $0.lowerBound >= change && $0.lowerBound < change + 6 } == true)
        #expect(alarmRuns(scores).contains { run in run.contains { scores[$0].kind == .levelShift } })
        #expect(alarmRuns(scores).filter { $0.upperBound < change || $0.lowerBound > change + 6 }.count <= points.count / 1000)
        #expect(abs((scores[change + 288].baselineMean ?? 0) - 65) < 3)
    }

    @Test func aSensorBackAfterThreeDaysGetsOneResumedNoticeAndNoSpikeAlarms() {
        let all = fiveMinuteSeries(days: 14)
        let silence = (7 * 288)..<(10 * 288)
        var points = Array(all[..<silence.lowerBound]) + Array(all[silence.upperBound...])
        // It comes back 6 σ off the old level, as a sensor moved or recalibrated in the meantime might.
        for index in silence.lowerBound..<points.count { points[index].value += 6 }
        let scores = scoreAll(points)
        let back = Array(scores[silence.lowerBound...])
        #expect(back.filter { $0.notice == .resumed }.count == 1)
        #expect(back.first?.notice == .resumed)
        #expect(back.first?.silenceMs == Int64(silence.count + 1) * 300_000)
        #expect(back.prefix(48).allSatisfy { $0.kind != .spike && $0.kind != .dip }, "\(alarmRuns(back))")
        #expect(!back.first!.isWarmingUp)
    }

    @Test func theFullStateSurvivesJSONAndResumesBitForBit() throws {
        var points = fiveMinuteSeries(days: 10)
        points[2000].value += 40
        for index in 2500..<2530 { points[index].value = points[2499].value }
        var uninterrupted = SeriesDetector()
        var restarted = SeriesDetector()
        for (index, point) in points.enumerated() {
            let expected = uninterrupted.score(timeMs: point.timeMs, value: point.value)
            let actual = restarted.score(timeMs: point.timeMs, value: point.value)
            #expect(actual == expected)
            if index % 500 == 0 {
                restarted = try JSONDecoder().decode(SeriesDetector.self, from: JSONEncoder().encode(restarted))
            }
        }
        #expect(restarted == uninterrupted)
        // The state is a fixed set of numbers: its size does not grow with the history.
        let size = try JSONEncoder().encode(restarted).count
        var longer = restarted
        for point in fiveMinuteSeries(days: 10, seed: 12) { _ = longer.score(timeMs: point.timeMs + 10 * 86_400_000, value: point.value) }
        #expect(size < 40_000)
        #expect(try JSONEncoder().encode(longer).count < 40_000)
    }

    @Test func everyAlarmExplainsItself() {
        var points = fiveMinuteSeries(days: 10)
        points[2400].value += 30
        let alarm = scoreAll(points)[2400]
        #expect(alarm.kind == .spike)
        #expect(alarm.evidence == .point)
        #expect(alarm.baseline == .daily)
        let (low, high) = (alarm.expectedLow!, alarm.expectedHigh!)
        #expect(low < alarm.baselineMean! && alarm.baselineMean! < high && high < alarm.value!)
        #expect(alarm.deviation! > 10)
    }
}
