import EcoCarbon
import EcoCore
import EcoRandom
import Foundation
import Logging
import ServiceLifecycle

/// The demo supply chain `serve --demo` seeds: 36 suppliers (18 hauliers on fixed lanes, 18 factories
/// on their national grids) and the organization's own sites, 35 days and today (up to now) of steady
/// daily activity, and a planned hotspot — one haulier running three times its
/// usual trips over the last week — that ``CarbonDemoFeed`` sends a few minutes after start, so
/// ingest → hotspot → alert → recommendation → approve → audit can be watched live.
public enum CarbonDemo {
    /// The organization of the demo data (the demo admin's).
    public static let organization = "EcoTrack demo"
    public static let days = 35
    /// The haulier whose freight triples in the last week.
    public static let hotspotSupplier = "Rhône Freight"
    static let rivers = ["Rhône", "Elbe", "Vistula", "Tagus", "Po", "Loire", "Danube", "Rhine", "Oder", "Seine", "Ebro", "Weser",
                         "Thames", "Meuse", "Garonne", "Dnieper", "Tiber", "Douro"]
    static let regions = ["FR", "DE", "PL", "PT", "IT", "FR", "AT", "NL", "PL", "FR", "ES", "DE", "GB", "BE", "FR", "US-CAMX", "IT", "CN"]
    static let lanes = [("Lyon", "Hamburg", 1_050.0), ("Hamburg", "Munich", 780), ("Gdansk", "Warsaw", 340), ("Lisbon", "Madrid", 625),
                        ("Milan", "Lyon", 440), ("Nantes", "Paris", 385), ("Vienna", "Prague", 330), ("Rotterdam", "Cologne", 260)]
    /// Where each lane starts (a trip is placed at its origin), latitude and longitude of the city centre.
    static let laneOrigins = [(45.76, 4.84), (53.55, 9.99), (54.35, 18.65), (38.72, -9.14), (45.46, 9.19), (47.22, -1.55), (48.21, 16.37), (51.92, 4.48)]
    /// Where each factory stands, on its river and in its grid region (Dnieper Works on California's grid,
    /// Douro Works on China's): Valence, Dresden, Kraków, Santarém, Turin, Orléans, Linz, Arnhem, Wrocław,
    /// Rouen, Zaragoza, Bremen, Reading, Liège, Toulouse, Sacramento, Rome, Shanghai.
    static let factories = [(44.93, 4.89), (51.05, 13.74), (50.06, 19.94), (39.24, -8.68), (45.07, 7.69), (47.90, 1.91), (48.31, 14.29),
                            (51.98, 5.91), (51.11, 17.04), (49.44, 1.10), (41.65, -0.88), (53.08, 8.80), (51.45, -0.97), (50.63, 5.57),
                            (43.60, 1.44), (38.58, -121.49), (41.90, 12.50), (31.23, 121.47)]

    /// Seeds the history when the demo organization has no activities yet; returns the activities stored.
    public static func seedIfEmpty(_ carbon: CarbonServices, now: Date) async throws -> Int {
        let existing = try await carbon.store.carbonActivities(CarbonActivityQuery(organization: organization, limit: 1))
        guard existing.isEmpty else { return 0 }
        let nowMs = Int64(now.timeIntervalSince1970 * 1000)
        let history = self.history(nowMs: nowMs)
        let report = try await carbon.ingest.ingest(activities: history, caller: .cli)
        // The history spans `days` whole days and today up to now.
        let spanDays = Double(days) + Double(nowMs - CarbonWindow.dayStart(nowMs)) / 86_400_000
        let dailyKg = report.co2eKg / spanDays
        let year = CarbonTargets.year(of: nowMs)
        _ = try await carbon.targets.set(organization, CarbonTargetRequest(
            id: "sbti-1-5c", name: "SBTi 1.5 °C pathway (4.2 %/year)", baseYear: year - 1, baseYearKg: (dailyKg * 365 * 1.05).rounded(),
            targetYear: year + 6, reductionPercent: nil, annualPercent: 4.2), actor: "demo")
        return report.accepted
    }

    /// Steady activity over the 35 days before today and today until `nowMs`.
    public static func history(nowMs: Int64) -> [Activity] {
        var random = SplitMix64(seed: 14_2026)
        var out: [Activity] = []
        let today = CarbonWindow.dayStart(nowMs)
        for day in 0...days {
            let dayStart = today - Int64(days - day) * 86_400_000
            for (s, river) in rivers.enumerated() {
                out.append(trip(haulier: s, dayStart: dayStart, trip: 0, random: &random))
                let factory = "\(river) Works"
                out.append(Activity(
                    clientId: "demo-\(factory)-\(day)-power", organization: organization, supplier: factory, facility: "\(factory) plant",
                    timeMs: dayStart + 12 * 3_600_000, lat: factories[s].0, lng: factories[s].1, region: regions[s], estimated: day % 9 == s % 9,
                    detail: .electricity(ElectricityActivity(kWh: (8_000 + 900 * Double(s)) * (1 + 0.04 * random.gaussian())))))
                out.append(Activity(
                    clientId: "demo-\(factory)-\(day)-gas", organization: organization, supplier: factory, facility: "\(factory) plant",
                    timeMs: dayStart + 13 * 3_600_000, lat: factories[s].0, lng: factories[s].1, region: regions[s],
                    detail: .combustion(CombustionActivity(fuel: .naturalGas, quantity: (6_000 + 400 * Double(s)) * (1 + 0.04 * random.gaussian()), unit: .kWh))))
            }
            out += ownSites(day: day, dayStart: dayStart, random: &random)
        }
        return out.filter { $0.timeMs < nowMs }
    }

    /// The planned hotspot: two extra trips a day by ``hotspotSupplier`` on each of the 7 whole days before today,
    /// and today's until `nowMs` (7 whole days, so the hotspot is as large just after midnight as in the evening).
    public static func hotspotBatch(nowMs: Int64) -> [Activity] {
        var random = SplitMix64(seed: 7)
        var out: [Activity] = []
        let today = CarbonWindow.dayStart(nowMs)
        for back in 0...7 {
            let dayStart = today - Int64(back) * 86_400_000
            for extra in 1...2 { out.append(trip(haulier: 0, dayStart: dayStart, trip: extra, random: &random)) }
        }
        return out.filter { $0.timeMs < nowMs }
    }

    private static func trip(haulier s: Int, dayStart: Int64, trip: Int, random: inout SplitMix64) -> Activity {
        let name = s == 0 ? hotspotSupplier : "\(rivers[s]) Freight"
        let lane = lanes[s % lanes.count]
        let day = (dayStart / 86_400_000) % 100_000
        return Activity(
            clientId: "demo-\(name)-\(day)-trip-\(trip)", organization: organization, supplier: name, timeMs: dayStart + Int64(6 + 3 * trip) * 3_600_000,
            lat: laneOrigins[s % lanes.count].0, lng: laneOrigins[s % lanes.count].1, region: regions[s],
            detail: .transport(TransportActivity(
                mode: .road, vehicle: .articulatedTruck, fuel: .diesel, distanceKm: lane.2, loadKg: (14_000 + 300 * Double(s)) * (1 + 0.03 * random.gaussian()),
                loadFactor: 0.55 + 0.01 * Double(s % 10), origin: lane.0, destination: lane.1)))
    }

    /// The organization's own sites; the data centre is Google's europe-west1 region (St. Ghislain, Belgium).
    static let siteLocations: [String: (Double?, Double?)] = [
        "HQ Paris": (48.86, 2.35), "DC Lyon": (45.73, 4.90), "Plant Gdansk": (54.37, 18.60), "Data centre": (50.47, 3.82),
    ]

    private static func ownSites(day: Int, dayStart: Int64, random: inout SplitMix64) -> [Activity] {
        let noon = dayStart + 12 * 3_600_000
        func site(_ facility: String, _ region: String, _ detail: ActivityDetail, _ tag: String) -> Activity {
            let (lat, lng) = siteLocations[facility] ?? (nil, nil)
            return Activity(clientId: "demo-\(facility)-\(day)-\(tag)", organization: organization, facility: facility, timeMs: noon, lat: lat, lng: lng,
                            region: region, detail: detail)
        }
        let wobble = 1 + 0.03 * random.gaussian()
        return [
            site("HQ Paris", "FR", .electricity(ElectricityActivity(kWh: 3_200 * wobble, instrument: ContractualInstrument(kind: .certificate, share: 0.5))), "power"),
            site("DC Lyon", "FR", .electricity(ElectricityActivity(kWh: 5_500 * wobble)), "power"),
            site("Plant Gdansk", "PL", .electricity(ElectricityActivity(kWh: 21_000 * wobble)), "power"),
            site("Plant Gdansk", "PL", .combustion(CombustionActivity(fuel: .fuelOil, quantity: 900 * wobble, unit: .gallon)), "oil"),
            site("DC Lyon", "FR", .transport(TransportActivity(mode: .road, vehicle: .rigidTruck, fuel: .diesel, distanceKm: 180, loadKg: 9_000, loadFactor: 0.6)), "van"),
            site("Data centre", "gcp:europe-west1", .compute(ComputeActivity(cpuHours: 2_400 * wobble)), "compute"),
        ]
    }
}

/// Sends the demo's planned hotspot `delay` after start, through the ordinary ingest (so the hotspot
/// watch, the alert book and every live stream see it as they would real data).
public struct CarbonDemoFeed: Service {
    let carbon: CarbonServices
    let clock: WallClock
    let delay: Duration
    let logger: Logger

    public func run() async throws {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
        if !Task.isCancelled, !Task.isShuttingDownGracefully { await send() }
        // A service that returns ends its whole service group (ServiceLifecycle's default), which stopped the
        // demo server once the hotspot was sent; so this one stays until the shutdown.
        try? await gracefulShutdown()
    }

    private func send() async {
        do {
            let report = try await carbon.ingest.ingest(activities: CarbonDemo.hotspotBatch(nowMs: clock.nowMs()), caller: .cli)
            logger.info("demo carbon hotspot sent", metadata: ["supplier": "\(CarbonDemo.hotspotSupplier)", "activities": "\(report.accepted)"])
        } catch {
            logger.error("demo carbon hotspot failed", metadata: ["error": "\(error)"])
        }
    }
}
