import EcoCore
import Foundation

/// Accepting JWTs signed by an OpenID Connect provider (issue #21): where its keys are published,
/// which issuer and audience its tokens must name, and how their claims become an EcoTrack role and
/// organization. Set by the `oidc…` configuration keys (docs/security.md, "External identity providers").
public struct ExternalTokenSettings: Sendable, Equatable {
    /// The provider's JWKS document (`oidcJwksUrl`), e.g. `https://PROJECT.supabase.co/auth/v1/.well-known/jwks.json`.
    public var jwksURL: String
    /// The exact `iss` tokens must carry (`oidcIssuer`).
    public var issuer: String
    /// An `aud` value tokens must include (`oidcAudience`); Supabase uses `authenticated`.
    public var audience: String
    /// Dotted path of the claim naming the user's organization id (`oidcOrganizationClaim`); absent → no organization.
    public var organizationClaim: String = "organization"
    /// Dotted path of the claim whose value picks the role (`oidcRoleClaim`).
    public var roleClaim: String = "role"
    /// Claim value → EcoTrack role (`oidcRoleMap`: `value=role,value=role`); only mapped values grant a role.
    public var roleMap: [String: Role] = [:]
    /// Role of a token whose role claim is absent or not in the map (`oidcDefaultRole`); nil refuses such tokens.
    public var defaultRole: Role? = nil
    /// Dotted path of the claim with the user's e-mail, shown in the audit log (`oidcEmailClaim`).
    public var emailClaim: String = "email"
    /// Quota tier of external users (`oidcTier`).
    public var tier: QuotaTier = .free
    /// How long fetched keys are used when the JWKS response has no `Cache-Control: max-age` (`oidcCacheSeconds`).
    public var cacheSeconds: Int = 600
    /// Shortest time between two fetches caused by tokens naming an unknown `kid` (`oidcRefetchSeconds`),
    /// so a stream of forged key ids cannot make EcoTrack hammer the provider.
    public var refetchSeconds: Int = 30

    public init(jwksURL: String, issuer: String, audience: String) {
        self.jwksURL = jwksURL
        self.issuer = issuer
        self.audience = audience
    }

    /// Parses `oidcRoleMap`: comma-separated `claimValue=role` pairs.
    public static func parseRoleMap(_ text: String) throws(ConfigurationError) -> [String: Role] {
        var map: [String: Role] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let role = Role(rawValue: parts[1]) else {
                throw ConfigurationError("oidcRoleMap entries must be claimValue=role with role one of "
                    + "\(Role.allCases.map(\.rawValue).joined(separator: ", ")); got '\(pair)'.")
            }
            map[parts[0]] = role
        }
        return map
    }
}

extension ConfigurationSources {
    /// The `oidc…` keys; nil when `oidcJwksUrl` is not set (only EcoTrack's own credentials are accepted).
    func resolveExternalTokens() throws -> ExternalTokenSettings? {
        guard let url = value("oidcJwksUrl"), !url.isEmpty else {
            if let stray = ["oidcIssuer", "oidcAudience", "oidcRoleMap"].first(where: { value($0) != nil }) {
                throw ConfigurationError("\(stray) is set but oidcJwksUrl is not; set oidcJwksUrl to the provider's JWKS URL.")
            }
            return nil
        }
        guard url.hasPrefix("https://") || url.hasPrefix("http://127.0.0.1") || url.hasPrefix("http://localhost"),
              URL(string: url)?.host != nil else {
            throw ConfigurationError("oidcJwksUrl must be an https:// URL (plain http only on 127.0.0.1 or localhost); got '\(url)'.")
        }
        guard let issuer = value("oidcIssuer"), !issuer.isEmpty, let audience = value("oidcAudience"), !audience.isEmpty else {
            throw ConfigurationError("With oidcJwksUrl set, oidcIssuer and oidcAudience are required: the iss and aud the provider's tokens carry.")
        }
        var settings = ExternalTokenSettings(jwksURL: url, issuer: issuer, audience: audience)
        if let claim = value("oidcOrganizationClaim") { settings.organizationClaim = claim }
        if let claim = value("oidcRoleClaim") { settings.roleClaim = claim }
        if let claim = value("oidcEmailClaim") { settings.emailClaim = claim }
        if let map = value("oidcRoleMap") { settings.roleMap = try ExternalTokenSettings.parseRoleMap(map) }
        if let role = value("oidcDefaultRole") {
            guard let parsed = Role(rawValue: role) else {
                throw ConfigurationError("oidcDefaultRole must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")); got '\(role)'.")
            }
            settings.defaultRole = parsed
        }
        if settings.roleMap.isEmpty && settings.defaultRole == nil {
            throw ConfigurationError("With oidcJwksUrl set, give oidcRoleMap (e.g. authenticated=viewer) or oidcDefaultRole, or no token would get a role.")
        }
        if let tier = value("oidcTier") {
            guard let parsed = QuotaTier(rawValue: tier) else {
                throw ConfigurationError("oidcTier must be one of \(QuotaTier.allCases.map(\.rawValue).joined(separator: ", ")); got '\(tier)'.")
            }
            settings.tier = parsed
        }
        if let text = value("oidcCacheSeconds") {
            guard let seconds = Int(text), (10...86_400).contains(seconds) else {
                throw ConfigurationError("oidcCacheSeconds must be an integer in 10…86400, got '\(text)'.")
            }
            settings.cacheSeconds = seconds
        }
        if let text = value("oidcRefetchSeconds") {
            guard let seconds = Int(text), (1...3_600).contains(seconds) else {
                throw ConfigurationError("oidcRefetchSeconds must be an integer in 1…3600, got '\(text)'.")
            }
            settings.refetchSeconds = seconds
        }
        return settings
    }
}
