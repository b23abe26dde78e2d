import EcoCore
import EcoPipeline

/// What a caller may do; each route declares the one it needs where it is registered.
/// Names and role grants follow the specification's permission table.
public enum Permission: String, Sendable, CaseIterable, Codable {
    /// Open to anyone, even without credentials (health, contract, dashboard shell).
    case anonymous = "anonymous"
    /// Any signed-in user, whatever the role, acting on their own account (keys, password, `me`).
    /// Not a grant of the role table: it follows from having credentials.
    case authenticated = "authenticated"
    case readPublic = "read:public"
    case readAll = "read:all"
    case writeData = "write:data"
    case runAnalysis = "run:analysis"
    case exportData = "export:data"
    case queryAgents = "query:agents"
    case manageModels = "manage:models"
    case adminAll = "admin:all"
    /// Scrape `/metrics`: admins, the holder of the configured metrics token, or anyone when the
    /// server is bound to loopback and no token is configured (see docs/security.md).
    case readMetrics = "read:metrics"
}
