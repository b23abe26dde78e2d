/// Precision, recall and F1 of one anomaly type over the evaluation set.
public struct TypeScore: Codable, Sendable, Equatable {
    public var type: EvaluatedAnomalyType
    /// Labeled anomalies of this type.
    public var labeled: Int
    /// Labeled anomalies found by at least one detection of this type.
    public var found: Int
    /// Detections (runs of consecutive flagged points) of this type.
    public var detections: Int
    /// Detections that fall inside a labeled anomaly of this type.
    public var correctDetections: Int
    /// Detections that miss every label of their type but touch a label of another type
    /// (e.g. the first points of a level shift flagged as spikes); counted as false in `precision`.
    public var mistypedDetections: Int

    public var precision: Double { detections == 0 ? 0 : Double(correctDetections) / Double(detections) }
    public var recall: Double { labeled == 0 ? 0 : Double(found) / Double(labeled) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
}

/// The outcome of ``DetectorEvaluation/run(seed:seriesCount:)``.
public struct EvaluationReport: Codable, Sendable, Equatable {
    public var seed: UInt64
    public var seriesCount: Int
    public var pointCount: Int
    public var scores: [TypeScore]

    /// A plain-text table, one line per type.
    public var table: String {
        var lines = [
            "seed \(seed): \(seriesCount) series, \(pointCount) points",
            "type          labeled  found  detections  correct  mistyped  precision  recall     F1",
        ]
        for score in scores {
            let cells = [
                score.type.rawValue.padded(12), String(score.labeled).leftPadded(9), String(score.found).leftPadded(6),
                String(score.detections).leftPadded(11), String(score.correctDetections).leftPadded(8),
                String(score.mistypedDetections).leftPadded(9),
                SeriesCSV.formatFixed(score.precision, decimals: 3).leftPadded(10),
                SeriesCSV.formatFixed(score.recall, decimals: 3).leftPadded(7), SeriesCSV.formatFixed(score.f1, decimals: 3).leftPadded(6),
            ]
            lines.append(cells.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

/// Scores the detector on a seeded labeled synthetic set (``SyntheticSeries``), event by event:
/// consecutive flagged points of one type form one detection; a detection is correct when it touches
/// a labeled anomaly of its type, and a labeled anomaly is found when a detection of its type touches it.
public enum DetectorEvaluation {
    /// Runs the evaluation on `seriesCount` series drawn from `seed`; `adjust` may change the
    /// detector settings to compare alternatives.
    public static func run(
        seed: UInt64, seriesCount: Int = 40, adjust: (inout DetectorConfiguration) -> Void = { _ in }
    ) -> EvaluationReport {
        var tallies = Dictionary(
            uniqueKeysWithValues: EvaluatedAnomalyType.allCases.map {
                ($0, TypeScore(type: $0, labeled: 0, found: 0, detections: 0, correctDetections: 0, mistypedDetections: 0))
            })
        var pointCount = 0
        for index in 0..<seriesCount {
            let series = SyntheticSeries.make(seed: seed, index: index)
            pointCount += series.points.count
            var configuration = series.configuration
            adjust(&configuration)
            let verdicts = SeriesDetector.scores(of: series.points, configuration: configuration)
            let detections = groupDetections(verdicts, maximumGapMs: 2 * series.intervalMs)
            for anomaly in series.anomalies { tallies[anomaly.type]?.labeled += 1 }
            var foundLabels = Set<Int>()
            for detection in detections {
                let touched = series.anomalies.indices.filter { index in
                    detection.fromMs <= series.anomalies[index].toMs && series.anomalies[index].fromMs <= detection.toMs
                }
                let hits = touched.filter { series.anomalies[$0].type == detection.type }
                tallies[detection.type]?.detections += 1
                if !hits.isEmpty {
                    tallies[detection.type]?.correctDetections += 1
                } else if !touched.isEmpty {
                    tallies[detection.type]?.mistypedDetections += 1
                }
                foundLabels.formUnion(hits)
            }
            for index in foundLabels { tallies[series.anomalies[index].type]?.found += 1 }
        }
        return EvaluationReport(
            seed: seed, seriesCount: seriesCount, pointCount: pointCount,
            scores: EvaluatedAnomalyType.allCases.compactMap { tallies[$0] })
    }

    /// Runs of flagged points of one type; point outliers are always single detections.
    static func groupDetections(_ verdicts: [AnomalyScore], maximumGapMs: Int64) -> [LabeledAnomaly] {
        var detections: [LabeledAnomaly] = []
        for verdict in verdicts {
            guard let kind = verdict.kind else { continue }
            let type = EvaluatedAnomalyType(kind)
            if type != .pointOutlier, let last = detections.last, last.type == type, verdict.timeMs - last.toMs <= maximumGapMs {
                detections[detections.count - 1].toMs = verdict.timeMs
            } else {
                detections.append(LabeledAnomaly(type: type, fromMs: verdict.timeMs, toMs: verdict.timeMs))
            }
        }
        return detections
    }
}
