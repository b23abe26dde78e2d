import EcoCore
import EcoPipeline
import Foundation
import JWTKit

/// The claims of an EcoTrack session token. `verify` checks the time claims; issuer and
/// audience are checked by `SessionTokens.verify`, which knows the configured values.
struct SessionClaims: JWTPayload {
    var sub: SubjectClaim
    var iss: IssuerClaim
    var aud: AudienceClaim
    var iat: IssuedAtClaim
    var nbf: NotBeforeClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        try nbf.verifyNotBefore()
    }
}

/// Issues and checks short-lived HS256 session tokens for password logins.
public final class SessionTokens: Sendable {
    public let issuer: String
    public let audience: String
    public let lifetime: Duration
    private let keys: JWTKeyCollection
    private let clock: WallClock

    /// `secret` should be at least 32 bytes; with nil a random one is made, so tokens die with
    /// the process and are not shared between replicas.
    public init(secret: String?, issuer: String = "ecotrack", audience: String = "ecotrack-api", lifetime: Duration = .seconds(900),
                clock: WallClock = .system) async {
        self.clock = clock
        self.issuer = issuer
        self.audience = audience
        self.lifetime = lifetime
        let keyText = secret ?? APIKeyFormat.generate().key
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: keyText), digestAlgorithm: .sha256)
    }

    /// A signed token for `userID` and its expiry.
    public func issue(userID: String, now: Date? = nil) async throws -> (token: String, expiresAt: Date) {
        let now = now ?? clock.now
        let expiresAt = now.addingTimeInterval(Double(lifetime.components.seconds))
        let claims = SessionClaims(sub: .init(value: userID), iss: .init(value: issuer), aud: .init(value: [audience]),
                                   iat: .init(value: now), nbf: .init(value: now), exp: .init(value: expiresAt))
        return (try await keys.sign(claims), expiresAt)
    }

    /// The user id of a valid token; throws `SessionTokenError` with the reason otherwise.
    public func verify(_ token: String) async throws(SessionTokenError) -> String {
        // Only HS256 is ever accepted: checked before JWTKit sees the token, so `alg: none` or an
        // algorithm switch cannot reach a verifier.
        guard Self.algorithm(of: token) == "HS256" else { throw .unsupportedAlgorithm }
        let claims: SessionClaims
        do {
            claims = try await keys.verify(token, as: SessionClaims.self)
        } catch let error as JWTError {
            if error.failedClaim is ExpirationClaim { throw .expired }
            if error.failedClaim is NotBeforeClaim { throw .notYetValid }
            if error.errorType == .signatureVerificationFailed { throw .badSignature }
            throw .malformed
        } catch {
            throw .malformed
        }
        guard claims.iss.value == issuer else { throw .wrongIssuer }
        guard claims.aud.value.contains(audience) else { throw .wrongAudience }
        return claims.sub.value
    }

    /// The `alg` of a compact JWS header, if it decodes.
    static func algorithm(of token: String) -> String? { JWTHeaderFields(token)?.algorithm }
}

/// Why a session token was refused; the text goes into the 401 problem.
public enum SessionTokenError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed, unsupportedAlgorithm, badSignature, expired, notYetValid, wrongIssuer, wrongAudience

    public var description: String {
        switch self {
        case .malformed: "The bearer token is not a valid EcoTrack token."
        case .unsupportedAlgorithm: "The token's algorithm is not accepted; EcoTrack tokens are HS256."
        case .badSignature: "The token's signature does not verify."
        case .expired: "The token has expired; log in again (POST /api/v1/auth/login)."
        case .notYetValid: "The token is not valid yet (nbf is in the future); check the client's clock."
        case .wrongIssuer: "The token was issued by someone else."
        case .wrongAudience: "The token is meant for another audience."
        }
    }
}

/// base64url without padding (RFC 4648 §5), as JWTs use it.
enum Base64URL {
    static func decode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64)
    }

    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
