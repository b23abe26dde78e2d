import EcoCore
import EcoPipeline
import EcoStore

/// Who is calling, once their credentials were checked.
public struct Identity: Sendable, Equatable {
    /// How the caller proved who they are.
    public enum Credential: Sendable, Equatable {
        /// An API key, by its record id.
        case apiKey(id: String)
        /// A session token (JWT) issued by `POST /api/v1/auth/login`.
        case sessionToken
        /// A JWT of the configured OpenID Connect provider (`oidcIssuer`), verified against its JWKS.
        case providerToken(issuer: String)
        /// The configured metrics token: may only scrape `/metrics`.
        case metricsToken
    }

    /// The user behind the credential; nil only for the metrics token.
    public var user: User?
    public var credential: Credential
    public var permissions: Set<Permission>
    public var tier: QuotaTier

    /// An authenticated user.
    public init(user: User, credential: Credential) {
        self.user = user
        self.credential = credential
        self.permissions = user.role.permissions
        self.tier = user.tier
    }

    /// The scraper holding the metrics token.
    public static let metricsScraper = Identity(user: nil, credential: .metricsToken, permissions: [.readMetrics], tier: .institutional)

    init(user: User?, credential: Credential, permissions: Set<Permission>, tier: QuotaTier) {
        self.user = user
        self.credential = credential
        self.permissions = permissions
        self.tier = tier
    }

    /// The audit log's actor: the user id, or `metrics`.
    public var actor: String { user?.id ?? "metrics" }
}

/// What the auth middleware learned about a request; lives in `AppRequestContext.auth`.
public struct RequestAuth: Sendable {
    /// Nil for anonymous requests.
    public var identity: Identity?
    /// The client's address (the peer, or the first `X-Forwarded-For` hop when the proxy is trusted).
    public var clientIP: String?

    public init(identity: Identity? = nil, clientIP: String? = nil) {
        self.identity = identity
        self.clientIP = clientIP
    }
}
