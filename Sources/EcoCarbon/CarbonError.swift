/// Errors of the carbon domain. Each message says what was wrong and how to fix it.
public enum CarbonError: Error, Equatable, Sendable {
    /// An activity field is missing, malformed or impossible.
    case invalidActivity(field: String, reason: String)
    /// A factor set could not be read or failed validation; one sentence per problem.
    case invalidFactorSet([String])
    /// A published factor set was about to change.
    case publishedSetIsImmutable(version: String)
    /// A scenario, target or report request is not usable.
    case invalidRequest(String)

    /// A sentence for people.
    public var message: String {
        switch self {
        case let .invalidActivity(field, reason): "\(field): \(reason)"
        case let .invalidFactorSet(problems): "The factor set is not valid: " + problems.joined(separator: " ")
        case let .publishedSetIsImmutable(version):
            "Factor set version \(version) is published and cannot change; publish a new version instead."
        case let .invalidRequest(text): text
        }
    }
}

extension CarbonError: CustomStringConvertible {
    public var description: String { message }
}
