import EcoAnalytics
import EcoCore
import EcoRandom
import Foundation
import Testing

/// Hourly test series: level 20, a daily cycle of `amplitude`, seeded Gaussian noise of σ `noise`, rounded to 0.01.
func hourlySeries(days: Int, amplitude: Double = 6, noise: Double = 0.5, seed: UInt64 = 1) -> [(timeMs: Int64, value: Double)] {
    var random = SplitMix64(seed: seed)
    let start: Int64 = 1_704_067_200_000  // 2024-01-01T00:00:00Z
    return (0..<(days * 24)).map { hour in
        let value = 20 + amplitude * sin(2 * .pi * Double(hour) / 24) + noise * random.gaussian()
        return (start + Int64(hour) * 3_600_000, (value * 100).rounded() / 100)
    }
}

func scoreAll(_ points: [(timeMs: Int64, value: Double)], configuration: DetectorConfiguration = DetectorConfiguration()) -> [AnomalyScore] {
    SeriesDetector.scores(of: points.map { ($0.timeMs, Optional($0.value)) }, configuration: configuration)
}

struct SeriesDetectorTests {
    @Test func nothingIsFlaggedDuringWarmUpEvenWildValues() {
        var points = hourlySeries(days: 2)
        points[10].value += 50
        points[30].value -= 50
        let scores = scoreAll(points)
        #expect(scores.allSatisfy { $0.isWarmingUp && !$0.isAnomaly })
    }

    @Test func aLearnedDailyCycleIsNotFlaggedButASpikeIs() {
        var points = hourlySeries(days: 14)
        let spikeIndex = 10 * 24 + 7
        points[spikeIndex].value += 6
        let scores = scoreAll(points)
        let flagged = scores.indices.filter { scores[$0].isAnomaly }
        #expect(flagged == [spikeIndex])
        #expect(scores[spikeIndex].kind == .spike)
        #expect(scores[spikeIndex].severity != nil)
        // The baseline follows the cycle: at the daily peak (hour 6) it is near 26, not near the mean 20.
        let peak = scores[12 * 24 + 6]
        #expect(abs((peak.baselineMean ?? 0) - 26) < 1)
        #expect((peak.baselineStd ?? 0) < 1)
    }

    @Test func theDetectorChoosesTheDailyProfileOnlyWhenTheDataHasOne() {
        var seasonal = SeriesDetector()
        for point in hourlySeries(days: 10) { _ = seasonal.score(timeMs: point.timeMs, value: point.value) }
        var flat = SeriesDetector()
        for point in hourlySeries(days: 10, amplitude: 0) { _ = flat.score(timeMs: point.timeMs, value: point.value) }
        #expect(seasonal.activeSeasonality == .daily)
        #expect(flat.activeSeasonality == nil)
    }

    @Test func aDipIsFlaggedAsADip() {
        var points = hourlySeries(days: 10, amplitude: 0)
        points[200].value -= 8
        let scores = scoreAll(points)
        #expect(scores[200].kind == .dip)
        #expect(scores.filter(\.isAnomaly).count == 1)
    }

    @Test func severityAndScoreGrowWithTheDeviation() {
        let small = hourlySeries(days: 10, amplitude: 0, noise: 0.5)
        var scores: [AnomalyScore] = []
        for sigmas in [16.0, 30.0, 60.0] {
            var points = small
            points[200].value += sigmas * 0.5
            scores.append(scoreAll(points)[200])
        }
        #expect(scores.allSatisfy { $0.isAnomaly })
        #expect(scores[0].anomalyScore < scores[1].anomalyScore && scores[1].anomalyScore < scores[2].anomalyScore)
        #expect(scores[0].severity! <= scores[2].severity!)
        #expect(scores[2].severity.map { $0 >= .warning } == true)
    }

    // Minimum duration: a residual that scores between info and warning alarms only when the point before it
    // was notable too, so a single 8 σ blip on ten days of hourly data passes but two in a row do not.
    @Test func aWeakAlarmNeedsTwoNotablePointsInARow() {
        var single = hourlySeries(days: 10, amplitude: 0, noise: 0.5)
        single[200].value += 8 * 0.5
        let lone = scoreAll(single)[200]
        #expect(lone.anomalyScore >= 3.5 && lone.anomalyScore < 4.5)
        #expect(!lone.isAnomaly)
        var double = single
        double[201].value += 8 * 0.5
        let pair = scoreAll(double)
        #expect(!pair[200].isAnomaly && pair[201].isAnomaly)
    }

    @Test func aLongSilenceEndsWithAResumedNoticeNotAnAlarm() {
        var points = hourlySeries(days: 10, amplitude: 0)
        points.remove(at: 100)  // one missing hour: normal
        points.removeSubrange(150..<162)  // twelve hours of silence: a dead sensor
        let scores = scoreAll(points)
        #expect(scores.allSatisfy { !$0.isAnomaly })
        #expect(scores.indices.filter { scores[$0].notice == .resumed } == [150])
        #expect(scores[150].silenceMs.map { $0 == 13 * 3_600_000 } == true)
    }

    @Test func emptyValuesBecomeAGapOnceTheSilenceIsLongEnough() {
        var detector = SeriesDetector()
        let points = hourlySeries(days: 5, amplitude: 0)
        for point in points { _ = detector.score(timeMs: point.timeMs, value: point.value) }
        let last = points[points.count - 1].timeMs
        let missing = (1...10).map { detector.scoreMissing(timeMs: last + Int64($0) * 3_600_000) }
        #expect(missing.prefix(4).allSatisfy { !$0.isAnomaly })  // silence up to 4 intervals is tolerated
        #expect(missing.dropFirst(4).allSatisfy { $0.kind == .gap })
        #expect(detector.silence(atMs: last + 3 * 3_600_000) == nil)
        #expect(detector.silence(atMs: last + 8 * 3_600_000)?.kind == .gap)
        // The silence was reported already: the next real value is a resumption, not another gap.
        let back = detector.score(timeMs: last + 11 * 3_600_000, value: 20)
        #expect(back.kind == nil && back.notice == .resumed)
    }

    // Hourly data: the first point of an abrupt shift is a spike (one point cannot tell them apart) and the
    // short-term level follows within hours, so the incident is one short alarm and the series is quiet after.
    @Test func aLevelShiftIsOneAlarmAndTheBaselineFollowsIt() {
        var points = hourlySeries(days: 12, amplitude: 3, noise: 0.5)
        for index in (7 * 24)..<points.count { points[index].value += 5 }
        let scores = scoreAll(points)
        let flagged = scores.indices.filter { scores[$0].isAnomaly }
        #expect(flagged.first.map { $0 >= 7 * 24 && $0 <= 7 * 24 + 6 } == true, "\(flagged)")
        #expect(flagged.allSatisfy { $0 < 7 * 24 + 12 }, "\(flagged)")
        #expect(abs((scores[9 * 24].baselineMean ?? 0) - (points[9 * 24].value)) < 2)
    }

    @Test func aStuckSensorIsItsOwnAnomalyAndEndsWhenValuesMoveAgain() {
        var points = hourlySeries(days: 10)
        for index in 150..<170 { points[index].value = points[149].value }
        let scores = scoreAll(points)
        let stuck = scores.indices.filter { scores[$0].kind == .stuck }
        #expect(stuck.first.map { $0 >= 152 && $0 <= 156 } == true)
        #expect(stuck.last == 169)
        #expect(scores.indices.filter { scores[$0].isAnomaly && scores[$0].kind != .stuck }.isEmpty)
    }

    @Test func repeatedZerosAreNormalForPrecipitation() {
        let configuration = VariableDetectorDefaults.configuration(forVariable: "precipitation")
        let start: Int64 = 1_704_067_200_000
        var random = SplitMix64(seed: 3)
        var points: [(timeMs: Int64, value: Double)] = []
        for hour in 0..<(10 * 24) {
            let raining = (hour / 12) % 3 == 0
            points.append((start + Int64(hour) * 3_600_000, raining ? (random.uniform(0...2) * 10).rounded() / 10 : 0))
        }
        #expect(scoreAll(points, configuration: configuration).allSatisfy { $0.kind != .stuck })
    }

    @Test(arguments: [("temperature_2m", 61.0, true), ("temperature_2m", -20.0, false), ("pm25", -1.0, true), ("precipitation", 500.0, false)])
    func valuesOutsideThePhysicalRangeAreFlaggedAtOnce(variable: String, value: Double, flagged: Bool) {
        var detector = SeriesDetector(configuration: VariableDetectorDefaults.configuration(forVariable: variable))
        let score = detector.score(timeMs: 0, value: value)
        #expect(score.isAnomaly == flagged)
        if flagged { #expect(score.kind == .outOfRange && score.severity == .critical) }
    }

    @Test func aPersistedDetectorResumesExactlyWhereItStopped() throws {
        var points = hourlySeries(days: 12)
        points[250].value += 8
        var uninterrupted = SeriesDetector()
        var resumed = SeriesDetector()
        var expected: [AnomalyScore] = []
        var actual: [AnomalyScore] = []
        for (index, point) in points.enumerated() {
            expected.append(uninterrupted.score(timeMs: point.timeMs, value: point.value))
            actual.append(resumed.score(timeMs: point.timeMs, value: point.value))
            if index % 50 == 0 {
                let data = try JSONEncoder().encode(resumed)
                resumed = try JSONDecoder().decode(SeriesDetector.self, from: data)
            }
        }
        #expect(actual == expected)
        #expect(resumed == uninterrupted)
        #expect(try JSONEncoder().encode(resumed).count < 16_000)
    }

    @Test func irregularSamplingDoesNotRaiseFalseAlarms() {
        var random = SplitMix64(seed: 9)
        var time: Int64 = 1_704_067_200_000
        var detector = SeriesDetector()
        var flagged = 0
        for _ in 0..<2_000 {
            time += Int64(random.uniform(120_000...1_800_000))
            let hours = Double(time % 86_400_000) / 3_600_000
            let value = 15 + 5 * sin(2 * .pi * hours / 24) + 0.4 * random.gaussian()
            if detector.score(timeMs: time, value: value).isAnomaly { flagged += 1 }
        }
        #expect(flagged <= 2)
    }
}

struct VariableDefaultsTests {
    @Test func anOrdinaryShowerAfterADrySpellIsNotAnAlarmButACloudburstIs() {
        let configuration = VariableDetectorDefaults.configuration(forVariable: "precipitation")
        let start: Int64 = 1_704_067_200_000
        var points = (0..<(5 * 24)).map { (start + Int64($0) * 3_600_000, 0.0) }
        points[100].1 = 3
        points[110].1 = 40
        let scores = scoreAll(points, configuration: configuration)
        #expect(scores.indices.filter { scores[$0].isAnomaly } == [110])
        #expect(scores[110].severity.map { $0 >= .warning } == true)
    }

    @Test func unknownVariablesGetTheGenericSettings() {
        #expect(VariableDetectorDefaults.configuration(forVariable: "mystery") == DetectorConfiguration())
        #expect(VariableDetectorDefaults.configuration(forVariable: "pm25").validRange == ValidRange(lower: 0, upper: 2000))
    }

    @Test func catalogueVariablesHaveTheRangeIngestEnforces() {
        for variable in VariableCatalogue().all {
            let range = VariableDetectorDefaults.configuration(forVariable: variable.name).validRange
            #expect(range?.lower == variable.validMin && range?.upper == variable.validMax, "\(variable.name)")
        }
    }
}

struct FlatLineTests {
    @Test func aFlatLineWithTinyJitterIsAStuckSensor() {
        var points = hourlySeries(days: 10)
        var random = SplitMix64(seed: 4)
        for index in 150..<200 { points[index].value = 21 + 0.001 * random.gaussian() }
        let scores = scoreAll(points)
        let stuck = scores.indices.filter { scores[$0].kind == .stuck }
        #expect(stuck.first.map { $0 >= 150 && $0 <= 175 } == true)
        #expect(stuck.last == 199)
        #expect(stuck.allSatisfy { $0 >= 150 && $0 < 200 })
    }
}

struct AnomalyScoreCodingTests {
    @Test func jsonCarriesIsAnomalyAndDecodesBack() throws {
        let score = AnomalyScore(timeMs: 5, value: 3, anomalyScore: 7, baselineMean: 1, baselineStd: 0.5, kind: .spike, severity: .warning)
        let data = try JSONEncoder().encode(score)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["isAnomaly"] as? Bool == true)
        #expect(object["kind"] as? String == "spike")
        #expect(try JSONDecoder().decode(AnomalyScore.self, from: data) == score)
    }
}
