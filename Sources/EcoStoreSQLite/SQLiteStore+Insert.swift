import EcoCore
import EcoStore

extension SQLiteStore {
    public func insert(_ batch: [Observation]) async throws -> InsertSummary {
        guard !batch.isEmpty else { return InsertSummary() }
        let staging = batch.count <= ObservationStage.batchLimit
        let job = InsertJob(state: writerState, stage: stage, keepsPoints: batch.count <= recentWrites.capacity)
        let summary = try await writer.submit(onRollback: job.rollback) { connection in
            let (summary, updates, written) = try job.run(batch, staging: staging, on: connection)
            return (summary, afterCommit: {
                job.committed()
                self.index.withLock { $0.apply(updates, hourly: job.newlyHourly) }
                if let written {
                    if job.keepsPoints { self.recentWrites.record(offsets: written.events, points: written.points) }
                    self.eventSignal.publish(written.events.upperBound)
                }
            })
        }
        return summary
    }

    public func writtenPoints(ofEvents offsets: [Int64]) -> [Int64: [(timeMs: Int64, value: Double)]]? {
        recentWrites.points(ofEvents: offsets)
    }

    /// The newest committed event offset: every insert appends events in its transaction and publishes
    /// the offset before it returns, and only this process writes the file (``WriterLock``).
    public func dataVersion() -> Int64? { eventSignal.latest }

    /// Sorts the staged observations into their tables when some of `series` have staged rows before
    /// `endMs`; every read of observations or rollups calls it first. A read of other series, or of earlier
    /// times, needs no merge: a background job reading quiet series, or detection reading a new series'
    /// history, does not make the writer merge a few batches at a time (ADR 0012).
    func mergeStagedObservations(of series: some Sequence<Int64>, before endMs: Int64) async throws {
        guard stage.hasUnmergedRows(in: series, before: endMs) else { return }
        try await mergeStagedObservations()
    }

    /// Sorts the staged observations into their tables (``ObservationStage``); returns at once when none
    /// wait.
    func mergeStagedObservations() async throws {
        guard stage.unmergedCount > 0 else { return }
        let merge = stageMergeJob()
        try await writer.submit(onRollback: merge.rollback, merge.run)
    }

    /// The writer's chore: merging one slice of the stage's series (``ObservationStage/nextMergeSlice()``)
    /// every ``ObservationStage/maxAge`` / ``ObservationStage/sliceCount``, so that staged rows reach the
    /// tables (and read-only openings of the file) while nothing reads, and no merge holds the writer long.
    func stageMergeChore() -> GroupCommitWriter.Chore {
        GroupCommitWriter.Chore(due: { [weak self] in self?.stage.mergeDue() }, make: { [weak self] in
            guard let self else { return ({ _ in ((), afterCommit: nil) }, {}) }
            let merge = stageMergeJob(slice: stage.nextMergeSlice())
            return ({ connection in (Void(), afterCommit: try merge.run(connection).afterCommit) }, merge.rollback)
        })
    }

    /// A writer job merging the stage, or one slice of it (the series index learns what moved once it
    /// committed), and its rollback.
    private func stageMergeJob(slice: Int? = nil) -> (run: (SQLiteConnection) throws -> ((), afterCommit: (() -> Void)?), rollback: () -> Void) {
        let job = InsertJob(state: writerState, stage: stage, keepsPoints: false)
        return ({ connection in
            let updates = try job.mergeStage(slice: slice, on: connection)
            return ((), afterCommit: { [weak self] in
                job.committed()
                self?.index.withLock { $0.apply(updates, hourly: job.newlyHourly) }
            })
        }, job.rollback)
    }
}

/// The work of one insert on the writer thread: series ids, rows (staged or written), rollups, latest
/// values, and the ingest events (one per resolution-3 cell touched) in the same transaction.
final class InsertJob: @unchecked Sendable {
    private let state: WriterState
    private let stage: ObservationStage
    private var addedKeys: [SeriesKey] = []
    private var addedHourly: [Int64] = []
    /// Series' newest time and value as they stood before this job moved them (restored on rollback).
    private var replacedLatest: [Int64: (t: Int64, value: Double)] = [:]
    /// Stored series this process did not know, as read (they join the read index after the commit).
    private var adopted: [SeriesInfo] = []
    /// Whether this job reserved staged keys, and the stage row its batch went to.
    private var staged = false
    private var stagedSeq: Int64?
    /// What this job took from the stage to merge (put back if it rolls back).
    private var merging: [ObservationStage.Taken] = []
    /// Series this job started hourly rollups for (valid once it has run).
    var newlyHourly: [Int64] { addedHourly }
    /// Whether `run` returns the points it wrote (not for bulk loads too large to remember).
    let keepsPoints: Bool

    init(state: WriterState, stage: ObservationStage, keepsPoints: Bool) {
        self.state = state
        self.stage = stage
        self.keepsPoints = keepsPoints
    }

    /// Undoes this job's changes to the writer's state when its changes were rolled back.
    func rollback() {
        for (id, old) in replacedLatest { state.restoreLatest(of: id, to: old) }
        for key in addedKeys {
            if let id = state.ids.removeValue(forKey: key) {
                state.series[id] = nil
                state.storedThroughMs[id] = nil
            }
        }
        for id in addedHourly { state.hourly.remove(id) }
        for taken in merging {
            stage.restore(taken)
            stage.settle(taken)
        }
        if staged { stage.remove(seq: stagedSeq) }
        addedKeys.removeAll()
        addedHourly.removeAll()
        replacedLatest.removeAll()
        adopted.removeAll()
        merging.removeAll()
        staged = false
        stagedSeq = nil
    }

    /// Ends this job's merge of staged rows once its transaction committed (they are in the tables now).
    func committed() {
        for taken in merging { stage.settle(taken) }
        merging.removeAll()
    }

    /// Stores `batch`, staged (``ObservationStage``) or written into the tables, and returns the summary,
    /// the series whose index entry changed, and the offsets of the ingest events with the points written
    /// under them (in batch order). A batch written directly merges the stage first, so that
    /// no older staged row lands over it later.
    func run(_ batch: [Observation], staging: Bool, on db: SQLiteConnection) throws
        -> (InsertSummary, [SeriesInfo], written: (events: ClosedRange<Int64>, points: [RecentWrites.Point])?) {
        var updates: [SeriesInfo] = []
        if !staging || stage.rowCount >= ObservationStage.rowLimit { updates += try mergeStage(on: db) }
        var summary = InsertSummary()
        let rows = staging ? nil : try ObservationRowWriter(on: db, hourly: state.hourly)
        let admission = staging ? try StageAdmission(stage: stage, on: db) : nil
        var stagedRows: [ObservationStage.Row] = []
        if staging { stagedRows.reserveCapacity(batch.count) }
        var latest: [Int64: (t: Int64, value: Double)] = [:]
        // Batches are mostly one row per series or a few series: room for one entry per row, bounded.
        let seriesGuess = min(batch.count, 4_096)
        latest.reserveCapacity(seriesGuess)
        // Batches arrive grouped by series: remember the current series and its newest point,
        // and touch the dictionaries only when the series changes.
        // Not optional: comparing optionals copies both keys into a tuple (and releases their strings) per row.
        var currentKey = SeriesKey(variable: "", source: "", stationId: "", cell: 0)
        var hasCurrent = false
        var currentID: Int64 = 0
        var currentLatest: (t: Int64, value: Double)?
        var knownLatestMs = Int64.min
        var storedThroughMs = Int64.max
        // The current run's time range and count, for the ingest events (no per-point hashing).
        var ingest = IngestEvents()
        var runFrom = Int64.max, runTo = Int64.min, runCount = 0
        // The values written, in batch order, for detection (``RecentWrites``).
        var written: [RecentWrites.Point] = []
        if keepsPoints { written.reserveCapacity(batch.count) }
        func closeRun() {
            if runCount > 0 {
                ingest.add(seriesID: currentID, key: currentKey, fromMs: runFrom, toMs: runTo, count: runCount)
            }
            runFrom = .max
            runTo = .min
            runCount = 0
            guard let run = currentLatest else { return }
            if latest[currentID].map({ run.t >= $0.t }) ?? true { latest[currentID] = run }
            currentLatest = nil
        }

        for observation in batch {
            if !hasCurrent || observation.series != currentKey {
                closeRun()
                currentID = try id(of: observation, on: db, summary: &summary)
                currentKey = observation.series
                hasCurrent = true
                knownLatestMs = state.series[currentID]?.lastObservedAtMs ?? .min
                storedThroughMs = state.storedThroughMs[currentID] ?? .max
            }
            let quality = Int64(observation.quality.rawValue)
            let isNew: Bool
            if let admission {
                staged = true
                isNew = try admission.isNew(series: currentID, t: observation.observedAtMs, value: observation.value, knownLatestMs: knownLatestMs,
                                            storedThroughMs: storedThroughMs)
                stagedRows.append(ObservationStage.Row(series: currentID, t: observation.observedAtMs, value: observation.value, quality: quality))
            } else {
                isNew = try rows!.write(series: currentID, t: observation.observedAtMs, value: observation.value, quality: quality)
            }
            if isNew { summary.inserted += 1 } else { summary.replaced += 1 }
            runCount += 1
            if keepsPoints { written.append(RecentWrites.Point(series: currentID, timeMs: observation.observedAtMs, value: observation.value)) }
            if observation.observedAtMs < runFrom { runFrom = observation.observedAtMs }
            if observation.observedAtMs > runTo { runTo = observation.observedAtMs }
            if currentLatest.map({ observation.observedAtMs >= $0.t }) ?? true {
                currentLatest = (observation.observedAtMs, observation.value)
            }
        }
        closeRun()
        if let rows {
            try rows.finish(on: db)
            state.stored(through: latest)
            updates += try startHourlyRollups(for: rows.becameHourly, on: db)
        } else {
            let append = try db.statement("INSERT INTO observation_stage (rows) VALUES (?)")
            append.bind(1, bytes: StageCoding.encode(stagedRows))
            try append.run()
            stagedSeq = db.lastInsertRowID
            stage.append(ObservationStage.Chunk(seq: db.lastInsertRowID, rows: stagedRows))
        }
        // Staged rows move the series rows' newest values when they are merged.
        updates += adopted + (try updateLatest(latest, writingRows: rows != nil, on: db))
        let events = try EventRows.append(ingest.events(timeMs: EventRows.nowMs()), on: db)
        guard let first = events.first?.offset, let last = events.last?.offset else { return (summary, updates, nil) }
        return (summary, updates, (first...last, written))
    }

    /// Writes the staged rows of `slice`'s series (every staged row when nil) into `observations` and the
    /// rollups, in key order, moves the series rows' newest values, and deletes the stage rows of batches
    /// left with nothing to merge; returns the series whose index entry changed.
    ///
    /// A batch's stage row stays until its last slice is merged: after a crash its rows merged before are
    /// merged again, which replaces them with the same values and recomputes their buckets. Slices are
    /// taken in turn from every batch, so a batch is finished no later than any batch staged after it.
    func mergeStage(slice: Int? = nil, on db: SQLiteConnection) throws -> [SeriesInfo] {
        let taken = slice.map { stage.take(slice: $0) } ?? stage.takeAll()
        // A batch is finished by the take of its last rows: nothing taken, nothing finished.
        guard !taken.chunks.isEmpty else { return [] }
        merging.append(taken)
        let rows = try ObservationRowWriter(on: db, hourly: state.hourly)
        var latest: [Int64: (t: Int64, value: Double)] = [:]
        // A row later than everything stored of its series, and than its series' row before it here, is new:
        // it is appended (inserted many rows per statement) instead of written (inserted, or replacing).
        var series = Int64.min
        var newAfterMs = Int64.max
        for row in ObservationStage.mergeOrder(taken.chunks) {
            if row.series != series {
                series = row.series
                newAfterMs = state.storedThroughMs[series] ?? .max
            }
            if row.t > newAfterMs {
                try rows.append(series: row.series, t: row.t, value: row.value, quality: row.quality)
                newAfterMs = row.t
            } else {
                _ = try rows.write(series: row.series, t: row.t, value: row.value, quality: row.quality)
            }
            latest[row.series] = (row.t, row.value)
        }
        try rows.finish(on: db)
        state.stored(through: latest)
        let densified = try startHourlyRollups(for: rows.becameHourly, on: db)
        // After a restart the series rows may be older than their staged rows; otherwise this moves nothing.
        let moved = try updateLatest(latest, writingRows: false, on: db)
        try writeLatestRows(of: latest.keys.sorted(), on: db)
        let clear = try db.statement("DELETE FROM observation_stage WHERE seq = ?")
        for seq in taken.finished {
            clear.bind(1, seq)
            try clear.run()
        }
        return densified + moved
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
        state.storedThroughMs[id] = .min
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

    /// Moves each series' latest time/value forward in the writer's state (and, with `writingRows`, in its
    /// row) and returns the series whose latest moved. (A new series' row already holds a time no later than
    /// the batch's latest, so it is returned too.)
    private func updateLatest(_ latest: [Int64: (t: Int64, value: Double)], writingRows: Bool, on db: SQLiteConnection) throws -> [SeriesInfo] {
        var result: [SeriesInfo] = []
        result.reserveCapacity(latest.count)
        replacedLatest.reserveCapacity(replacedLatest.count + latest.count)
        for (id, entry) in latest {
            guard let moved = state.advanceLatest(of: id, to: entry) else { continue }
            if replacedLatest[id] == nil { replacedLatest[id] = moved.previous }
            result.append(moved.now)
        }
        if writingRows { try writeLatestRows(of: result.map(\.id), on: db) }
        return result
    }

    /// Writes the series rows' newest time and value as the writer's state holds them.
    private func writeLatestRows(of ids: [Int64], on db: SQLiteConnection) throws {
        // No RETURNING here: inside the job's savepoint a RETURNING statement opens a statement
        // journal, and closing one costs time proportional to the savepoint's journal, which made
        // batches touching many series quadratic (50,000 series × 1 point: ~20 s per batch).
        // In a group transaction the rows are written once for the group, before its commit.
        if let group = db.groupRollups {
            for id in ids { if let info = state.series[id] { group.latest[id] = (info.lastObservedAtMs, info.lastValue) } }
            return
        }
        let update = try db.statement(SeriesLatest.updateSQL)
        for id in ids {
            guard let info = state.series[id] else { continue }
            // run() resets the statement every time (a statement left done would refuse the next bindings).
            update.bind(1, id).bind(2, info.lastObservedAtMs).bind(3, info.lastValue)
            try update.run()
        }
    }
}

/// Writing a series' newest time and value.
enum SeriesLatest {
    static let updateSQL = "UPDATE series SET last_t = ?2, last_value = ?3 WHERE id = ?1"
}
