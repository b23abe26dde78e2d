import EcoCore
import EcoPipeline

/// Which organizations' restricted series a caller may read.
extension Optional where Wrapped == Identity {
    /// nil for `admin:all` (everything); public ("") plus the caller's organization for `read:all`;
    /// public only for everyone else, anonymous callers included.
    var readableOrganizations: Set<String>? {
        guard let identity = self else { return [""] }
        if identity.permissions.contains(.adminAll) { return nil }
        if identity.permissions.contains(.readAll), let organization = identity.user?.organization, !organization.isEmpty {
            return ["", organization]
        }
        return [""]
    }
}
