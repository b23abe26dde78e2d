import EcoCore
import EcoPipeline
import Foundation
import JWTKit
import Logging

/// Verifies JWTs signed by an OpenID Connect provider (ES256, RS256 or EdDSA) against the keys its JWKS
/// URL publishes, and turns their claims into an EcoTrack user by configuration (``ExternalTokenSettings``):
/// the role from `oidcRoleMap`, the organization from `oidcOrganizationClaim`. Such users are not stored;
/// they are known by `oidc:<sub>` in the audit log.
public final class ExternalTokens: Sendable {
    /// The algorithms accepted; checked before JWTKit sees the token, so `none`, HS256 with a public key
    /// as its secret, or any other switch cannot reach a verifier.
    static let algorithms: Set<String> = ["ES256", "RS256", "EdDSA"]
    /// Clock difference tolerated on `nbf` and `iat`, in ms.
    static let skewMs: Int64 = 30_000

    let settings: ExternalTokenSettings
    let keySet: JWKSKeySet
    private let clock: WallClock

    /// `fetchTimeout` bounds each request to the JWKS URL.
    public init(settings: ExternalTokenSettings, clock: WallClock = .system, logger: Logger = Logger(label: "ecotrack.oidc"),
                fetchTimeout: Duration = .seconds(5)) throws {
        guard let url = URL(string: settings.jwksURL) else { throw ExternalTokenError.malformedKeySet }
        self.settings = settings
        self.clock = clock
        keySet = JWKSKeySet(fetcher: JWKSFetcher(url: url, timeout: fetchTimeout), cacheSeconds: settings.cacheSeconds,
                            refetchSeconds: settings.refetchSeconds, clock: clock, logger: logger)
    }

    /// Whether `token` is one of the provider's (an asymmetric algorithm), rather than an EcoTrack session token.
    static func isProviderToken(_ token: String) -> Bool {
        guard let algorithm = JWTHeaderFields(token)?.algorithm else { return false }
        return algorithm != "HS256"
    }

    /// The identity a valid token stands for.
    public func identify(_ token: String) async throws(ExternalTokenError) -> Identity {
        let claims = try await verify(token)
        guard let subject = claims.string(at: "sub"), !subject.isEmpty else { throw .missingClaim("sub") }
        let roleValues = claims.strings(at: settings.roleClaim)
        guard let role = roleValues.lazy.compactMap({ self.settings.roleMap[$0] }).first ?? settings.defaultRole else {
            throw .unmappedRole(roleValues.first)
        }
        let organization = claims.string(at: settings.organizationClaim).flatMap { $0.isEmpty ? nil : $0 }
        let user = User(id: "oidc:\(subject)", email: claims.string(at: settings.emailClaim) ?? subject, role: role,
                        organization: organization, tier: settings.tier, createdAtMs: claims.timeMs("iat") ?? clock.nowMs())
        return Identity(user: user, credential: .providerToken(issuer: settings.issuer))
    }

    /// The claims of a token whose signature, times, issuer and audience are valid.
    func verify(_ token: String) async throws(ExternalTokenError) -> ProviderClaims {
        guard let header = JWTHeaderFields(token) else { throw .malformed }
        guard Self.algorithms.contains(header.algorithm) else { throw .unsupportedAlgorithm(header.algorithm) }
        guard let kid = header.kid else { throw .missingKeyID }
        let key = try await keySet.key(kid: kid, algorithm: header.algorithm)
        let claims: ProviderClaims
        do {
            claims = try await key.keys.verify(token, as: ProviderClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .badSignature
        } catch {
            throw .malformed
        }
        let now = clock.nowMs()
        guard let expiry = claims.timeMs("exp") else { throw .missingClaim("exp") }
        guard now < expiry else { throw .expired }
        if let notBefore = claims.timeMs("nbf"), notBefore > now + Self.skewMs { throw .notYetValid }
        guard claims.string(at: "iss") == settings.issuer else { throw .wrongIssuer }
        guard claims.audiences.contains(settings.audience) else { throw .wrongAudience }
        return claims
    }
}

/// `alg` and `kid` of a compact JWS header, read before any verification.
struct JWTHeaderFields {
    var algorithm: String
    var kid: String?

    init?(_ token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(parts[0]),
              let header = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let algorithm = header["alg"] as? String else { return nil }
        self.algorithm = algorithm
        kid = header["kid"] as? String
    }
}
