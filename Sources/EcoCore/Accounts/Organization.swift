/// An organization: the owner of restricted series, and what a user's `organization` names (by `id`).
/// The id never changes, because stored series and webhooks carry it; `name` is what people read and
/// may be renamed. A disabled organization's members are refused until it is enabled again.
public struct Organization: Sendable, Equatable, Codable {
    /// Stable identifier (`acme`, or an older free-text organization name carried over by migration 0011).
    public var id: String
    /// Display name.
    public var name: String
    public var createdAtMs: Int64
    /// When it was disabled; nil while it is active.
    public var disabledAtMs: Int64?

    public init(id: String, name: String, createdAtMs: Int64, disabledAtMs: Int64? = nil) {
        self.id = id
        self.name = name
        self.createdAtMs = createdAtMs
        self.disabledAtMs = disabledAtMs
    }

    /// Whether its members are refused.
    public var isDisabled: Bool { disabledAtMs != nil }
}
