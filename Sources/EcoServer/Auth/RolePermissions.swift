import EcoCore
import EcoPipeline
import EcoStore

extension Role {
    /// What the role may do, as in the specification's `ROLE_PERMISSIONS` table (§8.3):
    /// admin has every permission, including manage:models, admin:all and read:metrics.
    public var permissions: Set<Permission> {
        switch self {
        case .viewer: [.readPublic]
        case .analyst: [.readPublic, .readAll, .runAnalysis, .exportData, .queryAgents]
        case .contributor: [.readPublic, .readAll, .writeData, .runAnalysis]
        // `anonymous` and `authenticated` are route declarations, not grants (see Permission).
        case .admin: Set(Permission.allCases).subtracting([.anonymous, .authenticated])
        case .apiConsumer: [.readPublic, .readAll, .runAnalysis]
        }
    }
}
