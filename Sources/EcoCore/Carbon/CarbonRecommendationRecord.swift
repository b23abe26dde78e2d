/// Where a recommendation stands: proposed (open), then approved or dismissed, and an approved one done.
public enum CarbonRecommendationStatus: String, Sendable, Equatable, CaseIterable, Codable {
    case open, approved, dismissed, done

    /// The statuses a recommendation may move to from this one.
    public var next: Set<CarbonRecommendationStatus> {
        switch self {
        case .open: [.approved, .dismissed]
        case .approved: [.done, .dismissed]
        case .dismissed, .done: []
        }
    }
}

/// A proposed reduction action as stored: what to do (the lever as JSON), its effect and cost over
/// the analysed period, why, and the decision taken on it.
public struct CarbonRecommendationRecord: Sendable, Equatable {
    public var id: String
    public var organization: String
    /// Identifies the action within the organization (the lever as canonical JSON), so a new proposal
    /// of the same action updates the open one instead of adding another.
    public var key: String
    public var rank: Int
    public var title: String
    /// EcoCarbon's `Lever` as JSON.
    public var leverJSON: String
    /// kg CO2e saved over the period (location-based, and market-based).
    public var impactKg: Double
    public var impactMarketKg: Double
    public var costEstimate: Double
    public var currency: String
    /// How the cost was computed and from whose parameters.
    public var costBasis: String
    public var costPerTonne: Double?
    /// 0 … 1, and why.
    public var feasibility: Double
    public var feasibilityReason: String
    /// Facts behind the proposal: hotspot figures, quantities, the factors on both sides.
    public var evidence: [String]
    /// The period analysed, [fromMs, toMs).
    public var fromMs: Int64
    public var toMs: Int64
    public var status: CarbonRecommendationStatus
    public var createdAtMs: Int64
    public var updatedAtMs: Int64
    /// Who took the last decision (user id), when, and their note.
    public var decidedBy: String?
    public var decidedAtMs: Int64?
    public var note: String?

    public init(id: String, organization: String, key: String, rank: Int, title: String, leverJSON: String, impactKg: Double,
                impactMarketKg: Double, costEstimate: Double, currency: String, costBasis: String, costPerTonne: Double?,
                feasibility: Double, feasibilityReason: String, evidence: [String], fromMs: Int64, toMs: Int64,
                status: CarbonRecommendationStatus = .open, createdAtMs: Int64, updatedAtMs: Int64, decidedBy: String? = nil,
                decidedAtMs: Int64? = nil, note: String? = nil) {
        self.id = id
        self.organization = organization
        self.key = key
        self.rank = rank
        self.title = title
        self.leverJSON = leverJSON
        self.impactKg = impactKg
        self.impactMarketKg = impactMarketKg
        self.costEstimate = costEstimate
        self.currency = currency
        self.costBasis = costBasis
        self.costPerTonne = costPerTonne
        self.feasibility = feasibility
        self.feasibilityReason = feasibilityReason
        self.evidence = evidence
        self.fromMs = fromMs
        self.toMs = toMs
        self.status = status
        self.createdAtMs = createdAtMs
        self.updatedAtMs = updatedAtMs
        self.decidedBy = decidedBy
        self.decidedAtMs = decidedAtMs
        self.note = note
    }
}
