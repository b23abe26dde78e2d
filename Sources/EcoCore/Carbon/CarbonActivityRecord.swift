/// One carbon activity as the store keeps it: who, where and when in typed columns the store can
/// index, and what was done in flat fields named as the API names them (docs/carbon.md).
///
/// The store does not interpret the fields; EcoPipeline maps them to and from EcoCarbon's `Activity`.
/// Texts are the API's spellings (`road`, `articulated_truck`, `natural_gas`, `kWh`); numbers are in
/// the units the field names say.
public struct CarbonActivityRecord: Sendable, Equatable {
    /// The store's id; 0 for a record not stored yet.
    public var id: Int64
    public var organization: String
    /// The client's id: a record with the same organization and client id replaces the stored one.
    public var clientId: String?
    public var supplier: String?
    public var facility: String?
    /// When it happened, ms since the Unix epoch (UTC).
    public var timeMs: Int64
    /// WGS 84 degrees, when known.
    public var lat: Double?
    public var lng: Double?
    /// The H3 cell the client gave (any resolution), when it gave one.
    public var cell: UInt64?
    /// Grid or country region for factor lookup (`FR`, `US-CAMX`, `gcp:europe-west1`).
    public var region: String?
    /// True when the figures are an estimate, not a measurement.
    public var estimated: Bool
    /// GHG Protocol scope (1–3) and Scope 3 category (1–15) the client chose, when it chose them.
    public var scope: Int?
    public var category: Int?
    /// `transport`, `electricity`, `combustion`, `refrigerant`, `facility_energy` or `compute`.
    public var kind: String
    /// The kind's own fields.
    public var detail: CarbonActivityDetail

    public init(id: Int64 = 0, organization: String, clientId: String? = nil, supplier: String? = nil, facility: String? = nil,
                timeMs: Int64, lat: Double? = nil, lng: Double? = nil, cell: UInt64? = nil, region: String? = nil,
                estimated: Bool = false, scope: Int? = nil, category: Int? = nil, kind: String,
                detail: CarbonActivityDetail = CarbonActivityDetail()) {
        self.id = id
        self.organization = organization
        self.clientId = clientId
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
        self.kind = kind
        self.detail = detail
    }

    /// The resolution-15 cell the store indexes: the one holding lat/lng, else the centre child of
    /// the given cell; nil when the activity has no place.
    public var cell15: UInt64? {
        if let lat, let lng { return Spatial.cell15(lat: lat, lng: lng) }
        return cell.map(Spatial.centerChild15(of:))
    }
}

/// The fields of an activity's kind; those a kind does not use stay nil.
///
/// `quantity` and `unit` hold the activity's metered amount: kWh of electricity or compute, the fuel
/// burned (stationary, or a transport leg's fuel), kg of refrigerant, a facility's energy.
public struct CarbonActivityDetail: Sendable, Equatable {
    public var mode: String?
    public var vehicle: String?
    public var fuel: String?
    public var distanceKm: Double?
    public var loadKg: Double?
    public var tonneKm: Double?
    public var loadFactor: Double?
    public var emptyRunning: Double?
    /// Transport of sold products (Scope 3 category 9).
    public var downstream = false
    public var origin: String?
    public var destination: String?
    public var quantity: Double?
    public var unit: String?
    /// Contractual instrument (`certificate`, `ppa`, `green_tariff`), the share it covers (0–1) and its kg CO2e/kWh.
    public var instrument: String?
    public var instrumentShare: Double?
    public var instrumentRate: Double?
    /// The electricity supplier's own rate, kg CO2e/kWh.
    public var supplierRate: Double?
    public var gas: String?
    /// `electricity`, `steam`, `heat` or `cooling`.
    public var carrier: String?
    public var cpuHours: Double?
    public var wattsPerCpu: Double?
    public var pue: Double?

    public init() {}
}
