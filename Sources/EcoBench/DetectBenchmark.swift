import EcoAnalytics
import Foundation

/// `ecotrack bench detect`: scoring speed of the streaming detector on the synthetic set.
struct DetectBenchmark {
    var seed: UInt64
    var seriesCount: Int

    /// Scores every series with fresh detectors, best of 3 rounds, and prints points/s and the state size.
    func run() throws {
        let sets = (0..<seriesCount).map { SyntheticSeries.make(seed: seed, index: $0) }
        let pointCount = sets.reduce(0) { $0 + $1.points.count }
        var best = Duration.seconds(1_000_000)
        var anomalies = 0
        for _ in 0..<3 {
            let elapsed = ContinuousClock().measure {
                anomalies = sets.reduce(0) { count, series in
                    count + SeriesDetector.scores(of: series.points, configuration: series.configuration).filter(\.isAnomaly).count
                }
            }
            best = min(best, elapsed)
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
        var trained = SeriesDetector(configuration: sets[0].configuration)
        for point in sets[0].points { if let value = point.value { _ = trained.score(timeMs: point.timeMs, value: value) } }
        let stateBytes = try JSONEncoder().encode(trained).count
        print(
            "scored \(pointCount) points (\(seriesCount) series, \(anomalies) anomalies) in \(String(format: "%.3f", seconds)) s: "
                + "\(Int(Double(pointCount) / seconds)) points/s; trained detector state \(stateBytes) bytes as JSON")
    }
}
