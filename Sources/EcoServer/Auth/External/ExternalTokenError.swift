/// Why a provider's token was refused; the text goes into the 401 problem.
public enum ExternalTokenError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed
    case unsupportedAlgorithm(String)
    case missingKeyID
    case unknownKey(String)
    case algorithmMismatch(token: String, key: String)
    case providerUnavailable
    case malformedKeySet
    case badSignature
    case expired
    case notYetValid
    case wrongIssuer
    case wrongAudience
    case missingClaim(String)
    case unmappedRole(String?)

    public var description: String {
        switch self {
        case .malformed: "The bearer token is not a valid JWT."
        case let .unsupportedAlgorithm(algorithm): "The token's algorithm \(algorithm) is not accepted; provider tokens must be ES256, RS256 or EdDSA."
        case .missingKeyID: "The token names no signing key (kid); the provider must publish its keys with ids."
        case let .unknownKey(kid): "The token's signing key \(kid) is not among the provider's published keys."
        case let .algorithmMismatch(token, key): "The token says \(token), but its key is an \(key) key."
        case .providerUnavailable: "The identity provider's keys could not be fetched; try again shortly."
        case .malformedKeySet: "The identity provider's JWKS document is not a key set."
        case .badSignature: "The token's signature does not verify."
        case .expired: "The token has expired; sign in again with your identity provider."
        case .notYetValid: "The token is not valid yet (nbf is in the future); check the client's clock."
        case .wrongIssuer: "The token was issued by someone other than the configured identity provider."
        case .wrongAudience: "The token is meant for another audience."
        case let .missingClaim(name): "The token lacks the claim \(name)."
        case let .unmappedRole(value): "The token's role \(value.map { "'\($0)'" } ?? "(none)") is not mapped to an EcoTrack role (oidcRoleMap)."
        }
    }
}
