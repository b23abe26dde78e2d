/// What a hotspot is about.
public enum HotspotEntity: String, Sendable, Hashable, CaseIterable, Codable {
    case supplier, facility, lane, cell
}

/// An entity whose recent emissions are above its own baseline.
public struct Hotspot: Sendable, Equatable {
    public var entity: HotspotEntity
    /// Supplier, facility or lane name, or the cell's hex id.
    public var key: String
    public var cell: UInt64?
    /// kg CO2e in the recent window, and the baseline for a window of that length.
    public var recentKg: Double
    public var baselineKg: Double
    public var excessKg: Double
    /// Excess relative to the baseline, in percent.
    public var percentAbove: Double
    /// Modified z-score of the recent window among the baseline windows (0 when they do not vary).
    public var robustZ: Double
}

/// Finds suppliers, facilities, lanes and cells above their own baseline: the median of the same
/// entity's totals in the windows of equal length before the recent one.
public struct HotspotDetector: Sendable {
    /// Number of preceding windows forming the baseline.
    public var baselineWindows = 4
    /// A hotspot is at least this many percent above its baseline …
    public var minPercentAbove = 20.0
    /// … and at least this many kg CO2e above it.
    public var minExcessKg = 0.0
    /// Resolution of cell hotspots.
    public var cellResolution = 7

    public init() {}

    /// Hotspots of `entity` for the recent window `[recentFromMs, recentToMs)`, largest excess first.
    public func detect(_ table: ActivityTable, _ result: AccountingResult, entity: HotspotEntity, recentFromMs: Int64, recentToMs: Int64) -> [Hotspot] {
        let length = recentToMs - recentFromMs
        guard length > 0 else { return [] }
        let windows = baselineWindows + 1
        let earliest = recentFromMs - Int64(baselineWindows) * length
        let dimension: GroupDimension = switch entity {
        case .supplier: .supplier
        case .facility: .facility
        case .lane: .lane
        case .cell: .cell(resolution: cellResolution)
        }
        var totals: [Int64: [Double]] = [:]
        for i in 0..<table.count {
            let t = table.timeMs[i]
            guard t >= earliest, t < recentToMs, result.status[i] == .accounted,
                  let code = Aggregator.code(dimension, i, table) else { continue }
            let w = Int((t - earliest) / length)
            totals[code, default: Array(repeating: 0, count: windows)][w] += result.locationKg[i]
        }
        var hotspots: [Hotspot] = []
        for (code, series) in totals {
            let recent = series[baselineWindows]
            let history = Array(series[..<baselineWindows])
            guard let baseline = RobustStatistics.median(history), baseline > 0 else { continue }
            let excess = recent - baseline
            let percent = excess / baseline * 100
            guard excess > minExcessKg, percent >= minPercentAbove else { continue }
            let z = RobustStatistics.robustZ(history + [recent]).last ?? 0
            hotspots.append(Hotspot(
                entity: entity, key: Aggregator.label(dimension, code, table),
                cell: entity == .cell ? UInt64(bitPattern: code) : nil, recentKg: recent, baselineKg: baseline,
                excessKg: excess, percentAbove: percent, robustZ: z))
        }
        hotspots.sort { $0.excessKg > $1.excessKg || ($0.excessKg == $1.excessKg && $0.key < $1.key) }
        return hotspots
    }
}
