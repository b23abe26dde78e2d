/// The figures the recommendation rules look at, gathered in one pass over a period's rows.
struct RecommendationProfile {
    struct RoadFreight {
        var tonneKm = 0.0
        var meanLegKm: Double?
        var meanLoadFactor: Double?
    }

    private let table: ActivityTable
    private let baseline: AccountingResult
    private var supplierKg: [Int32: Double] = [:]
    private var road: [Int32: (tkm: Double, km: Double, legs: Int, load: Double, loads: Int)] = [:]
    private var facilityMWh: [Int32: Double] = [:]
    private var combustion: [Int64: Double] = [:]

    init(_ simulator: Simulator, filter: RowFilter) {
        table = simulator.table
        baseline = simulator.baseline
        let match = filter.compiled(for: table)
        let roadCode = Codes.road
        let freight = FactorLookup.TransportBasis.freight.rawValue
        for i in 0..<table.count where match.matches(i, table) {
            let kg = baseline.locationKg[i].isNaN ? 0 : baseline.locationKg[i]
            let supplier = table.supplier[i]
            if supplier >= 0 { supplierKg[supplier, default: 0] += kg }
            if table.mode[i] == roadCode, table.transportBasis[i] == freight, supplier >= 0 {
                var entry = road[supplier] ?? (0, 0, 0, 0, 0)
                entry.tkm += table.quantity[i]
                if !table.distanceKm[i].isNaN { entry.km += table.distanceKm[i]; entry.legs += 1 }
                if !table.utilisation[i].isNaN { entry.load += table.utilisation[i]; entry.loads += 1 }
                road[supplier] = entry
            }
            guard supplier < 0, table.facility[i] >= 0 else { continue }
            if table.family[i] == .electricity, table.kind[i] != .compute, let toMWh = table.unit[i].factor(to: .MWh) {
                facilityMWh[table.facility[i], default: 0] += table.quantity[i] * toMWh * (1 - table.instrumentShare[i])
            }
            if table.kind[i] == .combustion, let fuel = table.fuelOf(i), [.coal, .fuelOil, .diesel].contains(fuel), baseline.factorRow[i] >= 0,
               let heat = simulator.index.set.factors[Int(baseline.factorRow[i])].heatContentMMBtu, !baseline.factorQuantity[i].isNaN {
                combustion[Int64(table.facility[i]) << 8 | Int64(table.fuel[i]), default: 0] += baseline.factorQuantity[i] * heat
            }
        }
    }

    func largestSuppliers(_ n: Int) -> [String] {
        supplierKg.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(n).compactMap { table.suppliers.name($0.key) }
    }

    func roadFreight(supplier: String) -> RoadFreight {
        guard let id = table.suppliers.existingID(supplier), let entry = road[id] else { return RoadFreight() }
        return RoadFreight(
            tonneKm: entry.tkm, meanLegKm: entry.legs > 0 ? entry.km / Double(entry.legs) : nil,
            meanLoadFactor: entry.loads > 0 ? entry.load / Double(entry.loads) : nil)
    }

    func ownElectricityFacilities() -> [String] {
        facilityMWh.keys.sorted().compactMap { table.facilities.name($0) }
    }

    func uncoveredMWh(facility: String) -> Double {
        table.facilities.existingID(facility).flatMap { facilityMWh[$0] } ?? 0
    }

    func ownHighCarbonCombustion() -> [(String, Fuel, Double)] {
        combustion.sorted { $0.key < $1.key }.compactMap { key, mmBtu in
            guard let facility = table.facilities.name(Int32(key >> 8)) else { return nil }
            return (facility, Fuel.allCases[Int(key & 0xFF)], mmBtu)
        }
    }
}
