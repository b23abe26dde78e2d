import EcoRandom

/// A seeded synthetic supply chain for benchmarks and demos: suppliers moving freight by road,
/// rail, sea and air, running factories on several grids, burning fuel, leaking refrigerant and
/// renting cloud compute, plus the organization's own facilities. The same seed gives the same activities.
public struct SyntheticSupplyChain: Sendable {
    public var suppliers = 500
    public var facilities = 20
    /// Activities per supplier per day, on average.
    public var activitiesPerSupplierDay = 6.0
    public var startMs: Int64 = 1_735_689_600_000  // 2025-01-01T00:00:00Z
    public var days = 365
    public var seed: UInt64 = 14

    public init() {}

    static let regions = ["US-CAMX", "US-ERCT", "US-RFCE", "US-NWPP", "FR", "DE", "PL", "CN", "IN", "GB", "BR", "gcp:europe-west1"]
    static let lanes = [("Lyon", "Paris", 465.0), ("Hamburg", "Munich", 780.0), ("Shanghai", "Rotterdam", 19_500.0), ("Dallas", "Chicago", 1_500.0), ("Gdansk", "Warsaw", 340.0), ("Mumbai", "Delhi", 1_400.0), ("Leeds", "London", 310.0), ("Sao Paulo", "Santos", 75.0)]

    /// Every activity, in time order within each day.
    public func activities() -> [Activity] {
        var random = SplitMix64(seed: seed)
        let perDay = Int((Double(suppliers) * activitiesPerSupplierDay).rounded())
        var out: [Activity] = []
        out.reserveCapacity(perDay * days + facilities * 3 * days)
        let supplierNames = (0..<suppliers).map { "supplier-\($0)" }
        let supplierRegion = (0..<suppliers).map { _ in Self.regions[Int(random.next() % UInt64(Self.regions.count))] }
        let supplierScale = (0..<suppliers).map { _ in 0.3 + 2 * random.unit() }
        for day in 0..<days {
            let dayStart = startMs + Int64(day) * 86_400_000
            for _ in 0..<perDay {
                let s = Int(random.next() % UInt64(suppliers))
                let time = dayStart + Int64(random.next() % 86_400_000)
                let scale = supplierScale[s]
                let roll = random.unit()
                let detail: ActivityDetail
                if roll < 0.60 {
                    let lane = Self.lanes[Int(random.next() % UInt64(Self.lanes.count))]
                    let mode: TransportMode = lane.2 > 10_000 ? .sea : (random.unit() < 0.15 ? .rail : .road)
                    let load = (mode == .road ? 4_000 + 20_000 * random.unit() : 50_000 + 400_000 * random.unit()) * min(scale, 1.5)
                    detail = .transport(TransportActivity(
                        mode: mode, vehicle: mode == .road ? .articulatedTruck : nil, fuel: mode == .road ? .diesel : nil,
                        distanceKm: lane.2, loadKg: min(load, mode == .road ? 40_000 : 200_000),
                        loadFactor: mode == .road ? 0.4 + 0.5 * random.unit() : nil, origin: lane.0, destination: lane.1))
                } else if roll < 0.62 {
                    detail = .transport(TransportActivity(mode: .air, vehicle: .bellyHold, distanceKm: 6_000 + 4_000 * random.unit(), loadKg: 200 + 2_000 * random.unit(), origin: "FRA", destination: "JFK"))
                } else if roll < 0.80 {
                    detail = .electricity(ElectricityActivity(kWh: 500 + 5_000 * scale * random.unit()))
                } else if roll < 0.92 {
                    detail = .combustion(CombustionActivity(fuel: random.unit() < 0.7 ? .naturalGas : .diesel, quantity: 100 + 2_000 * scale * random.unit(), unit: .kWh))
                } else if roll < 0.93 {
                    detail = .refrigerant(RefrigerantActivity(gas: random.unit() < 0.5 ? "R-410A" : "R-404A", kg: 0.1 + 2 * random.unit()))
                } else {
                    detail = .compute(ComputeActivity(cpuHours: 10 + 200 * random.unit()))
                }
                let region = detail.kind == .compute ? "gcp:europe-west1" : supplierRegion[s]
                out.append(Activity(
                    organization: "acme", supplier: supplierNames[s], facility: "\(supplierNames[s])/site", timeMs: time,
                    region: region, estimated: random.unit() < 0.08, detail: detail))
            }
            for f in 0..<facilities {
                let facility = "acme-site-\(f)"
                let region = Self.regions[f % (Self.regions.count - 1)]
                let share = f % 3 == 0 ? 0.5 : 0
                out.append(Activity(
                    organization: "acme", facility: facility, timeMs: dayStart + 43_200_000, region: region,
                    detail: .electricity(ElectricityActivity(kWh: 2_000 + 1_000 * random.unit(), instrument: share > 0 ? ContractualInstrument(kind: .certificate, share: share) : nil))))
                out.append(Activity(
                    organization: "acme", facility: facility, timeMs: dayStart + 43_200_000, region: region,
                    detail: .combustion(CombustionActivity(fuel: f % 4 == 0 ? .fuelOil : .naturalGas, quantity: 5_000 + 2_000 * random.unit(), unit: .kWh))))
                out.append(Activity(
                    organization: "acme", facility: facility, timeMs: dayStart + 43_200_000, region: region,
                    detail: .transport(TransportActivity(mode: .road, vehicle: .rigidTruck, fuel: .diesel, distanceKm: 50 + 200 * random.unit(), loadKg: 8_000 + 10_000 * random.unit(), loadFactor: 0.6))))
            }
        }
        return out
    }
}
