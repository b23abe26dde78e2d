/// Hot/cold spot class of a Gi* z-score at 90, 95 or 99 % confidence (two-sided), as in ArcGIS "Gi_Bin".
public enum HotspotClass: String, Codable, Sendable, CaseIterable {
    case hot99
    case hot95
    case hot90
    case notSignificant
    case cold90
    case cold95
    case cold99

    // Two-sided standard normal critical values for α = 0.01, 0.05, 0.10.
    static let critical99 = 2.5758293035489004
    static let critical95 = 1.959963984540054
    static let critical90 = 1.6448536269514722

    /// The class of `zScore`.
    public init(zScore: Double) {
        let magnitude = abs(zScore)
        let hot = zScore > 0
        if magnitude >= Self.critical99 {
            self = hot ? .hot99 : .cold99
        } else if magnitude >= Self.critical95 {
            self = hot ? .hot95 : .cold95
        } else if magnitude >= Self.critical90 {
            self = hot ? .hot90 : .cold90
        } else {
            self = .notSignificant
        }
    }

    /// Confidence level in percent (90, 95, 99), or nil when not significant.
    public var confidencePercent: Int? {
        switch self {
        case .hot99, .cold99: 99
        case .hot95, .cold95: 95
        case .hot90, .cold90: 90
        case .notSignificant: nil
        }
    }
}
