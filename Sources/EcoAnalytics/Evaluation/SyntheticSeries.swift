import EcoRandom
import Foundation
import EcoTime

/// Builds seeded synthetic environmental series with seasonality, noise, benign gaps and
/// labeled anomalies of every evaluated type, for ``DetectorEvaluation``.
public enum SyntheticSeries {
    static let day: Int64 = 86_400_000

    /// Series number `index` of the set drawn from `seed`: 30 days, hourly or 10-minute sampling
    /// (some with ±20 % jitter), daily and sometimes weekly cycles, AR(1) noise rounded to 0.1, and
    /// 6 point outliers, a level shift, a stuck run, a dead period and an out-of-range value.
    public static func make(seed: UInt64, index: Int) -> LabeledSeries {
        var random = SplitMix64(seed: seed &* 1_000_003 &+ UInt64(index))
        let intervalMs: Int64 = random.unit() < 0.5 ? 3_600_000 : 600_000
        let jitter = random.unit() < 0.3 ? 0.2 : 0
        let start = Int64(CivilDate.days(year: 2024, month: 1, day: 1)) * day + Int64(random.uniform(0...6)) * day
        let count = Int(30 * day / intervalMs)
        let level = random.uniform(0...30)
        let dailyAmplitude = random.unit() < 0.25 ? 0 : random.uniform(2...8)
        let weeklyAmplitude = random.unit() < 0.25 ? random.uniform(1...3) : 0
        let noise = random.uniform(0.3...1.5)
        let phase = random.uniform(0...(2 * .pi))

        var times = (0..<count).map { i -> Int64 in
            start + Int64(i) * intervalMs + Int64(jitter * random.uniform(-0.5...0.5) * Double(intervalMs))
        }
        times.sort()
        var ar = 0.0
        var values: [Double?] = times.map { time in
            let t = Double(time - start) / Double(day)
            ar = 0.3 * ar + (1 - 0.09).squareRoot() * random.gaussian()
            return level + dailyAmplitude * sin(2 * .pi * t + phase) + weeklyAmplitude * sin(2 * .pi * t / 7) + noise * ar
        }

        // Anomalies go after the 3-day warm-up, one per slot of the remaining time, in random order.
        var kinds: [EvaluatedAnomalyType] = Array(repeating: .pointOutlier, count: 6) + [.levelShift, .stuck, .gap, .outOfRange]
        kinds.shuffle(using: &random)
        let first = Int(3 * day / intervalMs)
        let slot = (count - first) / kinds.count
        let pointsPerHour = Int(3_600_000 / intervalMs)
        var labels: [LabeledAnomaly] = []
        var dropped = Set<Int>()
        for (n, kind) in kinds.enumerated() {
            let at = first + n * slot + Int(random.uniform(0.1...0.6) * Double(slot))
            switch kind {
            case .pointOutlier:
                let sign: Double = random.unit() < 0.5 ? 1 : -1
                values[at] = values[at].map { $0 + sign * random.uniform(6...12) * noise }
                labels.append(LabeledAnomaly(type: kind, fromMs: times[at], toMs: times[at]))
            case .levelShift:
                let shift = (random.unit() < 0.5 ? 1 : -1) * random.uniform(5...10) * noise
                for i in at..<count { values[i] = values[i].map { $0 + shift } }
                labels.append(LabeledAnomaly(type: kind, fromMs: times[at], toMs: times[min(at + 12, count - 1)]))
            case .stuck:
                let length = Int(random.uniform(12...36))
                for i in at..<min(at + length, count) { values[i] = values[at - 1] }
                labels.append(LabeledAnomaly(type: kind, fromMs: times[at], toMs: times[min(at + length - 1, count - 1)]))
            case .gap:
                let length = pointsPerHour * Int(random.uniform(4...12))
                let asEmptyRows = random.unit() < 0.5
                for i in at..<min(at + length, count) {
                    if asEmptyRows { values[i] = nil } else { dropped.insert(i) }
                }
                labels.append(LabeledAnomaly(type: kind, fromMs: times[at], toMs: times[min(at + length + 1, count - 1)]))
            case .outOfRange:
                values[at] = -999
                labels.append(LabeledAnomaly(type: kind, fromMs: times[at], toMs: times[at]))
            }
        }
        // Benign single missing points, a sensor's everyday hiccups.
        for _ in 0..<5 {
            let i = Int(random.uniform(Double(first)...Double(count - 1)))
            if !labels.contains(where: { $0.fromMs <= times[i] && times[i] <= $0.toMs }) { values[i] = nil }
        }
        var points: [(timeMs: Int64, value: Double?)] = []
        points.reserveCapacity(count)
        for i in 0..<count where !dropped.contains(i) {
            // Sensors report with finite resolution; 0.1 makes natural repeats possible.
            points.append((times[i], values[i].map { ($0 * 10).rounded() / 10 }))
        }
        var configuration = DetectorConfiguration()
        configuration.validRange = ValidRange(lower: -100, upper: 200)
        return LabeledSeries(points: points, anomalies: labels, configuration: configuration, intervalMs: intervalMs)
    }
}
