/// The anomaly types the evaluation scores separately; spikes and dips are one type (point outliers).
public enum EvaluatedAnomalyType: String, Codable, Sendable, CaseIterable {
    case pointOutlier
    case levelShift
    case stuck
    case gap
    case outOfRange

    /// The evaluated type of a detector verdict.
    public init(_ kind: AnomalyKind) {
        switch kind {
        case .spike, .dip: self = .pointOutlier
        case .levelShift: self = .levelShift
        case .stuck: self = .stuck
        case .gap: self = .gap
        case .outOfRange: self = .outOfRange
        }
    }
}

/// A labeled anomaly: a detection of its type between `fromMs` and `toMs` (inclusive) finds it.
public struct LabeledAnomaly: Codable, Sendable, Equatable {
    public var type: EvaluatedAnomalyType
    public var fromMs: Int64
    public var toMs: Int64
}

/// A synthetic series with its labels and the detector settings it is scored with.
public struct LabeledSeries: Sendable {
    public var points: [(timeMs: Int64, value: Double?)]
    public var anomalies: [LabeledAnomaly]
    public var configuration: DetectorConfiguration
    /// Nominal sampling interval, ms.
    public var intervalMs: Int64
}
