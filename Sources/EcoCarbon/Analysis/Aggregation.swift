import EcoCore
import EcoTime

/// What results can be grouped by.
public enum GroupDimension: Sendable, Hashable {
    case organization, supplier, facility, lane
    /// Scope, with Scope 3 split by category.
    case scope
    /// Activity kind (transport, electricity …).
    case kind
    /// The H3 cell at a resolution (0…15); rows without a cell are skipped.
    case cell(resolution: Int)
    /// A calendar bucket.
    case period(CarbonPeriod)
}

/// One group's totals.
public struct GroupTotal: Sendable, Equatable {
    /// One label per grouping dimension: a name, `Scope 3 · 4 Upstream transportation and distribution`,
    /// a cell's hex id, or a bucket's RFC 3339 start.
    public var labels: [String]
    /// kg CO2e, location-based and market-based.
    public var locationKg: Double
    public var marketKg: Double
    /// kg CO2e from activities marked estimated.
    public var estimatedKg: Double
    public var activities: Int
    /// Activities without a factor (not counted in the kg).
    public var unaccounted: Int
    /// The cell (for `.cell`) or bucket start (for `.period`) of the last such dimension, for maps and charts.
    public var cell: UInt64?
    public var periodStartMs: Int64?

    @inline(__always)
    mutating func add(location: Double, market: Double, estimated: Bool, accounted: Bool) {
        locationKg += location
        marketKg += market
        estimatedKg += estimated ? location : 0
        activities += 1
        unaccounted += accounted ? 0 : 1
    }
}

/// Sums accounted activities by up to three dimensions in one pass.
public enum Aggregator {
    /// Totals of the rows of `table` matching `filter`, grouped by `dimensions` (at most 3), largest first.
    public static func aggregate(_ table: ActivityTable, _ result: AccountingResult, by dimensions: [GroupDimension], filter: RowFilter = .all) -> [GroupTotal] {
        precondition(dimensions.count <= 3, "group by at most three dimensions")
        let match = filter.compiled(for: table)
        var groups: [GroupKey: GroupTotal] = [:]
        for i in 0..<table.count where match.matches(i, table) {
            var key = GroupKey()
            var skip = false
            for (d, dimension) in dimensions.enumerated() {
                guard let value = code(dimension, i, table) else { skip = true; break }
                key[d] = value
            }
            if skip { continue }
            let accounted = result.status[i] == .accounted
            let location = accounted ? result.locationKg[i] : 0
            let market = result.marketKg[i].isNaN ? 0 : result.marketKg[i]
            groups[key, default: GroupTotal(labels: [], locationKg: 0, marketKg: 0, estimatedKg: 0, activities: 0, unaccounted: 0)]
                .add(location: location, market: market, estimated: table.estimated[i], accounted: accounted)
        }
        var totals = groups.map { key, total in
            var total = total
            for (d, dimension) in dimensions.enumerated() {
                total.labels.append(label(dimension, key[d], table))
                if case .cell = dimension { total.cell = UInt64(bitPattern: key[d]) }
                if case .period = dimension { total.periodStartMs = key[d] }
            }
            return total
        }
        totals.sort { $0.locationKg > $1.locationKg || ($0.locationKg == $1.locationKg && $0.labels.lexicographicallyPrecedes($1.labels)) }
        return totals
    }

    /// The group code of row `i` in `dimension`, nil when the row has none (no supplier, no cell).
    static func code(_ dimension: GroupDimension, _ i: Int, _ table: ActivityTable) -> Int64? {
        switch dimension {
        case .organization: return Int64(table.organization[i])
        case .supplier: return table.supplier[i] < 0 ? nil : Int64(table.supplier[i])
        case .facility: return table.facility[i] < 0 ? nil : Int64(table.facility[i])
        case .lane: return table.lane[i] < 0 ? nil : Int64(table.lane[i])
        case .scope: return Int64(table.scope[i].rawValue) << 8 | Int64(table.category[i])
        case .kind: return Int64(table.kind[i].code)
        case .cell(let resolution):
            let cell = table.cell[i]
            guard cell != 0 else { return nil }
            let parent = Spatial.resolution(of: cell) > resolution ? Spatial.parent(of: cell, resolution: resolution) : cell
            return Int64(bitPattern: parent)
        case .period(let period): return period.start(ofMs: table.timeMs[i])
        }
    }

    static func label(_ dimension: GroupDimension, _ code: Int64, _ table: ActivityTable) -> String {
        switch dimension {
        case .organization: table.organizations.name(Int32(code)) ?? ""
        case .supplier: table.suppliers.name(Int32(code)) ?? ""
        case .facility: table.facilities.name(Int32(code)) ?? ""
        case .lane: table.lanes.name(Int32(code)) ?? ""
        case .scope: ScopeLabel.text(scope: Scope(rawValue: Int(code >> 8))!, category: Scope3Category(rawValue: Int(code & 0xFF)))
        case .kind: ActivityKind.allCases[Int(code)].rawValue
        case .cell: Spatial.hex(UInt64(bitPattern: code))
        case .period: EcoTimeFormat.text(code)
        }
    }
}

/// Up to three group codes, hashed together.
struct GroupKey: Hashable {
    var a: Int64 = 0, b: Int64 = 0, c: Int64 = 0

    subscript(index: Int) -> Int64 {
        get { index == 0 ? a : index == 1 ? b : c }
        set {
            switch index {
            case 0: a = newValue
            case 1: b = newValue
            default: c = newValue
            }
        }
    }
}

/// How scopes and categories are written in results.
public enum ScopeLabel {
    /// `Scope 1`, `Scope 2`, or `Scope 3 · 4 Upstream transportation and distribution`.
    public static func text(scope: Scope, category: Scope3Category?) -> String {
        guard scope == .scope3, let category else { return "Scope \(scope.rawValue)" }
        return "Scope 3 · \(category.rawValue) \(category.name)"
    }
}

enum EcoTimeFormat {
    static func text(_ ms: Int64) -> String { EcoTime.Timestamp.format(ms: ms) }
}
