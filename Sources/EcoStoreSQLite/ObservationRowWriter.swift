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
    /// Rows known to be new (``append(series:t:value:quality:)``) not inserted yet.
    private var appends: [ObservationStage.Row] = []
    /// How many appended rows one INSERT takes. A statement per row adds a statement's start and end to each
    /// row; with 32 rows per statement a merge's inserts took about an eighth less time (perf, 100-reading
    /// POST load). Merges are a third of the single writer's time, and the writer limits POSTs.
    static let appendBatch = 32
    private static let appendSQL = "INSERT OR IGNORE INTO observations (series_id, t, value, quality) VALUES "
        + Array(repeating: "(?, ?, ?, ?)", count: appendBatch).joined(separator: ", ")

    init(on db: SQLiteConnection, hourly: Set<Int64>) throws {
        self.db = db
        insertRow = try db.statement("INSERT OR IGNORE INTO observations (series_id, t, value, quality) VALUES (?, ?, ?, ?)")
        replaceRow = try db.statement("UPDATE observations SET value = ?, quality = ? WHERE series_id = ? AND t = ?")
        hourlySeries = hourly
    }

    /// Writes one row; true when it was new, false when it replaced a value.
    func write(series: Int64, t: Int64, value: Double, quality: Int64) throws -> Bool {
        // Rows appended before go first: this one may replace one of them.
        try flushAppends()
        enter(series: series, t: t)
        guard try insertOrReplace(series: series, t: t, value: value, quality: quality) else { return false }
        if currentIsHourly { hourly.add(series, t, value) }
        daily.add(series, t, value)
        return true
    }

    /// Inserts one row, or replaces the stored row's value (and has its buckets recomputed); true when inserted.
    private func insertOrReplace(series: Int64, t: Int64, value: Double, quality: Int64) throws -> Bool {
        insertRow.bind(1, series).bind(2, t).bind(3, value).bind(4, quality)
        try insertRow.run()
        guard db.changes == 1 else {
            try replace(series: series, t: t, value: value, quality: quality)
            return false
        }
        return true
    }

    /// Writes one row known to be new: later than every stored row of its series and than the rows written
    /// before it. Rows are inserted ``appendBatch`` at a time (the rest at ``finish(on:)`` or the next
    /// ``write(series:t:value:quality:)``); a row that turns out to exist after all replaces its value.
    func append(series: Int64, t: Int64, value: Double, quality: Int64) throws {
        enter(series: series, t: t)
        if currentIsHourly { hourly.add(series, t, value) }
        daily.add(series, t, value)
        appends.append(ObservationStage.Row(series: series, t: t, value: value, quality: quality))
        if appends.count == Self.appendBatch { try flushAppends() }
    }

    /// Notes the row's series and hour: a series with two rows in one hour becomes hourly (ADR 0004).
    private func enter(series: Int64, t: Int64) {
        if series != currentSeries {
            currentSeries = series
            currentIsHourly = hourlySeries.contains(series)
            previousHour = .min
        }
        let hour = RollupAccumulator.floor(t, 3_600_000)
        if !currentIsHourly, hour == previousHour, becameHourly.last != series { becameHourly.append(series) }
        previousHour = hour
    }

    /// Replaces a stored row's value, and has its buckets recomputed from the raw rows.
    private func replace(series: Int64, t: Int64, value: Double, quality: Int64) throws {
        replaceRow.bind(1, value).bind(2, quality).bind(3, series).bind(4, t)
        try replaceRow.run()
        if hourlySeries.contains(series) { hourly.markDirty(series, t) }
        daily.markDirty(series, t)
    }

    /// Inserts the appended rows: a full batch with one statement, fewer one by one.
    private func flushAppends() throws {
        guard !appends.isEmpty else { return }
        defer { appends.removeAll(keepingCapacity: true) }
        guard appends.count == Self.appendBatch else {
            // Their rollup contributions were counted by `append`: only a replaced row's buckets change.
            for row in appends { _ = try insertOrReplace(series: row.series, t: row.t, value: row.value, quality: row.quality) }
            return
        }
        let insert = try db.statement(Self.appendSQL)
        for (index, row) in appends.enumerated() {
            let base = Int32(index * 4)
            insert.bind(base + 1, row.series).bind(base + 2, row.t).bind(base + 3, row.value).bind(base + 4, row.quality)
        }
        try insert.run()
        guard db.changes != appends.count else { return }
        // Some rows existed (the caller's notion of "new" was wrong): replacing every row of the batch
        // stores the values sent, and recomputing their buckets undoes the rollup additions counted twice.
        for row in appends { try replace(series: row.series, t: row.t, value: row.value, quality: row.quality) }
    }

    /// Writes the rollups, or hands them to the group transaction that writes them once before its commit.
    func finish(on db: SQLiteConnection) throws {
        try flushAppends()
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
