extension SeriesDetector {
    /// Scores a whole series in time order with a fresh detector; nil values are missing points.
    public static func scores(
        of points: [(timeMs: Int64, value: Double?)], configuration: DetectorConfiguration = DetectorConfiguration()
    ) -> [AnomalyScore] {
        var detector = SeriesDetector(configuration: configuration)
        return points.map { point in
            guard let value = point.value else { return detector.scoreMissing(timeMs: point.timeMs) }
            return detector.score(timeMs: point.timeMs, value: value)
        }
    }
}
