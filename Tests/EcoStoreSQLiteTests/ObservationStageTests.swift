import EcoCore
import EcoStore

@testable import EcoStoreSQLite
import Foundation
import H3
import Testing

/// The observation stage (ADR 0012): small batches are acknowledged once staged, every read sees them,
/// replacements are counted as if the rows were stored, and a file left with staged rows merges them on open.
@Suite struct ObservationStageTests {
    static let day: Int64 = 86_400_000
    static let start: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z

    static func reading(_ station: String, _ t: Int64, _ value: Double) -> Observation {
        let cell = H3.latLngToCellIndex(latitude: 48.85, longitude: 2.35, resolution: 15)
        return Observation(series: SeriesKey(variable: "temperature_2m", source: "stage-test", stationId: station, cell: cell),
                           lat: 48.85, lng: 2.35, observedAtMs: t, value: value)
    }

    /// The rows of `table` in the file, read beside the store (a read through the store would merge first).
    static func rows(of table: String, at path: String) throws -> Int64 {
        let connection = try SQLiteConnection(path: path, readOnly: true)
        defer { connection.close() }
        let count = try connection.statement("SELECT COUNT(*) FROM \(table)")
        defer { count.reset() }
        _ = try count.step()
        return count.int64(0)
    }

    static func stagedBatches(at path: String) throws -> Int64 { try rows(of: "observation_stage", at: path) }

    @Test func aSmallBatchIsStagedAndEveryReadSeesIt() async throws {
        let store = try SQLiteStore.temporary()
        store.stage.maxAge = .seconds(3600)  // nothing merges by itself while this test looks
        let batch = (0..<3).map { Self.reading("s\($0)", Self.start + 3_600_000, Double($0)) }
        let summary = try await store.insert(batch)
        #expect(summary == InsertSummary(inserted: 3, replaced: 0, newSeries: 3))
        #expect(store.stage.rowCount == 3)
        #expect(try Self.stagedBatches(at: store.path) == 1)
        let rows = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
        #expect(rows.map(\.value).sorted() == [0, 1, 2])
        #expect(store.stage.rowCount == 0)
        #expect(try Self.stagedBatches(at: store.path) == 0)
        let ids = try await store.series(matching: SeriesFilter()).map(\.id)
        let days = try await store.buckets(of: ids, window: TimeWindow(startMs: Self.start, endMs: Self.start + Self.day), bucket: .day, rawValueLimit: 0)
        #expect(days.buckets.map(\.stats.count) == [3])
        #expect(days.buckets.first?.stats.sum == 3)
        try await store.close()
    }

    @Test func stagedAndStoredRowsCountAsReplacementsAndTheLastValueWins() async throws {
        let store = try SQLiteStore.temporary()
        let t1 = Self.start + 3_600_000, t2 = t1 + 3_600_000
        #expect(try await store.insert([Self.reading("a", t1, 1), Self.reading("a", t2, 2)]).inserted == 2)
        // Still staged: the repeated key replaces.
        #expect(try await store.insert([Self.reading("a", t1, 10)]) == InsertSummary(inserted: 0, replaced: 1, newSeries: 0))
        // The same key twice in one batch: one new row, one replacement.
        #expect(try await store.insert([Self.reading("a", t2 + 60_000, 5), Self.reading("a", t2 + 60_000, 6)])
                == InsertSummary(inserted: 1, replaced: 1, newSeries: 0))
        _ = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
        #expect(store.stage.rowCount == 0)
        // Merged: a stored key replaces, an older time that was never sent is new.
        #expect(try await store.insert([Self.reading("a", t1, 11)]) == InsertSummary(inserted: 0, replaced: 1, newSeries: 0))
        #expect(try await store.insert([Self.reading("a", Self.start, 0)]) == InsertSummary(inserted: 1, replaced: 0, newSeries: 0))
        let rows = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
        #expect(rows.map(\.observedAtMs) == [Self.start, t1, t2, t2 + 60_000])
        #expect(rows.map(\.value) == [0, 11, 2, 6])
        let ids = rows.map(\.series.id)
        let day = try await store.buckets(of: [ids[0]], window: TimeWindow(startMs: Self.start, endMs: Self.start + Self.day), bucket: .day, rawValueLimit: 0)
        #expect(day.buckets.first?.stats.count == 4)
        #expect(day.buckets.first?.stats.sum == 19)
        #expect(try await store.series(matching: SeriesFilter()).first?.lastObservedAtMs == t2 + 60_000)
        // Out of order after the stored rows: new (known without a lookup), then a replacement of the staged key;
        // before the newest stored row: a lookup tells a stored key from a new one.
        #expect(try await store.insert([Self.reading("a", t2 + 180_000, 7)]).inserted == 1)
        #expect(try await store.insert([Self.reading("a", t2 + 120_000, 8)]) == InsertSummary(inserted: 1, replaced: 0, newSeries: 0))
        #expect(try await store.insert([Self.reading("a", t2 + 120_000, 9)]) == InsertSummary(inserted: 0, replaced: 1, newSeries: 0))
        #expect(try await store.insert([Self.reading("a", t2, 3), Self.reading("a", t2 + 30_000, 4)]) == InsertSummary(inserted: 1, replaced: 1, newSeries: 0))
        let all = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
        #expect(all.map(\.value) == [0, 11, 3, 4, 6, 9, 7])
        try await store.close()
    }

    @Test func aBulkBatchAfterStagedRowsKeepsItsNewerValues() async throws {
        let store = try SQLiteStore.temporary()
        let t = Self.start + 3_600_000
        _ = try await store.insert([Self.reading("a", t, 1)])
        let bulk = (0...ObservationStage.batchLimit).map { Self.reading("a", t + Int64($0) * 60_000, 100 + Double($0)) }
        let summary = try await store.insert(bulk)
        #expect(summary.replaced == 1)
        #expect(store.stage.rowCount == 0)
        let first = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 1)
        #expect(first.map(\.value) == [100])
        try await store.close()
    }

    @Test func rowsStagedWhenTheProcessStoppedAreMergedWhenTheFileOpens() async throws {
        let store = try SQLiteStore.temporary()
        let t = Self.start + 3_600_000
        _ = try await store.insert([Self.reading("a", t, 1)])
        let path = store.path
        try await store.close()
        let reader = try SQLiteStore(path: path, access: .readOnly)
        let id = try #require(try await reader.series(matching: SeriesFilter()).first?.id)
        try await reader.close()
        // What a killed process leaves: an acknowledged batch in the stage, not yet in the tables.
        let connection = try SQLiteConnection(path: path)
        let stage = try connection.statement("INSERT INTO observation_stage (rows) VALUES (?)")
        stage.bind(1, bytes: StageCoding.encode([ObservationStage.Row(series: id, t: t + 3_600_000, value: 7, quality: 0)]))
        try stage.run()
        connection.close()
        #expect(try Self.stagedBatches(at: path) == 1)

        let reopened = try SQLiteStore(path: path)
        #expect(try Self.stagedBatches(at: path) == 0)
        #expect(try await reopened.series(matching: SeriesFilter()).first?.lastObservedAtMs == t + 3_600_000)
        let rows = try await reopened.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
        #expect(rows.map(\.value) == [1, 7])
        try await reopened.close()
    }

    @Test func stagedRowsReachTheTablesWhileNothingReadsThem() async throws {
        let store = try SQLiteStore.temporary()
        _ = try await store.insert([Self.reading("a", Self.start, 1)])
        let deadline = ContinuousClock.now + .seconds(10)
        while try Self.stagedBatches(at: store.path) > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try Self.stagedBatches(at: store.path) == 0)
        try await store.close()
    }

    @Test func aStagedBatchRoundTripsThroughItsEncoding() {
        let rows = [ObservationStage.Row(series: 3, t: -5, value: -0.5, quality: 2), ObservationStage.Row(series: .max, t: .min, value: .infinity, quality: 0)]
        #expect(StageCoding.decode(StageCoding.encode(rows)) == rows)
        #expect(StageCoding.decode([1, 2, 3]) == nil)
    }

    /// A merge takes the staged rows before its transaction commits: until it has, a read must still go
    /// through the writer, or it misses rows already acknowledged (seen as a short count in the parallel suite).
    @Test func rowsTakenByAMergeCountAsUnmergedUntilItsTransactionEnds() {
        let stage = ObservationStage()
        stage.append(ObservationStage.Chunk(seq: 1, rows: [ObservationStage.Row(series: 1, t: 0, value: 1, quality: 0)]))
        let taken = stage.takeAll()
        #expect(stage.rowCount == 0 && stage.unmergedCount == 1)
        stage.settle(taken)
        #expect(stage.unmergedCount == 0)
        // A rollback puts the rows back as waiting before the merge settles.
        stage.append(ObservationStage.Chunk(seq: 2, rows: [ObservationStage.Row(series: 1, t: 1, value: 2, quality: 0)]))
        let again = stage.takeAll()
        stage.restore(again)
        stage.settle(again)
        #expect(stage.rowCount == 1 && stage.unmergedCount == 1)
    }

    /// Which reads need a merge: only those of a series with staged rows, over times that reach them; the count
    /// outlives a merge until its transaction ends, and a rolled-back merge leaves the rows counted.
    @Test func onlyAReadOfAStagedSeriesUpToItsStagedTimesNeedsAMerge() {
        let stage = ObservationStage()
        let rows = [ObservationStage.Row(series: 1, t: 50, value: 1, quality: 0), ObservationStage.Row(series: 1, t: 40, value: 2, quality: 0),
                    ObservationStage.Row(series: 2, t: 70, value: 3, quality: 0)]
        stage.append(ObservationStage.Chunk(seq: 1, rows: rows))
        #expect(stage.hasUnmergedRows(in: [1], before: 41) && stage.hasUnmergedRows(in: [3, 2], before: .max))
        #expect(!stage.hasUnmergedRows(in: [1], before: 40), "series 1's staged rows start at 40")
        #expect(!stage.hasUnmergedRows(in: [3, 4], before: .max), "series 3 and 4 have nothing staged")
        let taken = stage.takeAll()
        #expect(stage.hasUnmergedRows(in: [2], before: .max), "taken, not yet committed")
        stage.restore(taken)
        stage.settle(taken)
        #expect(stage.hasUnmergedRows(in: [1], before: 41), "rolled back: still staged")
        let merged = stage.takeAll()
        stage.settle(merged)
        #expect(!stage.hasUnmergedRows(in: [1, 2], before: .max))
        // A staging job that rolls back takes its rows' counts with it.
        stage.append(ObservationStage.Chunk(seq: 2, rows: [ObservationStage.Row(series: 5, t: 1, value: 1, quality: 0)]))
        stage.remove(seq: 2)
        #expect(!stage.hasUnmergedRows(in: [5], before: .max))
    }

    /// A read of one series, or of times before another's staged rows, leaves the stage as it is; a read that
    /// reaches staged rows merges them and sees them.
    @Test func readsMergeOnlyWhenTheyReachStagedRows() async throws {
        let store = try SQLiteStore.temporary()
        store.stage.maxAge = .seconds(3600)
        _ = try await store.insert([Self.reading("quiet", Self.start, 1)])
        _ = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
        #expect(store.stage.rowCount == 0)
        let quiet = try #require(try await store.series(matching: SeriesFilter(stationId: "quiet")).first?.id)
        _ = try await store.insert([Self.reading("busy", Self.start + Self.day, 5), Self.reading("busy", Self.start + Self.day + 60_000, 6)])
        let busy = try #require(try await store.series(matching: SeriesFilter(stationId: "busy")).first?.id)
        #expect(store.stage.rowCount == 2)
        #expect(try await store.aggregates(of: [quiet], window: .all)[quiet]?.count == 1)
        #expect(try await store.observations(SeriesFilter(stationId: "quiet"), window: .all, after: nil, limit: 10).count == 1)
        #expect(try await store.buckets(of: [busy], window: TimeWindow(startMs: Self.start, endMs: Self.start + Self.day), bucket: .day, rawValueLimit: 0).buckets.isEmpty)
        #expect(try await store.estimatedCount(of: [busy], window: TimeWindow(startMs: Self.start, endMs: Self.start + Self.day)) == 0)
        #expect(store.stage.rowCount == 2, "no read reached the staged rows")
        #expect(try await store.aggregates(of: [busy], window: TimeWindow(startMs: Self.start, endMs: Self.start + Self.day + 1))[busy]?.count == 1)
        #expect(store.stage.rowCount == 0)
        #expect(try await store.aggregates(of: [busy], window: .all)[busy]?.sum == 11)
        try await store.close()
    }

    /// A job rolled back after it moved a series' newest value (its group failed) puts the old one back,
    /// and its staged batch leaves the stage.
    @Test func aRolledBackInsertPutsItsSeriesNewestValueBack() async throws {
        struct Refused: Error {}
        let store = try SQLiteStore.temporary()
        // Nothing merges by itself while this test compares the stage before and after (the writer's first
        // slice merge comes 50 ms after a batch: under a loaded parallel run it came in between).
        store.stage.maxAge = .seconds(3600)
        _ = try await store.insert([Self.reading("a", Self.start, 1)])
        let id = try #require(try await store.series(matching: SeriesFilter()).first?.id)
        let staged = store.stage.rowCount
        let job = InsertJob(state: store.writerState, stage: store.stage, keepsPoints: false)
        await #expect(throws: Refused.self) {
            try await store.writer.submit(onRollback: job.rollback) { db -> (Int, afterCommit: (() -> Void)?) in
                _ = try job.run([Self.reading("a", Self.start + 60_000, 2)], staging: true, on: db)
                #expect(store.writerState.series[id]?.lastObservedAtMs == Self.start + 60_000)
                throw Refused()
            }
        }
        #expect(store.writerState.series[id]?.lastObservedAtMs == Self.start)
        #expect(store.writerState.series[id]?.lastValue == 1)
        #expect(store.stage.rowCount == staged)
        try await store.close()
    }

    /// The writer merges one slice of the series at a time (issue #20): a batch's stage row stays until its
    /// last slice is merged, a rolled-back slice goes back into its batch, and a finished batch is staged
    /// again in order when the merge that finished it rolls back.
    @Test func aSliceMergeTakesItsSeriesFromEveryBatchAndFinishesABatchWithItsLastSlice() {
        let stage = ObservationStage()
        let count = Int64(ObservationStage.sliceCount)
        let first = (0..<(2 * count)).map { ObservationStage.Row(series: $0, t: 10, value: Double($0), quality: 0) }
        stage.append(ObservationStage.Chunk(seq: 1, rows: first))
        stage.append(ObservationStage.Chunk(seq: 2, rows: [ObservationStage.Row(series: 1, t: 20, value: 9, quality: 0)]))
        let one = stage.take(slice: 1)
        #expect(one.chunks.map(\.seq) == [1, 2])
        #expect(one.chunks.flatMap(\.rows).map(\.series) == [1, 1 + count, 1])
        #expect(one.finished == [2], "batch 2 had rows in slice 1 only")
        #expect(stage.rowCount == first.count - 2 && stage.unmergedCount == first.count + 1)
        #expect(stage.hasUnmergedRows(in: [1], before: .max), "taken, not yet committed")
        // Rolled back: the rows go back where they were, and batch 2 is staged again.
        stage.restore(one)
        stage.settle(one)
        #expect(stage.rowCount == first.count + 1 && stage.unmergedCount == first.count + 1)
        #expect(stage.contains(series: 1, t: 20))
        var finished: [Int64] = []
        for slice in 0..<ObservationStage.sliceCount {
            let taken = stage.take(slice: slice)
            #expect(taken.chunks.flatMap(\.rows).allSatisfy { ObservationStage.slice(of: $0.series) == slice })
            #expect(!stage.contains(series: Int64(slice), t: 10), "merged keys are looked up in the table from now on")
            stage.settle(taken)
            finished += taken.finished
        }
        #expect(finished == [2, 1])
        #expect(stage.rowCount == 0 && stage.unmergedCount == 0 && stage.mergeDue() == nil)
    }

    /// The writer's merges go round the slices, skip those with nothing staged, and take every slice at once
    /// when the stage has fallen behind.
    @Test func theWriterMergesTheNextSliceWithRowsOrEverythingPastTheValve() {
        let stage = ObservationStage()
        stage.append(ObservationStage.Chunk(seq: 1, rows: [ObservationStage.Row(series: 2, t: 0, value: 1, quality: 0),
                                                           ObservationStage.Row(series: 3, t: 0, value: 1, quality: 0)]))
        #expect(stage.nextMergeSlice() == 2)
        #expect(stage.nextMergeSlice() == 3)
        #expect(stage.nextMergeSlice() == 2)
        let rows = (0..<Int64(ObservationStage.sliceValve)).map { ObservationStage.Row(series: 0, t: $0, value: 1, quality: 0) }
        stage.append(ObservationStage.Chunk(seq: 2, rows: rows))
        #expect(stage.nextMergeSlice() == nil)
    }

    /// Slices merged over several transactions: every row reaches the tables once, the stage table empties
    /// with the last slice, and a batch merged again after a crash (its stage row outlived some of its
    /// slices) leaves the rows and their daily rollup as they were.
    @Test func slicedMergesStoreEveryRowOnceAndARepeatedMergeChangesNothing() async throws {
        let store = try SQLiteStore.temporary()
        store.stage.maxAge = .seconds(3600)
        let stations = 3 * ObservationStage.sliceCount
        let batch = (0..<stations).map { Self.reading("s\($0)", Self.start + 3_600_000, Double($0)) }
        _ = try await store.insert(batch)
        let series = try await store.series(matching: SeriesFilter())
        let ids = series.map(\.id)
        let slices = Set(ids.map(ObservationStage.slice(of:))).sorted()
        for (index, slice) in slices.enumerated() {
            let job = InsertJob(state: store.writerState, stage: store.stage, keepsPoints: false)
            _ = try await store.writer.submit(onRollback: job.rollback) { db -> (Int, afterCommit: (() -> Void)?) in
                _ = try job.mergeStage(slice: slice, on: db)
                return (0, afterCommit: job.committed)
            }
            let merged = ids.filter { slices[...index].contains(ObservationStage.slice(of: $0)) }.count
            #expect(try Self.rows(of: "observations", at: store.path) == Int64(merged))
            #expect(try Self.stagedBatches(at: store.path) == (index == slices.count - 1 ? 0 : 1))
        }
        #expect(store.stage.unmergedCount == 0)
        let path = store.path
        try await store.close()

        // What a crash between two slices leaves: the batch staged again although part of it is stored.
        let connection = try SQLiteConnection(path: path)
        let stage = try connection.statement("INSERT INTO observation_stage (rows) VALUES (?)")
        let again = series.map { ObservationStage.Row(series: $0.id, t: Self.start + 3_600_000, value: Double($0.key.stationId.dropFirst())!, quality: 0) }
        stage.bind(1, bytes: StageCoding.encode(again))
        try stage.run()
        connection.close()
        let reopened = try SQLiteStore(path: path)
        #expect(try Self.stagedBatches(at: path) == 0)
        let rows = try await reopened.observations(SeriesFilter(), window: .all, after: nil, limit: 100)
        #expect(rows.count == stations)
        let days = try await reopened.buckets(of: ids, window: TimeWindow(startMs: Self.start, endMs: Self.start + Self.day), bucket: .day, rawValueLimit: 0)
        #expect(days.buckets.map(\.stats.count) == [stations])
        #expect(days.buckets.first?.stats.sum == Double(stations * (stations - 1) / 2))
        try await reopened.close()
    }

    /// Each rollup row as (series, bucket, count, sum, min, max), and the same recomputed from the raw rows
    /// (hourly only for the series that keep an hourly rollup), read beside the store.
    static func rollupsAndRawRows(at path: String) throws -> [(rollup: [[Double]], raw: [[Double]])] {
        let connection = try SQLiteConnection(path: path, readOnly: true)
        defer { connection.close() }
        func read(_ sql: String) throws -> [[Double]] {
            let query = try connection.statement(sql)
            defer { query.reset() }
            var rows: [[Double]] = []
            while try query.step() { rows.append((0..<6).map { query.double(Int32($0)) }) }
            return rows
        }
        return try [("rollup_hour", 3_600_000, "WHERE series_id IN (SELECT id FROM series WHERE hourly = 1)"), ("rollup_day", 86_400_000, "")].map { table, width, filter in
            (try read("SELECT series_id, bucket, n, sum, min, max FROM \(table) ORDER BY series_id, bucket"),
             try read("""
                SELECT series_id, t - ((t % \(width)) + \(width)) % \(width) AS b, COUNT(*), SUM(value), MIN(value), MAX(value)
                FROM observations \(filter) GROUP BY series_id, b ORDER BY series_id, b
                """))
        }
    }

    @Test func aMergeInsertsNewRowsManyPerStatementAndTheRollupsStayExact() async throws {
        let store = try SQLiteStore.temporary()
        store.stage.maxAge = .seconds(3600)
        let halfHour: Int64 = 1_800_000
        // 70 half-hourly readings of one station (two statements of 32 rows, then 6 rows one by one; two per
        // hour make it hourly) and 5 hourly readings of another.
        let a = (0..<70).map { Self.reading("a", Self.start + Int64($0) * halfHour, Double($0)) }
        let b = (0..<5).map { Self.reading("b", Self.start + Int64($0) * 3_600_000, Double(100 + $0)) }
        #expect(try await store.insert(a + b) == InsertSummary(inserted: 75, replaced: 0, newSeries: 2))
        #expect(try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 100).count == 75)
        // Later: 40 more of a after a replacement of one of its stored rows, and a replacement for b.
        let more = [Self.reading("a", Self.start + 3 * halfHour, 1_000)]
            + (70..<110).map { Self.reading("a", Self.start + Int64($0) * halfHour, Double($0)) }
            + [Self.reading("b", Self.start, 200)]
        #expect(try await store.insert(more) == InsertSummary(inserted: 40, replaced: 2, newSeries: 0))
        let rows = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 200)
        let valuesOfA: [Double] = rows.filter { $0.series.key.stationId == "a" }.map(\.value)
        let expectedA: [Double] = (0..<110).map { $0 == 3 ? 1_000 : Double($0) }
        #expect(valuesOfA == expectedA)
        let valuesOfB: [Double] = rows.filter { $0.series.key.stationId == "b" }.map(\.value)
        #expect(valuesOfB == [200, 101, 102, 103, 104])
        for (rollup, raw) in try Self.rollupsAndRawRows(at: store.path) {
            #expect(!rollup.isEmpty)
            #expect(rollup == raw)
        }
        try await store.close()
    }

    @Test func rowsThoughtNewThatAreStoredReplaceTheirValuesAndBuckets() async throws {
        let store = try SQLiteStore.temporary()
        store.stage.maxAge = .seconds(3600)
        let times = (0..<35).map { Self.start + Int64($0) * 600_000 }
        _ = try await store.insert(times.enumerated().map { Self.reading("a", $1, Double($0)) })
        let stored = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 100)
        #expect(stored.count == 35)
        // The writer wrongly believes nothing of the series is stored: every row is inserted as new, and the
        // rows that exist must still end up replaced, not counted twice in the rollups.
        store.writerState.storedThroughMs[stored[0].series.id] = .min
        _ = try await store.insert(times.enumerated().map { Self.reading("a", $1, Double(100 + $0)) })
        let rows = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 100)
        let expected: [Double] = (0..<35).map { Double(100 + $0) }
        #expect(rows.map(\.value) == expected)
        for (rollup, raw) in try Self.rollupsAndRawRows(at: store.path) { #expect(rollup == raw) }
        try await store.close()
    }
}
