import EcoCore
import EcoStore
import Foundation
import Synchronization

/// The embedded store: one SQLite file in WAL mode, one group-committing writer thread and a
/// pool of readers. `ecotrack serve` uses it when no PostgreSQL URL is configured.
///
/// One process writes a file: opening it takes an exclusive lock (``WriterLock``), and a second
/// opening (another process, or this one) is refused with ``SQLiteStoreInUse`` while the first is open.
/// This store keeps the file's series, latest values and event offsets in memory, so rows another
/// process wrote would go unseen. Readers need no lock: ``Access/readOnly`` opens the file beside its
/// writer (WAL lets both work) for the read-only CLI commands.
public final class SQLiteStore: EcoStore, Sendable {
    /// How hard a commit waits for the disk.
    public enum Durability: String, Sendable {
        /// Every commit synced to disk before it is answered: a 2xx survives power loss (default). The
        /// fsync runs beside the writer's next group (``CommitSyncer``, ADR 0016).
        case full
        /// WAL synchronous=NORMAL: survives a killed process, may lose the last commits on power loss.
        case normal
    }

    /// Whether this opening may write the file.
    public enum Access: Sendable {
        /// Takes the writer lock, migrates and writes (default).
        case readWrite
        /// No lock, no migration, no writer thread: reads beside the process that writes the file, and
        /// every write throws ``SQLiteStoreReadOnly``. Series are those the file held when it was opened.
        case readOnly
    }

    let path: String
    let writer: GroupCommitWriter
    let readers: ReaderPool
    /// Nil when opened read-only.
    let checkpointer: WALCheckpointer?
    /// Held from open to close: the file is this process's alone to write. Nil when opened read-only.
    let lock: WriterLock?
    let index: Mutex<SeriesIndex>
    /// Writer-thread state: the id of every series, by key.
    let writerState: WriterState
    /// The newest committed event offset; commits wake `waitForEvents` callers through it.
    let eventSignal: EventSignal
    /// What the last inserts wrote, for detection (``writtenPoints(ofEvents:)``).
    let recentWrites = RecentWrites()
    /// Small batches acknowledged but not yet merged into the observation and rollup tables (ADR 0012).
    let stage = ObservationStage()

    /// Opens (creating if needed) the database at `path` and applies pending migrations; or, with
    /// `access: .readOnly`, opens an existing, migrated file without taking its lock.
    /// `path` may be `:memory:`-free only: use `temporary()` for tests.
    /// - Throws: ``SQLiteStoreInUse`` while another process (or another opening here) writes the file;
    ///   read-only, ``SQLiteStoreReadOnly`` when the file is missing or not at this build's schema.
    public init(path: String, durability: Durability = .full, readers: Int = 4, queryTimeout: Duration = .seconds(30),
                access: Access = .readWrite) throws {
        self.path = path
        let connection: SQLiteConnection
        switch access {
        case .readWrite:
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            // Before anything touches the file: a second process must not even migrate it.
            self.lock = try WriterLock(database: path)
            connection = try Self.openWriter(path: path, durability: durability)
        case .readOnly:
            self.lock = nil
            connection = try Self.openReader(path: path)
        }
        // One snapshot for the event offset and the series.
        try connection.execute("BEGIN")
        self.eventSignal = EventSignal(latest: try EventRows.latestOffset(connection))
        let (all, hourly) = try Self.loadSeries(connection)
        let staged = access == .readWrite ? try Self.loadStage(connection) : []
        try connection.execute("COMMIT")
        self.writerState = WriterState(series: all, hourly: hourly)
        if !staged.isEmpty {
            // What a crash left staged was acknowledged: it joins the tables before anything reads them.
            for chunk in staged { stage.append(chunk) }
            let merge = InsertJob(state: writerState, stage: stage, keepsPoints: false)
            _ = try connection.transaction { try merge.mergeStage(on: connection) }
            merge.committed()
        }
        self.index = Mutex(SeriesIndex(Array(writerState.series.values), hourly: writerState.hourly))
        switch access {
        case .readWrite:
            self.checkpointer = try WALCheckpointer(path: path, writer: connection)
            // Until here (migrations, the start-up merge) COMMIT synced by itself; from now on the
            // syncer's thread does it (the checkpointer's connection still syncs the WAL before copying it).
            let syncer = durability == .full ? CommitSyncer(databasePath: path) : nil
            if syncer != nil { try connection.execute("PRAGMA synchronous = NORMAL") }
            self.writer = GroupCommitWriter(connection: connection, syncer: syncer)
        case .readOnly:
            connection.close()
            self.checkpointer = nil
            self.writer = GroupCommitWriter(refusing: SQLiteStoreReadOnly(path: path, reason: .writes))
        }
        self.readers = try ReaderPool(path: path, count: readers, timeout: queryTimeout)
        if access == .readWrite { writer.setChore(stageMergeChore()) }
    }

    /// The writer's connection, in WAL mode and migrated.
    private static func openWriter(path: String, durability: Durability) throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
        try connection.execute("PRAGMA cache_size = -64000; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF")
        // A WAL that grew under load shrinks back to this size once a checkpoint lets it start over.
        try connection.execute("PRAGMA journal_size_limit = 67108864")
        try Migrator.migrate(connection)
        try expireTrainingJobLeases(connection)
        try expireCarbonImportLeases(connection)
        return connection
    }

    /// A read-only connection to a file that exists and has this build's schema (a reader never migrates).
    private static func openReader(path: String) throws -> SQLiteConnection {
        guard FileManager.default.fileExists(atPath: path) else { throw SQLiteStoreReadOnly(path: path, reason: .missing) }
        let connection = try SQLiteConnection(path: path, readOnly: true)
        let hasSchema = try connection.statement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
        defer { hasSchema.reset() }
        let version = try hasSchema.step() ? try Migrator.appliedVersion(connection) : 0
        guard version == Migrations.latestVersion else {
            throw SQLiteStoreReadOnly(path: path, reason: .schema(found: version, expected: Migrations.latestVersion))
        }
        return connection
    }

    /// A store in a new temporary directory, for tests and benchmarks.
    public static func temporary(durability: Durability = .normal) throws -> SQLiteStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-\(UUID().uuidString)")
        return try SQLiteStore(path: directory.appendingPathComponent("ecotrack.sqlite").path, durability: durability)
    }

    public func isReady() async -> Bool {
        (try? await readers.read { connection in try Migrator.appliedVersion(connection) == Migrations.latestVersion }) ?? false
    }

    public func close() async throws {
        // Staged rows are durable as they are, but a file left merged is what other programs read.
        try? await mergeStagedObservations()
        writer.stop()
        checkpointer?.stop()
        readers.close()
        eventSignal.close()
        lock?.release()
    }

    /// The batches staged before the last close or crash, oldest first (``ObservationStage``).
    private static func loadStage(_ connection: SQLiteConnection) throws -> [ObservationStage.Chunk] {
        let query = try connection.statement("SELECT seq, rows FROM observation_stage ORDER BY seq")
        defer { query.reset() }
        var chunks: [ObservationStage.Chunk] = []
        while try query.step() {
            guard let rows = StageCoding.decode(query.bytes(1)) else {
                throw SQLiteError(code: 0, message: "observation_stage row \(query.int64(0)) is not a staged batch; the file was changed by another program")
            }
            chunks.append(ObservationStage.Chunk(seq: query.int64(0), rows: rows))
        }
        return chunks
    }

    /// Every series, and the ids of those that keep hourly rollups.
    private static func loadSeries(_ connection: SQLiteConnection) throws -> ([SeriesInfo], Set<Int64>) {
        let query = try connection.statement("SELECT \(SeriesRow.columns) FROM series")
        var result: [SeriesInfo] = []
        var hourly: Set<Int64> = []
        while try query.step() {
            let series = SeriesRow.read(query)
            result.append(series)
            if SeriesRow.keepsHourlyRollup(query) { hourly.insert(series.id) }
        }
        return (result, hourly)
    }
}

/// Reads a `series` row selected as `SeriesRow.columns`.
enum SeriesRow {
    static let columns = "id, variable, source, station_id, cell, lat, lng, last_t, last_value, hourly, organization"

    static func read(_ row: SQLiteStatement, from offset: Int32 = 0) -> SeriesInfo {
        let key = SeriesKey(variable: row.string(offset + 1), source: row.string(offset + 2), stationId: row.string(offset + 3),
                            cell: UInt64(bitPattern: row.int64(offset + 4)), organization: row.string(offset + 10))
        return SeriesInfo(id: row.int64(offset), key: key, lat: row.double(offset + 5), lng: row.double(offset + 6),
                          lastObservedAtMs: row.int64(offset + 7), lastValue: row.double(offset + 8))
    }

    /// True once the series has had two values in one hour: then hourly rollups exist for it, otherwise
    /// hourly reads come from its raw rows (at most one per hour). An adapter detail (ADR 0004).
    static func keepsHourlyRollup(_ row: SQLiteStatement, from offset: Int32 = 0) -> Bool {
        row.int64(offset + 9) != 0
    }
}

/// State only the writer thread touches (hence unchecked): series ids by key, every series as its
/// row stands (so an insert knows the new latest values without reading them back), which
/// series keep hourly rollups, and how far each series' rows in `observations` reach.
final class WriterState: @unchecked Sendable {
    var ids: [SeriesKey: Int64]
    var series: [Int64: SeriesInfo]
    var hourly: Set<Int64>
    /// Per series, a time at or after its newest row in `observations` (staged rows not counted), so that a
    /// staged row after it is known to be new without a lookup. Only rises; a series missing here is looked up.
    var storedThroughMs: [Int64: Int64]
    init(series all: [SeriesInfo], hourly: Set<Int64>) {
        ids = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0.id) })
        series = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        self.hourly = hourly
        // A series row's latest time is the newest it was ever given (retention only deletes older rows).
        storedThroughMs = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.lastObservedAtMs) })
    }

    /// Moves a known series' newest time and value forward to `latest`, in place (no copy of the series and
    /// its key's strings); returns what they were and the series as it now is, or nil when the series is
    /// unknown or already newer.
    func advanceLatest(of id: Int64, to latest: (t: Int64, value: Double)) -> (previous: (t: Int64, value: Double), now: SeriesInfo)? {
        guard let index = series.index(forKey: id), series.values[index].lastObservedAtMs <= latest.t else { return nil }
        let previous = (series.values[index].lastObservedAtMs, series.values[index].lastValue)
        setLatest(latest, at: index)
        return (previous, series.values[index])
    }

    /// Sets a known series' newest time and value back to `latest` (a rollback).
    func restoreLatest(of id: Int64, to latest: (t: Int64, value: Double)) {
        if let index = series.index(forKey: id) { setLatest(latest, at: index) }
    }

    private func setLatest(_ latest: (t: Int64, value: Double), at index: [Int64: SeriesInfo].Index) {
        series.values[index].lastObservedAtMs = latest.t
        series.values[index].lastValue = latest.value
    }

    /// Notes rows written into `observations` up to these times.
    func stored(through latest: [Int64: (t: Int64, value: Double)]) {
        for (id, entry) in latest {
            if let known = storedThroughMs[id], known < entry.t { storedThroughMs[id] = entry.t }
        }
    }
}
