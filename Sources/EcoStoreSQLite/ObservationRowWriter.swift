import EcoCore
import EcoStore

/// Writes observation rows into `observations` and collects their rollup contributions: a new
/// (series, time) is inserted and added to the rollups, a repeated one replaces the value and marks its
/// buckets for recomputation. Notes series that turn out denser than hourly (ADR 0004).
final class ObservationRowWriter {
    private unowned let db: SQLiteConnection
    private let insertRow: SQLiteStatement
    private let replaceRow: SQLiteStatement
    private let hourlySeries: Set<Int64>
    private var hourly = RollupAccumulator(width: 3_600_000)
    private var daily = RollupAccumulator(width: 86_400_000, keepsValues: true)
    /// Series with two values in one hour that had no hourly rollup yet.
    private(set) var becameHourly: [Int64] = []
    private var currentSeries = Int64.min
    private var currentIsHourly = false
    private var previousHour = Int64.min

    init(on db: SQLiteConnection, hourly: Set<Int64>) throws {
        self.db = db
        insertRow = try db.statement("INSERT OR IGNORE INTO observations (series_id, t, value, quality) VALUES (?, ?, ?, ?)")
        replaceRow = try db.statement("UPDATE observations SET value = ?, quality = ? WHERE series_id = ? AND t = ?")
        hourlySeries = hourly
    }

    /// Writes one row; true when it was new, false when it replaced a value.
    func write(series: Int64, t: Int64, value: Double, quality: Int64) throws -> Bool {
        if series != currentSeries {
            currentSeries = series
            currentIsHourly = hourlySeries.contains(series)
            previousHour = .min
        }
        insertRow.bind(1, series).bind(2, t).bind(3, value).bind(4, quality)
        try insertRow.run()
        let hour = RollupAccumulator.floor(t, 3_600_000)
        if !currentIsHourly, hour == previousHour, becameHourly.last != series { becameHourly.append(series) }
        previousHour = hour
        guard db.changes == 1 else {
            replaceRow.bind(1, value).bind(2, quality).bind(3, series).bind(4, t)
            try replaceRow.run()
            if currentIsHourly { hourly.markDirty(series, t) }
            daily.markDirty(series, t)
            return false
        }
        if currentIsHourly { hourly.add(series, t, value) }
        daily.add(series, t, value)
        return true
    }

    /// Writes the rollups, or hands them to the group transaction that writes them once before its commit.
    func finish(on db: SQLiteConnection) throws {
        if let group = db.groupRollups {
            group.hourly.absorb(hourly)
            group.daily.absorb(daily)
        } else {
            try hourly.write(table: "rollup_hour", on: db)
            try daily.write(table: "rollup_day", on: db)
        }
    }
}

/// Says whether a row being staged is new or replaces one: a key staged before, or a stored row at the
/// same (series, time), makes it a replacement. A time after the series' newest needs no lookup.
struct StageAdmission {
    private let stage: ObservationStage
    private let lookup: SQLiteStatement

    init(stage: ObservationStage, on db: SQLiteConnection) throws {
        self.stage = stage
        lookup = try db.statement("SELECT 1 FROM observations WHERE series_id = ? AND t = ?")
    }

    /// Whether the row at (`series`, `t`) is new: neither staged nor stored. A time after the series' newest
    /// (`knownLatestMs`, staged rows included) or after its newest stored row (`storedThroughMs`) needs no lookup.
    func isNew(series: Int64, t: Int64, value: Double, knownLatestMs: Int64, storedThroughMs: Int64) throws -> Bool {
        // A staged row must merge later: one the tables would refuse (NaN binds as NULL) is refused now,
        // as a direct insert refuses it, instead of blocking every merge after it.
        guard value.isFinite else {
            throw SQLiteError(code: 19, message: "value \(value) of series \(series) at \(t) ms is not a finite number; only finite values are stored")
        }
        guard stage.reserve(series: series, t: t) else { return false }
        guard t <= knownLatestMs, t <= storedThroughMs else { return true }
        lookup.bind(1, series).bind(2, t)
        defer { lookup.reset() }
        return try !lookup.step()
    }
}
