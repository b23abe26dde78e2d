/// The detector's verdict on one point (or on one missing point).
///
/// Every verdict explains itself: which baseline it was compared with (`baseline`, `baselineMean`,
/// `baselineStd`), the range of values that would not have raised an alarm (`expectedLow`…`expectedHigh`),
/// how far off the value is in robust σ (`deviation`) and how rare that is for this series (`anomalyScore`).
public struct AnomalyScore: Codable, Sendable, Equatable {
    /// Time of the point, milliseconds since the Unix epoch (UTC).
    public var timeMs: Int64
    /// The observed value; nil for a missing point.
    public var value: Double?
    /// Calibrated score in Gaussian-equivalent σ: the |z| a normal residual would need to be as rare as this
    /// residual is on this series (learned tail, see docs/detection.md); 0 when there is no baseline yet.
    /// The same threshold therefore means the same false-alarm rate on every series.
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
    /// Which baseline the value was compared with: flat, daily or weekly profile; nil before any data.
    public var baseline: BaselineKind?
    /// (value − baselineMean) / baselineStd, signed: how far off the value is in robust σ.
    public var deviation: Double?
    /// Values from `expectedLow` to `expectedHigh` would not have been flagged as a spike or dip at this time.
    public var expectedLow: Double?
    public var expectedHigh: Double?
    /// Which test raised the alarm (or gave the highest score): point, level or distribution.
    public var evidence: AnomalyEvidence?
    /// Something about the series' reporting rather than its values (`resumed` after a long silence).
    public var notice: SeriesNotice?
    /// For a `resumed` point: how long the series was silent before it, ms.
    public var silenceMs: Int64?

    /// True when the point is anomalous.
    public var isAnomaly: Bool { kind != nil }

    public init(
        timeMs: Int64, value: Double?, anomalyScore: Double = 0, baselineMean: Double? = nil, baselineStd: Double? = nil,
        kind: AnomalyKind? = nil, severity: Severity? = nil, isWarmingUp: Bool = false, baseline: BaselineKind? = nil,
        deviation: Double? = nil, expectedLow: Double? = nil, expectedHigh: Double? = nil, evidence: AnomalyEvidence? = nil,
        notice: SeriesNotice? = nil, silenceMs: Int64? = nil
    ) {
        self.timeMs = timeMs
        self.value = value
        self.anomalyScore = anomalyScore
        self.baselineMean = baselineMean
        self.baselineStd = baselineStd
        self.kind = kind
        self.severity = severity
        self.isWarmingUp = isWarmingUp
        self.baseline = baseline
        self.deviation = deviation
        self.expectedLow = expectedLow
        self.expectedHigh = expectedHigh
        self.evidence = evidence
        self.notice = notice
        self.silenceMs = silenceMs
    }
}

/// The baseline a value is compared with.
public enum BaselineKind: String, Codable, Sendable, CaseIterable {
    /// A level that follows the series, without a cycle.
    case flat
    /// Level plus a learned time-of-day profile.
    case daily
    /// Level plus a learned hour-of-week profile.
    case weekly
}

/// A notice about how a series reports, as opposed to an anomaly in its values.
public enum SeriesNotice: String, Codable, Sendable, CaseIterable {
    /// The first value after a silence longer than the gap threshold. It is not an alarm: the detector
    /// re-anchors its level on the first values back instead of calling them spikes (see docs/detection.md).
    case resumed
}

extension AnomalyScore {
    private enum CodingKeys: String, CodingKey {
        case timeMs, value, anomalyScore, baselineMean, baselineStd, kind, severity, isWarmingUp, isAnomaly
        case baseline, deviation, expectedLow, expectedHigh, evidence, notice, silenceMs
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
            isWarmingUp: try container.decode(Bool.self, forKey: .isWarmingUp),
            baseline: try container.decodeIfPresent(BaselineKind.self, forKey: .baseline),
            deviation: try container.decodeIfPresent(Double.self, forKey: .deviation),
            expectedLow: try container.decodeIfPresent(Double.self, forKey: .expectedLow),
            expectedHigh: try container.decodeIfPresent(Double.self, forKey: .expectedHigh),
            evidence: try container.decodeIfPresent(AnomalyEvidence.self, forKey: .evidence),
            notice: try container.decodeIfPresent(SeriesNotice.self, forKey: .notice),
            silenceMs: try container.decodeIfPresent(Int64.self, forKey: .silenceMs))
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
        try container.encodeIfPresent(baseline, forKey: .baseline)
        try container.encodeIfPresent(deviation, forKey: .deviation)
        try container.encodeIfPresent(expectedLow, forKey: .expectedLow)
        try container.encodeIfPresent(expectedHigh, forKey: .expectedHigh)
        try container.encodeIfPresent(evidence, forKey: .evidence)
        try container.encodeIfPresent(notice, forKey: .notice)
        try container.encodeIfPresent(silenceMs, forKey: .silenceMs)
    }
}
