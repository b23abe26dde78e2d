import EcoCarbon
import Testing

/// The rules engine proposes simulated, costed, ranked actions with their evidence.
struct RecommendationTests {
    @Test func actionsAreRankedByFeasibleSavingAndCiteTheirBasis() throws {
        var activities: [Activity] = []
        for day in 0..<14 {
            let time = march2025 + Int64(day) * dayMs
            activities.append(activity(.transport(TransportActivity(mode: .road, distanceKm: 800, loadKg: 20_000, loadFactor: 0.55)), supplier: "longhaul", time: time))
            activities.append(activity(.transport(TransportActivity(mode: .road, distanceKm: 60, loadKg: 2_000)), supplier: "citycourier", time: time))
            activities.append(activity(.electricity(ElectricityActivity(kWh: 2000)), facility: "hq", region: "DE", time: time))
            activities.append(activity(.combustion(CombustionActivity(fuel: .coal, quantity: 0.5, unit: .shortTon)), facility: "boiler-house", time: time))
        }
        let accountant = Accountant(set: .builtIn, basis: .ar5)
        let (table, result) = accountant.account(activities)
        let simulator = Simulator(table: table, baseline: result, index: accountant.index)
        let recommendations = Recommender().recommend(simulator)
        #expect(recommendations.map(\.rank) == Array(1...recommendations.count))
        let titles = recommendations.map(\.title)
        #expect(titles.contains("Shift 30 % of longhaul's road freight to rail"))
        #expect(titles.contains("Raise longhaul's road load factors to 85 %"))
        #expect(titles.contains("Cover hq's electricity with certificates or a PPA"))
        #expect(titles.contains("Switch boiler-house's coal to natural gas"))
        let scores = recommendations.map { recommendation -> Double in
            let saved: Double = if case .renewableElectricity = recommendation.lever { recommendation.impactMarketKg } else { recommendation.impactKg }
            return saved * recommendation.feasibility
        }
        #expect(scores == scores.sorted(by: >))
        let rail = recommendations.first { $0.title.hasPrefix("Shift 30 % of longhaul") }!
        #expect(rail.feasibility == 0.8)
        #expect(rail.costBasis.contains("EcoTrack illustrative defaults"))
        #expect(rail.evidence.contains { $0.contains("mean leg 800 km") })
        #expect(rail.evidence.contains { $0.contains("epa2025-t8-freight-rail") })
        let courier = recommendations.first { $0.title.hasPrefix("Shift 30 % of citycourier") }
        #expect(courier?.feasibility == 0.2)
        var costs = CostParameters()
        costs.certificatePerMWh = 10
        costs.source = "acme procurement 2025"
        let own = Recommender(costs: costs).recommend(simulator).first { $0.title.hasPrefix("Cover hq") }!
        #expect(isClose(own.costEstimate, 28 * 10))
        #expect(own.costBasis.contains("acme procurement 2025"))
    }
}
