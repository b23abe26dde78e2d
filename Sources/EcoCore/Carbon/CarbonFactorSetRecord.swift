/// A stored emission factor set: a draft that may still change, or a published, immutable version.
public struct CarbonFactorSetRecord: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable { case draft, published }

    /// Identifies the set in the API, e.g. `acme-2025-1`.
    public var id: String
    public var name: String
    /// Unique per name.
    public var version: String
    public var status: Status
    public var factorCount: Int
    public var createdAtMs: Int64
    /// The user id (or `cli`) that uploaded it.
    public var createdBy: String
    public var publishedAtMs: Int64?
    public var publishedBy: String?

    public init(id: String, name: String, version: String, status: Status = .draft, factorCount: Int = 0, createdAtMs: Int64,
                createdBy: String, publishedAtMs: Int64? = nil, publishedBy: String? = nil) {
        self.id = id
        self.name = name
        self.version = version
        self.status = status
        self.factorCount = factorCount
        self.createdAtMs = createdAtMs
        self.createdBy = createdBy
        self.publishedAtMs = publishedAtMs
        self.publishedBy = publishedBy
    }
}

/// One factor of a stored set, as its named cells (the columns of EcoCarbon's factor CSV:
/// `id`, `family`, `subject`, `region`, `unit`, `co2` … `licence`), in set order.
public struct CarbonFactorRow: Sendable, Equatable {
    public var factorId: String
    public var cells: [String: String]

    public init(factorId: String, cells: [String: String]) {
        self.factorId = factorId
        self.cells = cells
    }
}

/// An organization's carbon settings: the factor set its figures use, the GWP basis, and the unit
/// costs behind recommendation estimates.
public struct CarbonSettingsRecord: Sendable, Equatable {
    public var organization: String
    /// A published set's id, or `builtin` for the set shipped with EcoTrack.
    public var factorSetId: String
    /// `AR4`, `AR5` or `AR6`.
    public var gwpBasis: String
    /// The organization's cost parameters as JSON (EcoCarbon's `CostParameters`); nil uses the defaults.
    public var costParametersJSON: String?
    public var updatedAtMs: Int64
    public var updatedBy: String

    public init(organization: String, factorSetId: String, gwpBasis: String, costParametersJSON: String? = nil, updatedAtMs: Int64,
                updatedBy: String) {
        self.organization = organization
        self.factorSetId = factorSetId
        self.gwpBasis = gwpBasis
        self.costParametersJSON = costParametersJSON
        self.updatedAtMs = updatedAtMs
        self.updatedBy = updatedBy
    }
}
