/// A threshold rule as stored and edited through the API.
public struct AlertRuleRecord: Sendable, Equatable, Codable {
    /// UUID string.
    public var id: String
    public var name: String
    public var variable: String
    public var domain: String
    /// `above` or `below`.
    public var direction: String
    public var threshold: Double
    public var clearThreshold: Double?
    public var forMs: Int64
    public var keepFiringForMs: Int64
    public var severity: String
    public var enabled: Bool
    public var organization: String
    public var createdAtMs: Int64
    public var updatedAtMs: Int64

    public init(id: String, name: String, variable: String, domain: String, direction: String, threshold: Double,
                clearThreshold: Double?, forMs: Int64, keepFiringForMs: Int64, severity: String, enabled: Bool = true,
                organization: String = "", createdAtMs: Int64, updatedAtMs: Int64) {
        self.id = id
        self.name = name
        self.variable = variable
        self.domain = domain
        self.direction = direction
        self.threshold = threshold
        self.clearThreshold = clearThreshold
        self.forMs = forMs
        self.keepFiringForMs = keepFiringForMs
        self.severity = severity
        self.enabled = enabled
        self.organization = organization
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
    }
}
