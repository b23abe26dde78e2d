import EcoCore
import EcoStore

/// The in-memory index of all series that reads consult before touching SQLite:
/// per variable, series sorted by resolution-15 cell, so an H3 region (a few cell ranges)
/// is a handful of binary searches.
struct SeriesIndex: Sendable {
    private(set) var byID: [Int64: SeriesInfo] = [:]
    private var byVariable: [String: [SeriesInfo]] = [:]
    /// Series that keep hourly rollups (see ``SeriesRow/keepsHourlyRollup(_:from:)``).
    private(set) var hourly: Set<Int64>

    init(_ all: [SeriesInfo] = [], hourly: Set<Int64> = []) {
        self.hourly = hourly
        for series in all { byID[series.id] = series }
        rebuildVariables(Set(all.map(\.key.variable)))
    }

    /// Adds new series, updates the latest value of known ones, and notes series that now keep hourly
    /// rollups. Incremental: each update finds its place by binary search (O(log n) plus the shift for
    /// a new series), instead of re-sorting the variable's series after every insert.
    mutating func apply(_ updates: [SeriesInfo], hourly newlyHourly: [Int64] = []) {
        hourly.formUnion(newlyHourly)
        // A variable's pool is taken out once per run of updates of that variable (a batch is mostly one).
        var variable: String?
        var pool: [SeriesInfo] = []
        for series in updates {
            if series.key.variable != variable {
                if let variable { byVariable[variable] = pool }
                variable = series.key.variable
                pool = byVariable.removeValue(forKey: series.key.variable) ?? []
            }
            let known = byID.updateValue(series, forKey: series.id) != nil
            let index = Self.position(of: series, in: pool)
            if known, index < pool.count, pool[index].id == series.id {
                pool[index] = series
            } else {
                pool.insert(series, at: index)
            }
        }
        if let variable { byVariable[variable] = pool }
    }

    /// Where `series` is, or belongs, in a pool sorted by (cell, id).
    private static func position(of series: SeriesInfo, in pool: [SeriesInfo]) -> Int {
        var low = 0, high = pool.count
        while low < high {
            let mid = (low + high) / 2
            if (pool[mid].key.cell, pool[mid].id) < (series.key.cell, series.id) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private mutating func rebuildVariables(_ variables: Set<String>) {
        var grouped: [String: [SeriesInfo]] = [:]
        for series in byID.values where variables.contains(series.key.variable) {
            grouped[series.key.variable, default: []].append(series)
        }
        for variable in variables {
            byVariable[variable] = (grouped[variable] ?? []).sorted { ($0.key.cell, $0.id) < ($1.key.cell, $1.id) }
        }
    }

    /// Series matching `filter`, ordered by id.
    func matching(_ filter: SeriesFilter) -> [SeriesInfo] {
        let pools: [[SeriesInfo]] = filter.variable.map { [byVariable[$0] ?? []] } ?? Array(byVariable.values)
        var result: [SeriesInfo] = []
        for pool in pools {
            if let ranges = filter.cellRanges {
                for range in ranges {
                    var i = lowerBound(pool, cell: range.lowerBound)
                    while i < pool.count, pool[i].key.cell <= range.upperBound {
                        if filter.matches(pool[i]) { result.append(pool[i]) }
                        i += 1
                    }
                }
            } else {
                result.append(contentsOf: pool.lazy.filter(filter.matches))
            }
        }
        result.sort { $0.id < $1.id }
        // Overlapping ranges may list a series twice.
        return result.enumerated().filter { $0.offset == 0 || result[$0.offset - 1].id != $0.element.id }.map(\.element)
    }

    private func lowerBound(_ pool: [SeriesInfo], cell: UInt64) -> Int {
        var low = 0, high = pool.count
        while low < high {
            let mid = (low + high) / 2
            if pool[mid].key.cell < cell { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
