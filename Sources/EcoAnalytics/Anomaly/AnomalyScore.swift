/// The detector's verdict on one point (or on one missing point).
public struct AnomalyScore: Codable, Sendable, Equatable {
    /// Time of the point, milliseconds since the Unix epoch (UTC).
    public var timeMs: Int64
    /// The observed value; nil for a missing point.
    public var value: Double?
    /// Absolute robust z-score of the value against the baseline, |value − mean| / std; 0 when there is no baseline yet.
    public var anomalyScore: Double
    /// The baseline the value was compared with (level plus seasonal profile), in the series' unit; nil before any data.
    public var baselineMean: Double?
    /// Robust standard deviation of the residuals around the baseline, in the series' unit; nil before any data.
    public var baselineStd: Double?
    /// The anomaly found, if any.
    public var kind: AnomalyKind?
    /// How urgent the anomaly is; nil when there is none.
    public var severity: Severity?
    /// True while the detector is still learning; no anomaly except `outOfRange` is reported then.
    public var isWarmingUp: Bool

    /// True when the point is anomalous.
    public var isAnomaly: Bool { kind != nil }

    public init(
        timeMs: Int64, value: Double?, anomalyScore: Double = 0, baselineMean: Double? = nil, baselineStd: Double? = nil,
        kind: AnomalyKind? = nil, severity: Severity? = nil, isWarmingUp: Bool = false
    ) {
        self.timeMs = timeMs
        self.value = value
        self.anomalyScore = anomalyScore
        self.baselineMean = baselineMean
        self.baselineStd = baselineStd
        self.kind = kind
        self.severity = severity
        self.isWarmingUp = isWarmingUp
    }
}

extension AnomalyScore {
    private enum CodingKeys: String, CodingKey {
        case timeMs, value, anomalyScore, baselineMean, baselineStd, kind, severity, isWarmingUp, isAnomaly
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            timeMs: try container.decode(Int64.self, forKey: .timeMs),
            value: try container.decodeIfPresent(Double.self, forKey: .value),
            anomalyScore: try container.decode(Double.self, forKey: .anomalyScore),
            baselineMean: try container.decodeIfPresent(Double.self, forKey: .baselineMean),
            baselineStd: try container.decodeIfPresent(Double.self, forKey: .baselineStd),
            kind: try container.decodeIfPresent(AnomalyKind.self, forKey: .kind),
            severity: try container.decodeIfPresent(Severity.self, forKey: .severity),
            isWarmingUp: try container.decode(Bool.self, forKey: .isWarmingUp))
    }

    /// Encodes the stored fields plus `isAnomaly`, so JSON readers need not derive it from `kind`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timeMs, forKey: .timeMs)
        try container.encodeIfPresent(value, forKey: .value)
        try container.encode(anomalyScore, forKey: .anomalyScore)
        try container.encodeIfPresent(baselineMean, forKey: .baselineMean)
        try container.encodeIfPresent(baselineStd, forKey: .baselineStd)
        try container.encodeIfPresent(kind, forKey: .kind)
        try container.encodeIfPresent(severity, forKey: .severity)
        try container.encode(isWarmingUp, forKey: .isWarmingUp)
        try container.encode(isAnomaly, forKey: .isAnomaly)
    }
}
