/// Why weights or inputs of a justice score cannot be used; each text says how to fix it.
public enum JusticeScoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownIndicator(name: String, known: [String])
    case malformedWeight(String)
    case negativeWeight(name: String, weight: Double)
    case weightsDoNotSum(kind: JusticeIndicatorKind, total: Double)

    public var description: String {
        switch self {
        case let .unknownIndicator(name, known):
            "Indicator '\(name)' is not known; the indicators are: \(known.joined(separator: ", ")) (GET /api/v1/equity/indicators lists the imported ones)."
        case let .malformedWeight(text):
            "Weight '\(text)' is not NAME:NUMBER; write weights as pm25:0.5,ozone:0.5,low_income:1."
        case let .negativeWeight(name, weight):
            "The weight of '\(name)' is \(weight); weights are 0 or more."
        case let .weightsDoNotSum(kind, total):
            "The \(kind.rawValue) weights sum to \((total * 1e6).rounded() / 1e6); the weights given for a group must sum to 1 (an indicator of the group left out weighs 0)."
        }
    }
}
