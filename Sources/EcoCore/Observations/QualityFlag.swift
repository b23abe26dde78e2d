/// The quality of one observation, stored as a small integer as in the specification's
/// `quality_flag SMALLINT DEFAULT 0`.
public enum QualityFlag: Int16, Codable, Sendable, CaseIterable {
    case good = 0
    case suspect = 1
    case bad = 2
    /// Filled in by gap filling or estimated, not measured.
    case estimated = 3

    /// Reads `good`/`suspect`/`bad`/`estimated` (any case) or their numbers 0–3.
    public init?(text: String) {
        if let number = Int16(text), let flag = QualityFlag(rawValue: number) {
            self = flag
            return
        }
        guard let flag = QualityFlag.allCases.first(where: { "\($0)" == text.lowercased() }) else { return nil }
        self = flag
    }
}
