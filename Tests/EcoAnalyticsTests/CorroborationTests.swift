import EcoAnalytics
import EcoRandom
import Foundation
import Testing

/// A five-minute server metric: around 10 (σ 1), with a burst of 1–3 points every 3 to 7 hours whose height is
/// heavy-tailed (30 × a log-normal factor of σ 1 above the level).
func burstySeries(days: Int, seed: UInt64) -> [(timeMs: Int64, value: Double)] {
    var random = SplitMix64(seed: seed)
    let start: Int64 = 1_704_067_200_000
    var points: [(timeMs: Int64, value: Double)] = []
    var nextBurst = Int(random.uniform(36...84))
    var burstLeft = 0
    var height = 0.0
    for index in 0..<(days * 288) {
        var value = 10 + random.gaussian()
        if index == nextBurst {
            burstLeft = 1 + Int(random.uniform(0...2.99))
            height = 30 * exp(random.gaussian())
        }
        if burstLeft > 0 {
            value = 10 + height * random.uniform(0.8...1.2)
            burstLeft -= 1
            if burstLeft == 0 { nextBurst = index + Int(random.uniform(36...84)) }
        }
        points.append((start + Int64(index) * 300_000, value))
    }
    return points
}

struct CorroborationTests {
    @Test func burstsTheSeriesOftenMakesDoNotAlarmOnTheResidualAlone() {
        var alone = DetectorConfiguration()
        alone.novelValueLookback = nil
        var corroborated = 0
        var uncorroborated = 0
        var pointCount = 0
        for seed in UInt64(21)...28 {
            let points = burstySeries(days: 14, seed: seed)
            pointCount += points.count
            corroborated += alarmRuns(scoreAll(points)).count
            uncorroborated += alarmRuns(scoreAll(points, configuration: alone)).count
        }
        #expect(2 * corroborated <= uncorroborated, "\(corroborated) vs \(uncorroborated) alarms")
        #expect(corroborated * 4000 <= pointCount, "\(corroborated) alarms in \(pointCount) points")
    }

    @Test(arguments: UInt64(21)...26)
    func aNewLevelAmongFamiliarBurstsStillAlarms(seed: UInt64) {
        var points = burstySeries(days: 14, seed: seed)
        let incident = (12 * 288 + 100)..<(12 * 288 + 112)  // one hour at 400, a value the series never reached
        for index in incident { points[index].value = 400 }
        let runs = alarmRuns(scoreAll(points))
        #expect(runs.contains { incident.contains($0.lowerBound) }, "\(runs)")
    }

    @Test(arguments: [UInt64(0), 1, 2, 3])
    func everyDrawOfTheNoveltySampleFindsAClearIncidentOnce(seed: UInt64) {
        var points = fiveMinuteSeries(days: 21)
        let incident = (15 * 288 + 100)..<(15 * 288 + 136)
        for index in incident { points[index].value += 12 }
        let alerts = alarmRuns(scoreAll(points, configuration: DetectorConfiguration(samplingSeed: seed)), minimum: .warning)
        #expect(alerts.count == 1, "\(alerts)")
        #expect(alerts.first.map { incident.contains($0.lowerBound) } == true)
    }
}

struct RestingTests {
    /// The idle stretch ten times longer than the usual ones.
    static let longIdle = (10 * 288)..<(10 * 288 + 220)

    /// Five-minute activity (uniform 5…50) in blocks of 30 points between idle runs of 20 points at `idle`, and one
    /// idle run of 220 points from day 10 (`longIdle`).
    func idleSeries(idle: Double) -> [(timeMs: Int64, value: Double)] {
        var random = SplitMix64(seed: 8)
        let start: Int64 = 1_704_067_200_000
        return (0..<(14 * 288)).map { index in
            let resting = Self.longIdle.contains(index) || index % 50 >= 30
            return (start + Int64(index) * 300_000, resting ? idle : random.uniform(5...50))
        }
    }

    @Test func aLongRunAtTheFloorIsTheSeriesAtRestNotAStuckSensor() {
        let scores = scoreAll(idleSeries(idle: 0))
        #expect(scores.allSatisfy { $0.kind != .stuck })
    }

    @Test func theSameRunAboveTheFloorIsStuck() {
        let scores = scoreAll(idleSeries(idle: 17.3))
        let stuck = scores.indices.filter { scores[$0].kind == .stuck }
        #expect(!stuck.isEmpty)
        #expect(stuck.allSatisfy { Self.longIdle.contains($0) }, "\(stuck)")
    }

    @Test func withoutRestAtTheFloorTheLongIdleRunIsStuck() {
        var configuration = DetectorConfiguration()
        configuration.floorRunsAreRest = false
        let scores = scoreAll(idleSeries(idle: 0), configuration: configuration)
        #expect(scores.contains { $0.kind == .stuck })
    }
}
