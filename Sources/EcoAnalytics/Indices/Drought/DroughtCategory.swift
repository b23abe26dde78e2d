/// The WMO classes of SPI (and SPEI) values: WMO SPI User Guide (WMO-No. 1090, 2012), Table 1
/// "SPI values": 2.0 and more extremely wet, 1.5 to 1.99 very wet, 1.0 to 1.49 moderately wet,
/// −0.99 to 0.99 near normal, −1.0 to −1.49 moderately dry, −1.5 to −1.99 severely dry, −2 and less
/// extremely dry. Values between the table's two-decimal edges (−1.495) go to the class nearer zero.
public enum DroughtCategory: String, Codable, Sendable, CaseIterable {
    case extremelyWet = "extremely wet"
    case veryWet = "very wet"
    case moderatelyWet = "moderately wet"
    case nearNormal = "near normal"
    case moderatelyDry = "moderately dry"
    case severelyDry = "severely dry"
    case extremelyDry = "extremely dry"

    public init(value: Double) {
        switch value {
        case 2...: self = .extremelyWet
        case 1.5...: self = .veryWet
        case 1...: self = .moderatelyWet
        case ..<(-2 + 1e-12): self = .extremelyDry
        case ..<(-1.5 + 1e-12): self = .severelyDry
        case ..<(-1 + 1e-12): self = .moderatelyDry
        default: self = .nearNormal
        }
    }

    /// Whether the class is one of the three drought classes (value ≤ −1).
    public var isDrought: Bool { self == .moderatelyDry || self == .severelyDry || self == .extremelyDry }
}
