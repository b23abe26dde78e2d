import EcoCore
import EcoStore
@testable import EcoStorePostgres
import Foundation
import H3
import Logging
import Synchronization
import Testing

/// What only the PostgreSQL adapter does: its schema versions, monthly partitions, wake-ups across
/// processes (two store instances stand for two processes), and PostGIS.
@Suite(.enabled(if: TestDatabase.isAvailable, TestDatabase.skipReason))
struct PostgresStoreTests {
    static let day: Int64 = 86_400_000

    static func observation(_ station: String, t: Int64, _ value: Double, lat: Double = 48.85, lng: Double = 2.35) -> Observation {
        Observation(series: SeriesKey(variable: "temperature_2m", source: "test", stationId: station, cell: Spatial.cell15(lat: lat, lng: lng)),
                    lat: lat, lng: lng, observedAtMs: t, value: value)
    }

    @Test func aSchemaNewerThanTheBinaryIsRefusedWithAClearMessage() async throws {
        try await TestDatabase.withSchema { schema in
            try await TestDatabase.open(schema: schema).close()
            _ = try await TestDatabase.sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)", schema: schema)
            let error = await #expect(throws: StoreError.self) { try await TestDatabase.open(schema: schema) }
            #expect(error == .schemaTooNew(found: 999, supported: PostgresMigrations.latestVersion,
                                           path: try PostgresLocation(parsing: TestDatabase.url("schema=\(schema)")).description))
            #expect(error?.description.contains("Upgrade ecotrack") == true)
        }
    }

    @Test func partitionsAreCreatedAheadAndOnDemandAndRetentionDropsWholeMonths() async throws {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema, "partitionsAhead=2")
            let now = MonthPartitions.Month(containing: Int64(Date().timeIntervalSince1970 * 1000))
            #expect(try await store.observationMonths() == [now, now.next, now.next.next].map(\.suffix))

            // January and February 2020, hourly, and one value now: the 2020 months are created by the insert.
            let january: Int64 = 1_577_836_800_000, february: Int64 = 1_580_515_200_000
            let hours = 60 * 24
            let old = (0..<hours).map { Self.observation("a", t: january + Int64($0) * 3_600_000, Double($0 % 10)) }
            _ = try await store.insert(old + [Self.observation("a", t: now.startMs, 42)])
            #expect(try await store.observationMonths().prefix(2) == ["y2020m01", "y2020m02"])
            let id = try #require(try await store.series(matching: SeriesFilter()).first?.id)
            #expect(try await store.aggregates(of: [id], window: .all)[id]?.count == hours + 1)

            // Retention up to 1 February 2020 drops January with its rollups, and nothing else.
            #expect(try await store.dropObservations(endingBy: february) == ["y2020m01"])
            #expect(try await store.observationMonths().first == "y2020m02")
            let left = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 10_000)
            let february2020Onwards = 29 * 24 + 1  // 60 days of hours from 1 January, less January's 31, and the value now
            #expect(left.count == february2020Onwards)
            #expect(left.allSatisfy { $0.observedAtMs >= february })
            let stats = try await store.aggregates(of: [id], window: .all)[id]
            #expect(stats?.count == left.count)
            #expect(try await store.buckets(of: [id], window: TimeWindow(startMs: january, endMs: february), bucket: .day, rawValueLimit: 0).buckets.isEmpty)

            // A late value for the dropped month recreates it.
            _ = try await store.insert([Self.observation("a", t: january + 5, 1)])
            #expect(try await store.observationMonths().first == "y2020m01")
            try await store.close()
        }
    }

    @Test func anInsertIntoAMonthAnotherProcessDroppedRecreatesIt() async throws {
        try await TestDatabase.withSchema { schema in
            let writer = try await TestDatabase.open(schema: schema)
            let retention = try await TestDatabase.open(schema: schema)
            let january: Int64 = 1_577_836_800_000
            _ = try await writer.insert([Self.observation("a", t: january, 1)])
            #expect(try await retention.dropObservations(endingBy: january + 40 * Self.day) == ["y2020m01"])
            // The writer still believes January exists: its insert must notice and recreate it.
            _ = try await writer.insert([Self.observation("a", t: january + 1, 2)])
            #expect(try await writer.observations(SeriesFilter(), window: .all, after: nil, limit: 10).map(\.value) == [2])
            try await writer.close()
            try await retention.close()
        }
    }

    @Test func aCommitInOneProcessWakesAWaiterInAnother() async throws {
        try await TestDatabase.withSchema { schema in
            let writer = try await TestDatabase.open(schema: schema)
            let reader = try await TestDatabase.open(schema: schema)
            let start = try await reader.latestEventOffset()
            let waiting = Task { try await reader.waitForEvents(after: start) }
            try await Task.sleep(for: .milliseconds(100))
            let stored = try await writer.appendEvents([NewEvent(topic: "test.topic", key: nil, timeMs: 1, payloadJSON: "{}")])
            let woken = try await withTimeout(.seconds(10)) { try await waiting.value }
            #expect(woken == stored[0].offset)
            // An insert in the writer wakes the reader too (its ingest event).
            let next = Task { try await reader.waitForEvents(after: woken) }
            _ = try await writer.insert([Self.observation("a", t: 0, 1)])
            #expect(try await withTimeout(.seconds(10)) { try await next.value } == (try await writer.latestEventOffset()))
            try await writer.close()
            try await reader.close()
        }
    }

    @Test func aJobQueuedOrRetriedInOneProcessSignalsTheRunnersOfAnother() async throws {
        try await TestDatabase.withSchema { schema in
            let submitter = try await TestDatabase.open(schema: schema), worker = try await TestDatabase.open(schema: schema)
            // Past the signal the worker's listener sends once connected (nobody listened yet, so none is kept).
            try await Task.sleep(for: .milliseconds(300))
            let tally = SignalTally(worker.queuedTrainingJobSignals())
            let queued = try await submitter.enqueueTrainingJob(TrainingJob(kind: "csv", modelName: "m", parametersJSON: "{}", createdAtMs: 1, submittedBy: "u"))
            #expect(await tally.reaches(1, within: .seconds(10)), "the submission reached the other store")
            _ = try await submitter.claimNextQueuedTrainingJob(atMs: 2, holder: "w", leaseMs: 30_000)
            try await submitter.finishTrainingJob(id: queued.id, status: .failed, error: "broken", resultJSON: nil, atMs: 3)
            try await Task.sleep(for: .milliseconds(300))
            let before = tally.count
            #expect(before == 1, "claiming and finishing queue nothing")
            _ = try await submitter.retryTrainingJob(id: queued.id)
            #expect(await tally.reaches(before + 1, within: .seconds(10)), "the retry reached the other store")
            try await worker.close()
            #expect(await tally.ends(within: .seconds(10)), "closing the store ends its signals")
            try await submitter.close()
        }
    }

    /// A limited request does not wait long for the shared counters: behind a row lock held by another session, the
    /// token and the slot give up after a second (the limiter then counts in the process).
    @Test func theSharedCountersGiveUpAfterASecond() async throws {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema)
            let quota = TokenBucketQuota(minuteCapacity: 30, dayCapacity: 1_000)
            _ = try await store.takeRateLimitToken(key: "k", quota: quota, now: 0)
            #expect(try await store.acquireConcurrencySlot(key: "k", slot: "a", limit: 2, lease: .seconds(60)))
            let blocker = try await TestDatabase.connect(schema: schema)
            let logger = Logger(label: "test")
            _ = try await blocker.collect("BEGIN", logger: logger)
            _ = try await blocker.collect("SELECT 1 FROM rate_limit_buckets WHERE key = 'k' FOR UPDATE", logger: logger)
            _ = try await blocker.collect("SELECT 1 FROM concurrency_slots WHERE key = 'k' FOR UPDATE", logger: logger)
            for attempt in ["token", "slot"] {
                let started = ContinuousClock.now
                await #expect(throws: StoreError.self, "\(attempt)") {
                    if attempt == "token" {
                        _ = try await store.takeRateLimitToken(key: "k", quota: quota, now: 1)
                    } else {
                        _ = try await store.acquireConcurrencySlot(key: "k", slot: "b", limit: 2, lease: .seconds(60))
                    }
                }
                #expect(ContinuousClock.now - started < .seconds(5), "\(attempt)")
            }
            _ = try await blocker.collect("ROLLBACK", logger: logger)
            try await blocker.close()
            // Once the lock is gone the counters answer again (the token given up on may have been taken meanwhile).
            #expect(try await store.takeRateLimitToken(key: "k", quota: quota, now: 2).allowed)
            try await store.close()
        }
    }

    @Test func twoProcessesClaimEachTrainingJobOnce() async throws {
        try await TestDatabase.withSchema { schema in
            let first = try await TestDatabase.open(schema: schema), second = try await TestDatabase.open(schema: schema)
            var enqueued: Set<UUID> = []
            for index in 0..<40 {
                enqueued.insert(try await first.enqueueTrainingJob(TrainingJob(kind: "csv", modelName: "m\(index)", parametersJSON: "{}",
                                                                               createdAtMs: Int64(index), submittedBy: "u")).id)
            }
            let claimed = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for worker in 0..<8 {
                    let store = worker % 2 == 0 ? first : second
                    group.addTask {
                        var mine: [UUID] = []
                        while let job = try await store.claimNextQueuedTrainingJob(atMs: 1, holder: "worker-\(worker)", leaseMs: 30_000) { mine.append(job.id) }
                        return mine
                    }
                }
                return try await group.reduce(into: [UUID]()) { $0 += $1 }
            }
            #expect(claimed.count == 40)
            #expect(Set(claimed) == enqueued)
            try await first.close()
            try await second.close()
        }
    }

    @Test func withPostGISSeriesHaveAGeographyAndBoundingBoxesUseIt() async throws {
        let available = try await TestDatabase.sql("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
        guard !available.isEmpty else {
            print("note: PostGIS is not installed on the test server (Debian: postgresql-15-postgis-3); its path is not tested here")
            return
        }
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema)
            #expect(store.postGISSchema != nil)
            let points = [(48.85, 2.35, "paris"), (51.5, -0.12, "london"), (-33.9, 151.2, "sydney"), (64.1, -21.9, "reykjavik"), (-17.7, 178.0, "fiji")]
            _ = try await store.insert(points.map { Self.observation($0.2, t: 0, 1, lat: $0.0, lng: $0.1) })
            let kept = try await TestDatabase.sql("SELECT count(*) FROM series WHERE position IS NOT NULL", schema: schema)
            #expect(try kept.first?.decode(Int64.self) == 5)
            let europe = BoundingBox(west: -25, south: 40, east: 10, north: 70)
            #expect(try await store.series(matching: SeriesFilter(boundingBox: europe)).map(\.key.stationId).sorted() == ["london", "paris", "reykjavik"])
            // Across the antimeridian (west > east) the exact test decides alone.
            let pacific = BoundingBox(west: 150, south: -40, east: -170, north: 0)
            #expect(try await store.series(matching: SeriesFilter(boundingBox: pacific)).map(\.key.stationId).sorted() == ["fiji", "sydney"])
            try await store.close()
        }
    }

    @Test func withoutPostGISTheSchemaSaysSoAndBoundingBoxesStillWork() async throws {
        try await TestDatabase.withSchema { schema in
            let store = try await TestDatabase.open(schema: schema, "postgis=off")
            #expect(store.postGISSchema == nil)
            let setting = try await TestDatabase.sql("SELECT value FROM store_settings WHERE name = 'postgis'", schema: schema)
            #expect(try setting.first?.decode(String.self) == "off")
            _ = try await store.insert([Self.observation("paris", t: 0, 1), Self.observation("sydney", t: 0, 1, lat: -33.9, lng: 151.2)])
            let europe = BoundingBox(west: -25, south: 40, east: 10, north: 70)
            #expect(try await store.series(matching: SeriesFilter(boundingBox: europe)).map(\.key.stationId) == ["paris"])
            try await store.close()
        }
    }
}

/// The URL a PostgreSQL store is opened with (no server needed).
@Suite struct PostgresLocationTests {
    @Test func urlOptionsAreCheckedWithMessagesThatSayWhatToWrite() {
        #expect(throws: PostgresLocationError("pool=0 must be 1 to 200.")) { try PostgresLocation(parsing: "postgres://u@h/db?pool=0") }
        #expect(throws: PostgresLocationError.self) { try PostgresLocation(parsing: "postgres://u@h/db?colour=blue") }
        #expect(throws: PostgresLocationError.self) { try PostgresLocation(parsing: "postgres://u@h/db?schema=drop%20table") }
        let location = try? PostgresLocation(parsing: "postgresql://eco:s3cret@db.example.org:6543/ecotrack?pool=20&schema=prod&tls=require")
        #expect(location?.poolSize == 20 && location?.schema == "prod" && location?.port == 6543 && location?.tls == .require)
        #expect(location?.description.contains("s3cret") == false)
        #expect(location?.limitWait == .seconds(1), "the default wait for the shared rate limits")
        #expect((try? PostgresLocation(parsing: "postgres://u@h/db?limitWait=250"))?.limitWait == .milliseconds(250))
        #expect(throws: PostgresLocationError("limitWait=0 must be 10 to 60000 (milliseconds).")) { try PostgresLocation(parsing: "postgres://u@h/db?limitWait=0") }
    }
}

/// Runs `body`, failing with a timeout error when it takes longer than `limit`.
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TimeoutError(limit: limit)
        }
        let result = try await group.next()!
        group.cancelAll()
        return result
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    var limit: Duration
    var description: String { "no answer within \(limit)" }
}

/// Counts the signals of a stream as they come, and whether it ended.
final class SignalTally: Sendable {
    private let state = Mutex((count: 0, ended: false))

    init(_ signals: AsyncStream<Void>) {
        Task {
            for await _ in signals { self.state.withLock { $0.count += 1 } }
            self.state.withLock { $0.ended = true }
        }
    }

    var count: Int { state.withLock { $0.count } }

    func reaches(_ wanted: Int, within limit: Duration) async -> Bool {
        await poll(within: limit) { $0.count >= wanted }
    }

    func ends(within limit: Duration) async -> Bool {
        await poll(within: limit) { $0.ended }
    }

    private func poll(within limit: Duration, _ done: ((count: Int, ended: Bool)) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if state.withLock({ done($0) }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return state.withLock { done($0) }
    }
}
