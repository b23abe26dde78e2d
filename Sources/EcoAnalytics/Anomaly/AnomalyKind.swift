/// What kind of anomaly a scored point shows; raw values are the API's spellings.
public enum AnomalyKind: String, Codable, Sendable, CaseIterable {
    /// A point far above the learned baseline.
    case spike
    /// A point far below the learned baseline.
    case dip
    /// The level of the series moved and stayed (detected by a two-sided CUSUM).
    case levelShift
    /// The sensor repeats the same value far longer than the series normally does (stuck or flat-lined).
    case stuck
    /// No value arrived for much longer than the usual sampling interval (dead sensor or outage).
    case gap
    /// The value lies outside the physical valid range of the variable.
    case outOfRange
}

/// How urgent an anomaly is; ordered `info < warning < critical`.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case info
    case warning
    case critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Score thresholds (in robust standard deviations) at which a point becomes info, warning or critical.
public struct SeverityThresholds: Codable, Sendable, Equatable {
    /// Smallest score that is reported at all; also the point-outlier alarm threshold.
    public var info: Double
    public var warning: Double
    public var critical: Double

    public init(info: Double = 3.5, warning: Double = 4.5, critical: Double = 6.5) {
        self.info = info
        self.warning = warning
        self.critical = critical
    }

    /// The severity of `score`, or nil below `info`.
    public func severity(ofScore score: Double) -> Severity? {
        if score >= critical { return .critical }
        if score >= warning { return .warning }
        if score >= info { return .info }
        return nil
    }
}
