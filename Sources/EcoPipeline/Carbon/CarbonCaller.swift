import EcoCore

/// Who asks a carbon service to change something, and which organizations' data they may write.
public struct CarbonCaller: Sendable, Equatable {
    /// User id (or `cli`), recorded with what they change.
    public var actor: String
    public var email: String?
    public var clientIP: String?
    /// Organizations whose activities they may write; nil: any (admins, the local CLI).
    public var organizations: Set<String>?

    public init(actor: String, email: String? = nil, clientIP: String? = nil, organizations: Set<String>?) {
        self.actor = actor
        self.email = email
        self.clientIP = clientIP
        self.organizations = organizations
    }

    /// The local command line: any organization.
    public static let cli = CarbonCaller(actor: "cli", organizations: nil)

    /// Nil when the caller may write `organization`'s data, else the sentence saying why not.
    func refusal(for organization: String) -> String? {
        guard let organizations, !organizations.contains(organization) else { return nil }
        guard let own = organizations.sorted().first else {
            return "organization: your account belongs to no organization, so it may not write carbon activities; ask an admin to set your organization."
        }
        return "organization: you may write activities of \(own) only, not of '\(organization)'; send organization \(own) or ask an admin."
    }
}
