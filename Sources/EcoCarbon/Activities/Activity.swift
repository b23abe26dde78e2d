/// One activity record: who, where and when, and what was done (``ActivityDetail``).
public struct Activity: Sendable, Equatable {
    /// The client's own id, for idempotent retries: re-sending it replaces the record.
    public var clientId: String?
    /// The reporting organization.
    public var organization: String
    /// The supplier that performed the activity; nil for the organization's own operations.
    public var supplier: String?
    /// The site (factory, warehouse, office, data centre); nil when not tied to one.
    public var facility: String?
    /// When it happened, milliseconds since the Unix epoch, UTC.
    public var timeMs: Int64
    /// Latitude and longitude in degrees (WGS 84), when known.
    public var lat: Double?
    public var lng: Double?
    /// The H3 cell the caller placed it in (any resolution), when known.
    public var cell: UInt64?
    /// Where it happened, for factor lookup: an ISO 3166-1 alpha-2 country (`FR`), a sub-region
    /// (`US-CAMX`, eGRID; `US-CA`, a state), a cloud region (`gcp:europe-west1`), or nil for the world.
    public var region: String?
    /// True when the figures are an estimate rather than a measurement or invoice.
    public var estimated: Bool
    /// Reporting scope and Scope 3 category chosen by the client; nil lets ``ScopeClassifier`` decide.
    public var scope: Scope?
    public var category: Scope3Category?
    /// What was done.
    public var detail: ActivityDetail

    public init(
        clientId: String? = nil, organization: String, supplier: String? = nil, facility: String? = nil, timeMs: Int64,
        lat: Double? = nil, lng: Double? = nil, cell: UInt64? = nil, region: String? = nil, estimated: Bool = false,
        scope: Scope? = nil, category: Scope3Category? = nil, detail: ActivityDetail
    ) {
        self.clientId = clientId
        self.organization = organization
        self.supplier = supplier
        self.facility = facility
        self.timeMs = timeMs
        self.lat = lat
        self.lng = lng
        self.cell = cell
        self.region = region
        self.estimated = estimated
        self.scope = scope
        self.category = category
        self.detail = detail
    }

    /// The kind of activity.
    public var kind: ActivityKind { detail.kind }
}

/// What an activity did, with the quantities its kind needs.
public enum ActivityDetail: Sendable, Equatable {
    case transport(TransportActivity)
    case electricity(ElectricityActivity)
    case combustion(CombustionActivity)
    case refrigerant(RefrigerantActivity)
    case facilityEnergy(FacilityEnergyActivity)
    case compute(ComputeActivity)

    /// The kind of activity.
    public var kind: ActivityKind {
        switch self {
        case .transport: .transport
        case .electricity: .electricity
        case .combustion: .combustion
        case .refrigerant: .refrigerant
        case .facilityEnergy: .facilityEnergy
        case .compute: .compute
        }
    }
}
