import EcoCore
import EcoStore

extension SQLiteStore {
    public func insert(_ batch: [Observation]) async throws -> InsertSummary {
        guard !batch.isEmpty else { return InsertSummary() }
        let job = InsertJob(state: writerState, keepsPoints: batch.count <= recentWrites.capacity)
        return try await writer.submit(onRollback: job.rollback) { connection in
            let (summary, updates, written) = try job.run(batch, on: connection)
            return (summary, afterCommit: {
                self.index.withLock { $0.apply(updates, hourly: job.newlyHourly) }
                if let written {
                    if job.keepsPoints { self.recentWrites.record(offsets: written.events, points: written.points, count: batch.count) }
                    self.eventSignal.publish(written.events.upperBound)
                }
            })
        }
    }

    public func writtenPoints(ofEvents offsets: [Int64]) -> [Int64: [(timeMs: Int64, value: Double)]]? {
        recentWrites.points(ofEvents: offsets)
    }

    /// The newest committed event offset: every insert appends events in its transaction and publishes
    /// the offset before it returns, and only this process writes the file (``WriterLock``).
    public func dataVersion() -> Int64? { eventSignal.latest }
}

/// The work of one insert on the writer thread: series ids, rows, rollups, latest values, and the
/// ingest events (one per resolution-3 cell touched) in the same savepoint.
final class InsertJob: @unchecked Sendable {
    private let state: WriterState
    private var addedKeys: [SeriesKey] = []
    private var addedHourly: [Int64] = []
    /// Series rows as they stood before this job moved their latest value (restored on rollback).
    private var replacedSeries: [Int64: SeriesInfo] = [:]
    /// Stored series this process did not know, as read (they join the read index after the commit).
    private var adopted: [SeriesInfo] = []
    /// Series this job started hourly rollups for (valid once it has run).
    var newlyHourly: [Int64] { addedHourly }
    /// Whether `run` returns the points it wrote (not for bulk loads too large to remember).
    let keepsPoints: Bool

    init(state: WriterState, keepsPoints: Bool) {
        self.state = state
        self.keepsPoints = keepsPoints
    }

    /// Undoes this job's changes to the writer's state when its changes were rolled back.
    func rollback() {
        for (id, info) in replacedSeries { state.series[id] = info }
        for key in addedKeys {
            if let id = state.ids.removeValue(forKey: key) { state.series[id] = nil }
        }
        for id in addedHourly { state.hourly.remove(id) }
        addedKeys.removeAll()
        addedHourly.removeAll()
        replacedSeries.removeAll()
        adopted.removeAll()
    }

    /// Returns the summary, the series whose index entry changed, and the offsets of the ingest events
    /// with the points written under them (per series, in batch order).
    func run(_ batch: [Observation], on db: SQLiteConnection) throws
        -> (InsertSummary, [SeriesInfo], written: (events: ClosedRange<Int64>, points: RecentWrites.Points)?) {
        var summary = InsertSummary()
        var hourly = RollupAccumulator(width: 3_600_000)
        var daily = RollupAccumulator(width: 86_400_000, keepsValues: true)
        var latest: [Int64: (t: Int64, value: Double)] = [:]
        // Batches arrive grouped by series: remember the current series and its newest point,
        // and touch the dictionaries only when the series changes.
        var currentKey: SeriesKey?
        var currentID: Int64 = 0
        var currentLatest: (t: Int64, value: Double)?
        // Hourly rollups exist only for series with more than one value per hour (ADR 0004).
        var currentIsHourly = false
        var previousHour = Int64.min
        var becameHourly: [Int64] = []
        // The current run's time range and count, for the ingest events (no per-point hashing).
        var ingest = IngestEvents()
        var runFrom = Int64.max, runTo = Int64.min, runCount = 0
        // The values written, per series, for detection (``RecentWrites``).
        var written: RecentWrites.Points = [:]
        var runPoints: [(timeMs: Int64, value: Double)] = []
        func closeRun() {
            if runCount > 0, let key = currentKey {
                ingest.add(seriesID: currentID, key: key, fromMs: runFrom, toMs: runTo, count: runCount)
                if keepsPoints {
                    written[currentID, default: []].append(contentsOf: runPoints)
                    runPoints.removeAll(keepingCapacity: true)
                }
            }
            runFrom = .max
            runTo = .min
            runCount = 0
            guard let run = currentLatest else { return }
            if latest[currentID].map({ run.t >= $0.t }) ?? true { latest[currentID] = run }
            currentLatest = nil
        }

        let insertRow = try db.statement("INSERT OR IGNORE INTO observations (series_id, t, value, quality) VALUES (?, ?, ?, ?)")
        let replaceRow = try db.statement("UPDATE observations SET value = ?, quality = ? WHERE series_id = ? AND t = ?")
        for observation in batch {
            if observation.series != currentKey {
                closeRun()
                currentID = try id(of: observation, on: db, summary: &summary)
                currentKey = observation.series
                currentIsHourly = state.hourly.contains(currentID)
                previousHour = .min
            }
            let seriesID = currentID
            insertRow.bind(1, seriesID).bind(2, observation.observedAtMs).bind(3, observation.value).bind(4, Int64(observation.quality.rawValue))
            try insertRow.run()
            let hour = RollupAccumulator.floor(observation.observedAtMs, 3_600_000)
            if !currentIsHourly, hour == previousHour, becameHourly.last != seriesID { becameHourly.append(seriesID) }
            previousHour = hour
            if db.changes == 1 {
                summary.inserted += 1
                if currentIsHourly { hourly.add(seriesID, observation.observedAtMs, observation.value) }
                daily.add(seriesID, observation.observedAtMs, observation.value)
            } else {
                replaceRow.bind(1, observation.value).bind(2, Int64(observation.quality.rawValue)).bind(3, seriesID).bind(4, observation.observedAtMs)
                try replaceRow.run()
                summary.replaced += 1
                if currentIsHourly { hourly.markDirty(seriesID, observation.observedAtMs) }
                daily.markDirty(seriesID, observation.observedAtMs)
            }
            runCount += 1
            if keepsPoints { runPoints.append((observation.observedAtMs, observation.value)) }
            if observation.observedAtMs < runFrom { runFrom = observation.observedAtMs }
            if observation.observedAtMs > runTo { runTo = observation.observedAtMs }
            if currentLatest.map({ observation.observedAtMs >= $0.t }) ?? true {
                currentLatest = (observation.observedAtMs, observation.value)
            }
        }
        closeRun()
        if let group = db.groupRollups {
            // Written once for the whole group, before its commit.
            group.hourly.absorb(hourly)
            group.daily.absorb(daily)
        } else {
            try hourly.write(table: "rollup_hour", on: db)
            try daily.write(table: "rollup_day", on: db)
        }
        let densified = try startHourlyRollups(for: becameHourly, on: db)
        let updates = adopted + densified + (try updateLatest(latest, on: db))
        let events = try EventRows.append(ingest.events(timeMs: EventRows.nowMs()), on: db)
        guard let first = events.first?.offset, let last = events.last?.offset else { return (summary, updates, nil) }
        return (summary, updates, (first...last, written))
    }

    /// Marks series as denser than hourly and builds their hourly rollup from all their raw rows
    /// (this batch's included, which is why their rows were not accumulated above).
    private func startHourlyRollups(for ids: [Int64], on db: SQLiteConnection) throws -> [SeriesInfo] {
        let mark = try db.statement("UPDATE series SET hourly = 1 WHERE id = ?")
        let backfill = try db.statement("""
            INSERT OR REPLACE INTO rollup_hour (series_id, bucket, n, sum, min, max, sumsq)
            SELECT series_id, t - ((t % 3600000) + 3600000) % 3600000 AS hour, COUNT(*), SUM(value), MIN(value), MAX(value), SUM(value * value)
            FROM observations WHERE series_id = ? GROUP BY hour
            """)
        var result: [SeriesInfo] = []
        for id in Set(ids) {
            mark.bind(1, id)
            try mark.run()
            if let info = state.series[id] { result.append(info) }
            backfill.bind(1, id)
            try backfill.run()
            state.hourly.insert(id)
            addedHourly.append(id)
        }
        return result
    }

    /// The series id for the observation's key, creating the series row the first time.
    private func id(of observation: Observation, on db: SQLiteConnection, summary: inout InsertSummary) throws -> Int64 {
        if let known = state.ids[observation.series] { return known }
        let key = observation.series
        // A row this process does not know (written by another program, or by an older ecotrack before
        // the writer lock) is taken over instead of failing the batch on the UNIQUE key (issue #21).
        let create = try db.statement("""
            INSERT INTO series (variable, source, station_id, cell, lat, lng, last_t, last_value, organization)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (variable, source, station_id, cell, organization) DO NOTHING RETURNING id
            """)
        create.bind(1, key.variable).bind(2, key.source).bind(3, key.stationId).bind(4, Int64(bitPattern: key.cell))
            .bind(5, observation.lat).bind(6, observation.lng).bind(7, observation.observedAtMs).bind(8, observation.value)
            .bind(9, key.organization)
        let created = try create.step()
        let id = created ? create.int64(0) : 0
        create.reset()
        addedKeys.append(key)
        guard created else { return try adopt(key, on: db) }
        state.ids[key] = id
        state.series[id] = SeriesInfo(id: id, key: key, lat: observation.lat, lng: observation.lng,
                                      lastObservedAtMs: observation.observedAtMs, lastValue: observation.value)
        summary.newSeries += 1
        return id
    }

    /// Takes over the stored row of `key` as it stands: its id, latest value and rollup kind.
    private func adopt(_ key: SeriesKey, on db: SQLiteConnection) throws -> Int64 {
        let find = try db.statement("""
            SELECT \(SeriesRow.columns) FROM series
            WHERE variable = ? AND source = ? AND station_id = ? AND cell = ? AND organization = ?
            """)
        find.bind(1, key.variable).bind(2, key.source).bind(3, key.stationId).bind(4, Int64(bitPattern: key.cell)).bind(5, key.organization)
        guard try find.step() else { throw SQLiteError(code: 0, message: "series \(key) conflicted on insert but cannot be read") }
        let info = SeriesRow.read(find)
        if SeriesRow.keepsHourlyRollup(find), !state.hourly.contains(info.id) {
            state.hourly.insert(info.id)
            addedHourly.append(info.id)
        }
        find.reset()
        state.ids[key] = info.id
        state.series[info.id] = info
        adopted.append(info)
        return info.id
    }

    /// Moves each series' latest time/value forward and returns the series whose row changed.
    /// (A new series' row already holds a time no later than the batch's latest, so it is returned too.)
    private func updateLatest(_ latest: [Int64: (t: Int64, value: Double)], on db: SQLiteConnection) throws -> [SeriesInfo] {
        // No RETURNING here: inside the job's savepoint a RETURNING statement opens a statement
        // journal, and closing one costs time proportional to the savepoint's journal, which made
        // batches touching many series quadratic (50,000 series × 1 point: ~20 s per batch).
        // The writer's copy of each row says whether the latest moves; nothing is read back.
        // In a group transaction the rows are written once for the group, before its commit.
        let group = db.groupRollups
        let update = group == nil ? try db.statement(SeriesLatest.updateSQL) : nil
        var result: [SeriesInfo] = []
        result.reserveCapacity(latest.count)
        for (id, entry) in latest {
            guard var info = state.series[id], info.lastObservedAtMs <= entry.t else { continue }
            if let group {
                group.latest[id] = (entry.t, entry.value)
            } else if let update {
                // run() resets the statement every time (a statement left done would refuse the next bindings).
                update.bind(1, id).bind(2, entry.t).bind(3, entry.value)
                try update.run()
            }
            if replacedSeries[id] == nil { replacedSeries[id] = info }
            info.lastObservedAtMs = entry.t
            info.lastValue = entry.value
            state.series[id] = info
            result.append(info)
        }
        return result
    }
}

/// Writing a series' newest time and value.
enum SeriesLatest {
    static let updateSQL = "UPDATE series SET last_t = ?2, last_value = ?3 WHERE id = ?1"
}
