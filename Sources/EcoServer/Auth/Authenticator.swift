import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird
import Synchronization

/// Turns the credentials of a request (`Authorization: Bearer …` or `X-API-Key`) into an `Identity`.
/// No credentials → nil (anonymous); bad credentials → a 401 problem, never a silent downgrade.
public final class Authenticator: Sendable {
    let store: any AuthStore
    let tokens: SessionTokens
    let metricsToken: String?
    /// JWTs of the configured OpenID Connect provider; nil when none is configured.
    let providerTokens: ExternalTokens?
    /// When each key's `last_used_at` was last written: updated at most once a minute per key,
    /// so reads do not turn into a write per request.
    private let lastTouched = Mutex<[String: Int64]>([:])
    static let touchIntervalMs: Int64 = 60_000

    let clock: WallClock
    /// Recently checked API keys (see ``CredentialCache``).
    let cache: CredentialCache

    public init(store: any AuthStore, tokens: SessionTokens, metricsToken: String?, clock: WallClock = .system,
                cache: CredentialCache = CredentialCache(), providerTokens: ExternalTokens? = nil) {
        self.cache = cache
        self.providerTokens = providerTokens
        self.clock = clock
        self.store = store
        self.tokens = tokens
        self.metricsToken = metricsToken
    }

    static let apiKeyHeader = HTTPFields.Element.Name("X-API-Key")!

    /// The identity behind the request's credentials, nil without any.
    public func identify(_ headers: HTTPFields, now: Date? = nil) async throws -> Identity? {
        let now = now ?? clock.now
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw Self.unauthorized("The Authorization header must be 'Bearer <API key or token>'.")
            }
            return try await identify(credential: String(parts[1].trimmingASCIISpaces()), now: now)
        }
        if let key = headers[Self.apiKeyHeader] {
            return try await identify(credential: String(key.trimmingASCIISpaces()), now: now)
        }
        return nil
    }

    private func identify(credential: String, now: Date) async throws -> Identity {
        if credential.hasPrefix(APIKeyFormat.scheme) { return try await identify(apiKey: credential, now: now) }
        if let metricsToken, APIKeyFormat.constantTimeEqual(APIKeyFormat.hash(credential), APIKeyFormat.hash(metricsToken)) {
            return .metricsScraper
        }
        if credential.split(separator: ".", omittingEmptySubsequences: false).count == 3 {
            if let providerTokens, ExternalTokens.isProviderToken(credential) {
                let identity: Identity
                do { identity = try await providerTokens.identify(credential) } catch {
                    if error == .providerUnavailable { throw Problem(.serviceUnavailable, detail: error.description, headers: [.retryAfter: "30"]) }
                    throw Self.unauthorized(error.description)
                }
                try await refuseIfOrganizationDisabled(identity.user)
                return identity
            }
            let userID: String
            do { userID = try await tokens.verify(credential) } catch { throw Self.unauthorized("\(error)") }
            guard let user = try await store.user(id: userID), !user.disabled else {
                throw Self.unauthorized("The token's user no longer exists or is disabled.")
            }
            try await refuseIfOrganizationDisabled(user)
            return Identity(user: user, credential: .sessionToken)
        }
        throw Self.unauthorized("The credential is neither an EcoTrack API key (eco_…) nor a session or identity-provider token.")
    }

    private func identify(apiKey: String, now: Date) async throws -> Identity {
        let invalid = Self.unauthorized("The API key is not valid. Create one with `ecotrack keys create` or POST /api/v1/keys.")
        let hash = APIKeyFormat.hash(apiKey)
        let nowMs = Int64(now.timeIntervalSince1970 * 1000)
        if let known = cache.identity(forHash: hash, nowMs: nowMs) { return known }
        guard let prefix = APIKeyFormat.prefix(of: apiKey), let record = try await store.key(prefix: prefix),
              APIKeyFormat.constantTimeEqual(hash, record.secretHash) else { throw invalid }
        // Only the key's holder gets this far, so saying why it no longer works leaks nothing.
        if record.revokedAtMs != nil { throw Self.unauthorized("This API key was revoked; create a new one.") }
        if let expiry = record.expiresAtMs, expiry <= nowMs { throw Self.unauthorized("This API key expired; create a new one.") }
        guard let user = try await store.user(id: record.userID), !user.disabled else {
            throw Self.unauthorized("The API key's user no longer exists or is disabled.")
        }
        try await refuseIfOrganizationDisabled(user)
        touch(record.id, nowMs: nowMs)
        let identity = Identity(user: user, credential: .apiKey(id: record.id))
        // Not past the key's own expiry: an expiring key is checked again at the store from then on.
        if record.expiresAtMs.map({ $0 - nowMs > CredentialCache.lifetimeMs }) ?? true {
            cache.remember(identity, forHash: hash, keyID: record.id, nowMs: nowMs)
        }
        return identity
    }

    private func touch(_ keyID: String, nowMs: Int64) {
        let due = lastTouched.withLock { last in
            if let previous = last[keyID], nowMs - previous < Self.touchIntervalMs { return false }
            last[keyID] = nowMs
            return true
        }
        guard due else { return }
        let store = store
        // Off the request path: last-used is informational and a failed write must not fail the request.
        Task { try? await store.touchKey(id: keyID, atMs: nowMs) }
    }

    /// Members of a disabled organization are refused until an admin enables it again.
    private func refuseIfOrganizationDisabled(_ user: User?) async throws {
        guard let id = user?.organization, let organization = try await store.organization(id: id), organization.isDisabled else { return }
        throw Self.unauthorized("Your organization \(id) is disabled; ask an EcoTrack admin to enable it.")
    }

    /// A 401 problem with the challenge RFC 6750 asks for.
    static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, detail: detail, headers: [.wwwAuthenticate: #"Bearer realm="ecotrack""#])
    }
}
