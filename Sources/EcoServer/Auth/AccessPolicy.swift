import EcoCore
import EcoPipeline

/// Decides whether a caller may use a route that needs a permission. Pure, so the role matrix
/// can be reasoned about without a server.
struct AccessPolicy: Sendable {
    /// Anonymous callers get read:public (`publicRead`, on with `--demo`).
    var publicRead: Bool
    /// Anonymous callers may scrape `/metrics` (bound to loopback and no metrics token configured).
    var openMetrics: Bool

    enum Decision: Equatable { case allow, unauthenticated, forbidden }

    func decide(_ permission: Permission, for identity: Identity?) -> Decision {
        if permission == .anonymous { return .allow }
        guard let identity else {
            if permission == .readPublic && publicRead { return .allow }
            if permission == .readMetrics && openMetrics { return .allow }
            return .unauthenticated
        }
        if permission == .authenticated { return identity.user != nil ? .allow : .forbidden }
        return identity.permissions.contains(permission) ? .allow : .forbidden
    }

    /// Whether `host` only accepts connections from this machine.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
