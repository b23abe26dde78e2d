import EcoCarbon
import EcoCore
import EcoStore

/// A supplier, facility, lane or cell above its own baseline, as the API shows it.
public struct CarbonHotspotDocument: Encodable, Sendable, Equatable {
    public var entity: String
    public var key: String
    public var h3Index: String?
    public var recentKg: Double
    public var baselineKg: Double
    public var excessKg: Double
    public var percentAbove: Double
    public var robustZ: Double

    public init(_ spot: Hotspot) {
        entity = spot.entity.rawValue
        key = spot.key
        h3Index = spot.cell.map(Spatial.hex)
        (recentKg, baselineKg, excessKg, percentAbove, robustZ) = (spot.recentKg, spot.baselineKg, spot.excessKg, spot.percentAbove, spot.robustZ)
    }
}

/// Hotspots of one window: each entity's recent total against the median of its 4 windows before.
public struct CarbonHotspotScan: Sendable {
    public var organization: String
    public var recentFromMs: Int64
    public var recentToMs: Int64
    public var hotspots: [Hotspot]
    /// The accounted activities of the five windows, for recommendations.
    public var period: AccountedActivities
}

/// Finds hotspots (EcoCarbon's `HotspotDetector`).
public struct CarbonHotspots: Sendable {
    let ledger: CarbonLedger

    /// Hotspots of `entities` in the `days` before `toMs`.
    public func scan(_ organization: String, days: Int, toMs: Int64, entities: [HotspotEntity] = HotspotEntity.allCases,
                     cellResolution: Int = 7) async throws -> CarbonHotspotScan {
        guard (1...92).contains(days) else { throw EcoError.badRequest("'days' must be 1 … 92 (the recent window), e.g. days=7.") }
        guard (0...15).contains(cellResolution) else { throw EcoError.badRequest("'resolution' must be 0 … 15, e.g. resolution=7.") }
        let end = try CarbonWindow.checked(toMs, "to") ?? toMs
        var detector = HotspotDetector()
        detector.cellResolution = cellResolution
        let length = Int64(days) * 86_400_000
        let from = end - length
        let period = try await ledger.load(organization, fromMs: from - Int64(detector.baselineWindows) * length, toMs: end)
        let found = entities.flatMap { detector.detect(period.table, period.result, entity: $0, recentFromMs: from, recentToMs: end) }
        return CarbonHotspotScan(organization: organization, recentFromMs: from, recentToMs: end,
                                 hotspots: found.sorted { $0.excessKg > $1.excessKg }, period: period)
    }
}
