import EcoCore
import EcoStore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The store on PostgreSQL, for several EcoTrack processes sharing one database (issue #15): a
/// bounded pool of connections, migrations of its own, observations partitioned by month, events
/// whose commits wake waiters in every process through LISTEN/NOTIFY.
///
/// Open it with ``open(_:queryTimeout:logger:)``; `ecotrack` does so for a `postgres://` database URL.
public final class PostgresStore: EcoStore, Sendable {
    /// Where the store lives (the password stays out of ``PostgresLocation/description``).
    public let location: PostgresLocation
    let database: Database
    let partitions: MonthPartitions
    /// The newest committed event offset known here; `waitForEvents` parks on it.
    let committed: CommittedOffset
    /// Gives committed events their offsets.
    let sequencer: EventSequencer
    /// Series ids by key, as this process has seen them (a key's id never changes).
    let knownSeries = Mutex<[SeriesKey: Int64]>([:])
    /// The batch size from which ``insert(_:)`` stages points with COPY (tests move it to compare both paths).
    let copyFromPoints = Atomic<Int>(PostgresStore.defaultCopyFromPoints)
    /// The schema of PostGIS when series carry a `position` (decided by migration 2); nil without.
    let postGISSchema: String?
    /// Jobs queued in any process, as the event channel announces them.
    let trainingJobSignals: TrainingJobSignals
    private let background: Task<Void, Never>

    private init(location: PostgresLocation, database: Database, partitions: MonthPartitions, sequencer: EventSequencer,
                 postGISSchema: String?, trainingJobSignals: TrainingJobSignals, background: Task<Void, Never>) {
        self.location = location
        self.database = database
        self.partitions = partitions
        self.committed = sequencer.committed
        self.sequencer = sequencer
        self.postGISSchema = postGISSchema
        self.trainingJobSignals = trainingJobSignals
        self.background = background
    }

    /// Connects, applies pending migrations, creates the partitions of this month and the next ones,
    /// and starts following the event channel.
    /// - Throws: `StoreError.schemaTooNew` when the database was migrated by a newer EcoTrack; the
    ///   connection error when PostgreSQL cannot be reached.
    public static func open(_ location: PostgresLocation, queryTimeout: Duration = .seconds(30),
                            logger: Logger = Logger(label: "ecotrack.store.postgres")) async throws -> PostgresStore {
        let connection = try connectionConfiguration(location, queryTimeout: queryTimeout)
        let poolTLS: PostgresClient.Configuration.TLS = switch location.tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        var pool = PostgresClient.Configuration(host: location.host, port: location.port, username: location.user,
                                                password: location.password, database: location.database, tls: poolTLS)
        pool.options.maximumConnections = location.poolSize
        pool.options.connectTimeout = .seconds(10)
        pool.options.additionalStartupParameters = connection.options.additionalStartupParameters
        let client = PostgresClient(configuration: pool, backgroundLogger: logger)
        let database = Database(client: client, logger: logger, queryTimeout: queryTimeout)
        let committed = CommittedOffset(0)
        let sequencer = EventSequencer(database: database, channel: location.eventChannel, committed: committed)
        let trainingJobSignals = TrainingJobSignals()
        let notifications = EventNotifications(
            configuration: connection, channel: location.eventChannel, committed: committed,
            latestOffset: { try await EventRows.latestOffset(database) }, trainingJobs: trainingJobSignals, logger: logger)
        let background = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                group.addTask { await notifications.run() }
                group.addTask { await sequencer.sweep(every: EventSequencer.sweepInterval, logger: logger) }
            }
        }
        do {
            try await PostgresMigrator.migrate(database, location: location)
            let partitions = MonthPartitions(database: database, schema: location.schema)
            try await partitions.start(nowMs: Int64(Date().timeIntervalSince1970 * 1000), ahead: location.partitionsAhead)
            committed.advance(to: try await EventRows.latestOffset(database))
            try await sequencer.numberPending()
            let positions = try await database.rows("SELECT value FROM store_settings WHERE name = 'postgis'") { try $0.decode(String.self) }
            return PostgresStore(location: location, database: database, partitions: partitions, sequencer: sequencer,
                                 postGISSchema: positions.first.flatMap { $0 == "off" ? nil : $0 }, trainingJobSignals: trainingJobSignals,
                                 background: background)
        } catch {
            background.cancel()
            await background.value
            throw error
        }
    }

    /// Opens the store a `postgres://` URL names (see ``PostgresLocation`` for its options).
    public static func open(url: String, queryTimeout: Duration = .seconds(30),
                            logger: Logger = Logger(label: "ecotrack.store.postgres")) async throws -> PostgresStore {
        try await open(try PostgresLocation(parsing: url), queryTimeout: queryTimeout, logger: logger)
    }

    /// How each connection is made: TLS as asked, and the schema and statement timeout set at startup, so
    /// every pooled connection (including one made after a restart) has them.
    static func connectionConfiguration(_ location: PostgresLocation, queryTimeout: Duration) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch location.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: tls)
        configuration.options.additionalStartupParameters = [
            ("search_path", "\"\(location.schema)\", public"),
            ("statement_timeout", "\(queryTimeout / .milliseconds(1))"),
            ("application_name", "ecotrack"),
        ]
        return configuration
    }

    public func isReady() async -> Bool {
        guard !database.isClosed else { return false }
        // Bounded: while PostgreSQL restarts the pool waits for a connection, and /readyz must answer meanwhile
        // (a wait that outlives the bound is left behind rather than awaited).
        let version = try? await abandoning({
            try await self.database.connection { connection in
                try await PostgresMigrator.appliedVersion(connection, logger: self.database.logger)
            }
        }, giveUp: {
            try? await Task.sleep(for: Self.readinessBound)
            return StoreError.queryTimedOut(limit: Self.readinessBound)
        })
        return version == PostgresMigrations.latestVersion
    }

    /// How long ``isReady()`` waits for the schema version before answering not ready.
    static let readinessBound = Duration.seconds(2)

    public func close() async throws {
        guard !database.isClosed else { return }
        database.markClosed()
        committed.close()
        trainingJobSignals.finish()
        background.cancel()
        await background.value
    }

    /// Drops the observation months (with their hourly and daily rollups) that end at or before
    /// `cutoffMs`: retention as whole partitions, no row-by-row delete. Returns the months dropped, e.g.
    /// `["y2024m01"]`. Another process that still believes a dropped month exists recreates it on its next
    /// insert there.
    @discardableResult
    public func dropObservations(endingBy cutoffMs: Int64) async throws -> [String] {
        try await partitions.drop(endingBy: cutoffMs).map(\.suffix)
    }

    /// The observation months that have partitions, oldest first (`y2024m01` …).
    public func observationMonths() async throws -> [String] {
        try await partitions.months().map(\.suffix)
    }

    /// Creates the partitions of the current month and `ahead` more. Opening the store does this; a
    /// long-running process calls it now and then (daily is plenty) so a month exists before its first
    /// insert, which would otherwise create it on the spot.
    public func createPartitionsAhead(nowMs: Int64, ahead: Int) async throws {
        try await partitions.start(nowMs: nowMs, ahead: ahead)
    }
}

extension PostgresStore {
    /// Retention by whole partitions: the months ending by the cutoff are dropped in one call, however many
    /// rows they hold (no row-by-row delete, so `maxRows` does not apply).
    public func pruneObservations(monthsEndingBy cutoffMs: Int64, maxRows: Int) async throws -> ObservationPruning {
        ObservationPruning(partitions: try await dropObservations(endingBy: cutoffMs), finished: true)
    }
}
