/// Unit costs behind recommendation cost estimates. The defaults are illustrative placeholders
/// chosen by EcoTrack, not market prices; every estimate says which parameters it used, and an
/// organization should set its own.
public struct CostParameters: Sendable, Equatable, Codable {
    public var currency = "USD"
    /// Energy attribute certificates or a PPA premium, per MWh covered.
    public var certificatePerMWh = 5.0
    /// Extra handling and transshipment cost per tonne-km moved from road to rail or water.
    public var modalShiftPerTonneKm = 0.005
    /// Consolidation and planning cost per tonne-km whose load factor is raised.
    public var loadConsolidationPerTonneKm = 0.002
    /// Price difference and conversion cost per mmBtu of fuel switched.
    public var fuelSwitchPerMMBtu = 2.0
    /// Who set these numbers.
    public var source = "EcoTrack illustrative defaults (not market prices)"

    /// The illustrative defaults.
    public init() {}

    public static let defaults = CostParameters()
}

/// A proposed action with its effect, its cost and why it is proposed.
public struct Recommendation: Sendable, Equatable {
    public var rank: Int
    public var title: String
    public var lever: Lever
    /// kg CO2e saved over the analysed period (location-based; market-based for certificates).
    public var impactKg: Double
    public var impactMarketKg: Double
    public var costEstimate: Double
    public var currency: String
    /// How the cost was computed and from which parameters (default or the organization's own).
    public var costBasis: String
    /// Cost per tonne CO2e saved, when something is saved.
    public var costPerTonne: Double?
    /// 0 … 1, with the rule behind it.
    public var feasibility: Double
    public var feasibilityReason: String
    /// Facts behind the proposal: hotspot figures, quantities, factors.
    public var evidence: [String]
}
