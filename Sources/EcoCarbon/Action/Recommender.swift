import EcoCore

/// A rules engine that proposes actions where the emissions are — hotspot suppliers and facilities,
/// and the largest suppliers — simulates each one, and ranks them by kg CO2e saved × feasibility.
///
/// Rules: road freight of a supplier → shift 30 % to rail (feasibility from its mean leg length:
/// rail rarely competes under ~300 km); road freight with known load factors under 75 % → raise
/// them to 85 %; an own facility's grid electricity → cover it with certificates or a PPA
/// (market-based saving); own coal, fuel oil or diesel combustion → natural gas.
public struct Recommender: Sendable {
    public var costs: CostParameters
    /// At most this many recommendations.
    public var limit = 10
    /// Suppliers considered besides hotspots: the largest ones by kg CO2e.
    public var largestSuppliers = 5

    public init(costs: CostParameters = .defaults) {
        self.costs = costs
    }

    /// Ranked recommendations for the rows of `simulator` matching `filter`.
    public func recommend(_ simulator: Simulator, hotspots: [Hotspot] = [], filter: RowFilter = .all) -> [Recommendation] {
        let profile = RecommendationProfile(simulator, filter: filter)
        var suppliers = hotspots.filter { $0.entity == .supplier }.map(\.key)
        for name in profile.largestSuppliers(largestSuppliers) where !suppliers.contains(name) { suppliers.append(name) }
        var candidates: [Recommendation] = []
        func add(_ title: String, _ lever: Lever, cost: Double, costBasis: String, feasibility: Double, reason: String, evidence: [String], market: Bool = false) {
            guard let result = try? simulator.simulate(Scenario(name: title, levers: [lever]), filter: filter) else { return }
            let saved = -(market ? result.deltaMarketKg : result.deltaKg)
            guard saved > 0 else { return }
            candidates.append(Recommendation(
                rank: 0, title: title, lever: lever, impactKg: -result.deltaKg, impactMarketKg: -result.deltaMarketKg,
                costEstimate: cost, currency: costs.currency, costBasis: costBasis + " (\(costs.source))",
                costPerTonne: cost / (saved / 1000), feasibility: feasibility, feasibilityReason: reason,
                evidence: evidence + result.factorsUsed.map { "\($0.side.rawValue) factor \($0.factorId): \(NumberText.short($0.kgCO2ePerUnit)) kg CO2e/\($0.unit.rawValue) (\($0.source.document))" }))
        }
        for supplier in suppliers {
            let hotspot = hotspots.first { $0.entity == .supplier && $0.key == supplier }
            let hotspotNote = hotspot.map { ["\(supplier) is \(NumberText.short($0.percentAbove)) % above its baseline (+\(NumberText.short($0.excessKg)) kg CO2e in the recent window)"] } ?? []
            let road = profile.roadFreight(supplier: supplier)
            if road.tonneKm > 0 {
                let share = 0.3
                let (feasibility, reason) = Self.railFeasibility(meanLegKm: road.meanLegKm)
                add("Shift 30 % of \(supplier)'s road freight to rail", .shiftMode(from: .road, to: .rail, share: share, supplier: supplier),
                    cost: road.tonneKm * share * costs.modalShiftPerTonneKm,
                    costBasis: "\(NumberText.short(road.tonneKm * share)) tkm × \(costs.modalShiftPerTonneKm) \(costs.currency)/tkm",
                    feasibility: feasibility, reason: reason,
                    evidence: hotspotNote + ["\(NumberText.short(road.tonneKm)) road tonne-km in the period, mean leg \(road.meanLegKm.map { NumberText.short($0) + " km" } ?? "unknown")"])
            }
            if let load = road.meanLoadFactor, load < 0.75 {
                add("Raise \(supplier)'s road load factors to 85 %", .raiseLoadFactor(mode: .road, loadFactor: 0.85, assumedCurrent: nil, supplier: supplier),
                    cost: road.tonneKm * costs.loadConsolidationPerTonneKm,
                    costBasis: "\(NumberText.short(road.tonneKm)) tkm × \(costs.loadConsolidationPerTonneKm) \(costs.currency)/tkm",
                    feasibility: 0.6, reason: "Consolidating loads needs planning with the supplier but no new assets.",
                    evidence: hotspotNote + ["mean road load factor \(NumberText.short(load * 100)) %"])
            }
        }
        for facility in profile.ownElectricityFacilities() {
            let mwh = profile.uncoveredMWh(facility: facility)
            guard mwh > 0 else { continue }
            add("Cover \(facility)'s electricity with certificates or a PPA", .renewableElectricity(share: 1, supplier: nil, facility: facility),
                cost: mwh * costs.certificatePerMWh, costBasis: "\(NumberText.short(mwh)) MWh × \(costs.certificatePerMWh) \(costs.currency)/MWh",
                feasibility: 0.9, reason: "Certificates and green tariffs are available in most markets; this lowers market-based Scope 2 only.",
                evidence: ["\(NumberText.short(mwh)) MWh of grid electricity not covered by instruments"], market: true)
        }
        for (facility, fuel, mmBtu) in profile.ownHighCarbonCombustion() {
            add("Switch \(facility)'s \(fuel.rawValue) to natural gas", .switchFuel(from: fuel, to: .naturalGas, supplier: nil, facility: facility),
                cost: mmBtu * costs.fuelSwitchPerMMBtu, costBasis: "\(NumberText.short(mmBtu)) mmBtu × \(costs.fuelSwitchPerMMBtu) \(costs.currency)/mmBtu",
                feasibility: 0.4, reason: "Needs burner conversion and a gas connection.",
                evidence: ["\(NumberText.short(mmBtu)) mmBtu of \(fuel.rawValue) burned in the period"])
        }
        candidates.sort { $0.impactScore > $1.impactScore || ($0.impactScore == $1.impactScore && $0.title < $1.title) }
        return candidates.prefix(limit).enumerated().map { k, recommendation in
            var ranked = recommendation
            ranked.rank = k + 1
            return ranked
        }
    }

    static func railFeasibility(meanLegKm: Double?) -> (Double, String) {
        guard let km = meanLegKm else { return (0.4, "Leg lengths unknown; rail suits long, regular lanes.") }
        if km >= 500 { return (0.8, "Mean road leg \(NumberText.short(km)) km: long-haul lanes where rail is competitive.") }
        if km >= 300 { return (0.5, "Mean road leg \(NumberText.short(km)) km: rail competes on some lanes.") }
        return (0.2, "Mean road leg \(NumberText.short(km)) km: rail rarely competes under ~300 km.")
    }
}

extension Recommendation {
    /// kg saved (market-based for certificate actions) × feasibility: the ranking score.
    var impactScore: Double {
        let saved = if case .renewableElectricity = lever { impactMarketKg } else { impactKg }
        return saved * feasibility
    }
}
