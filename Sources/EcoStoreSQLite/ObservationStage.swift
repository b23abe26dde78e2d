import EcoCore
import EcoStore
import Synchronization

/// Observations acknowledged but not yet sorted into `observations` and the rollups (ADR 0012).
///
/// A batch of one reading from each of 2,500 stations would dirty a page of `observations`, of
/// `rollup_day` and of `series` per reading, so its commit wrote thousands of pages. A small batch is
/// instead appended to `observation_stage` as one blob (a few pages, durable at the batch's commit),
/// and the stage is merged into the tables later, where each series' rows from many batches share their
/// pages. The writer merges one slice of the series at a time (``take(slice:)``), so that no merge holds it
/// for the whole stage. A read of observations or rollups that reaches staged rows (``hasUnmergedRows(in:before:)``)
/// merges the whole stage first, so it sees every acknowledged row; a restart merges what a crash left staged.
///
/// The rows and keys are the writer thread's; the counts may be read from any thread.
final class ObservationStage: @unchecked Sendable {
    /// One staged reading of a known series.
    struct Row: Equatable {
        var series: Int64
        var t: Int64
        var value: Double
        var quality: Int64
    }

    /// Rows of one batch under its `observation_stage` row: the whole batch when staged, then the part of
    /// it in each slice.
    struct Chunk {
        var seq: Int64
        var rows: [Row]
    }

    /// What a merge took: its rows (each series' rows in batch order) and the batches it took the last rows
    /// of, whose `observation_stage` rows its transaction deletes.
    struct Taken {
        var chunks: [Chunk] = []
        var finished: [Int64] = []
        var rowCount: Int { chunks.reduce(0) { $0 + $1.rows.count } }
    }

    private struct Key: Hashable {
        var series: Int64
        var t: Int64
    }

    /// Batches of at most this many rows are staged; larger ones (bulk loads) are written directly.
    static let batchLimit = 8_192
    /// A staging insert merges first once this many rows wait.
    static let rowLimit = 131_072
    /// The writer's own merges take one slice of the series (by id) at a time, in turn, so that no merge
    /// holds the writer for the whole stage (issue #20): each series is still merged once per ``maxAge``.
    static let sliceCount = 8
    /// Once this many rows wait, the writer's merge takes every slice at once (it has fallen behind).
    static let sliceValve = rowLimit / 2
    /// How long staged rows wait at most when nothing reads them: the writer merges them by itself then.
    /// (Tests set it long to see rows while they are staged.)
    var maxAge = Duration.milliseconds(400)

    /// Per slice, the parts of the batches staged in it, oldest first.
    private var parts = [[Chunk]](repeating: [], count: sliceCount)
    /// Per staged batch, how many of its parts no merge has taken yet.
    private var partsLeft: [Int64: Int] = [:]
    /// Per slice, the keys of its staged rows (and of rows being staged).
    private var keys = [Set<Key>](repeating: [], count: sliceCount)
    /// When the oldest waiting batch was staged, and when the writer last merged a slice.
    private var oldestStagedAt: ContinuousClock.Instant?
    private var lastSliceAt: ContinuousClock.Instant?
    /// The slice the writer merges next.
    private var nextSlice = 0
    private let waiting = Atomic<Int>(0)
    /// Rows a merge has taken whose transaction has not ended yet.
    private let merging = Atomic<Int>(0)
    /// Per series, how many of its rows are not yet readable from the tables (waiting, or taken by a merge
    /// that has not committed) and the earliest time among them: a read of other series, or of times before
    /// that, needs no merge. The earliest time only falls until the count is back to zero (conservative).
    private let unmergedBySeries = Mutex<[Int64: (count: Int, fromMs: Int64)]>([:])

    /// Rows waiting to be merged (any thread).
    var rowCount: Int { waiting.load(ordering: .acquiring) }

    /// Rows not yet readable from the tables: waiting, or taken by a merge that has not committed (any
    /// thread). A read that sees zero sees every acknowledged row in the tables.
    var unmergedCount: Int {
        // A take counts rows as merging before it stops counting them as waiting: read in the other order.
        waiting.load(ordering: .acquiring) + merging.load(ordering: .acquiring)
    }

    /// Whether any of `series` has rows before `endMs` not yet readable from the tables (any thread). When
    /// none has, a read of them up to `endMs` sees every acknowledged row without a merge: a series' count
    /// rises before its batch commits and falls only once the merge that wrote its rows committed.
    func hasUnmergedRows(in series: some Sequence<Int64>, before endMs: Int64) -> Bool {
        guard unmergedCount > 0 else { return false }
        return unmergedBySeries.withLock { counts in series.contains { (counts[$0]?.fromMs ?? .max) < endMs } }
    }

    /// Whether `series` has a staged row at `t` (writer thread).
    func contains(series: Int64, t: Int64) -> Bool { keys[Self.slice(of: series)].contains(Key(series: series, t: t)) }

    /// Notes a row of the batch being staged, so later rows at the same key count as replacements; false
    /// when `series` already has a staged row at `t` (one hash lookup for both).
    @discardableResult
    func reserve(series: Int64, t: Int64) -> Bool { keys[Self.slice(of: series)].insert(Key(series: series, t: t)).inserted }

    /// The slice a series' rows belong to.
    static func slice(of series: Int64) -> Int { Int(series.magnitude % UInt64(sliceCount)) }

    /// Nil when nothing waits; otherwise how long until the writer's next merge of a slice is due: every
    /// ``maxAge`` / ``sliceCount``, so that each slice waits about ``maxAge`` (writer thread).
    func mergeDue(now: ContinuousClock.Instant = .now) -> Duration? {
        guard let oldestStagedAt, !partsLeft.isEmpty else { return nil }
        let since = max(oldestStagedAt, lastSliceAt ?? oldestStagedAt)
        return maxAge / Self.sliceCount - (now - since)
    }

    /// The slice the writer's merge takes now, or nil for every slice (the stage holds more than
    /// ``sliceValve`` rows); skips slices with nothing staged (writer thread).
    func nextMergeSlice() -> Int? {
        lastSliceAt = .now
        guard rowCount < Self.sliceValve else { return nil }
        for step in 0..<Self.sliceCount {
            let slice = (nextSlice + step) % Self.sliceCount
            if !parts[slice].isEmpty {
                nextSlice = (slice + 1) % Self.sliceCount
                return slice
            }
        }
        return nil
    }

    /// Adds a committed-to-be batch (writer thread).
    func append(_ chunk: Chunk) {
        guard !chunk.rows.isEmpty else { return }
        if partsLeft.isEmpty { oldestStagedAt = .now }
        var split = [[Row]](repeating: [], count: Self.sliceCount)
        for row in chunk.rows { split[Self.slice(of: row.series)].append(row) }
        for (slice, rows) in split.enumerated() where !rows.isEmpty {
            parts[slice].append(Chunk(seq: chunk.seq, rows: rows))
            partsLeft[chunk.seq, default: 0] += 1
        }
        count([chunk], by: 1)
        waiting.add(chunk.rows.count, ordering: .releasing)
    }

    /// Removes the batch staged under `seq`, if it got that far, and the keys its job reserved (its
    /// transaction rolled back).
    func remove(seq: Int64?) {
        if let seq, partsLeft.removeValue(forKey: seq) != nil {
            for slice in parts.indices {
                guard let index = parts[slice].lastIndex(where: { $0.seq == seq }) else { continue }
                let removed = parts[slice].remove(at: index)
                count([removed], by: -1)
                waiting.subtract(removed.rows.count, ordering: .releasing)
            }
        }
        rebuildKeys()
    }

    /// Takes every staged row for a merge.
    func takeAll() -> Taken { take(slices: 0..<Self.sliceCount) }

    /// Takes the staged rows of one slice's series for a merge; batches left with no rows are finished.
    func take(slice: Int) -> Taken { take(slices: slice..<(slice + 1)) }

    private func take(slices: Range<Int>) -> Taken {
        var taken = Taken()
        for slice in slices {
            taken.chunks += parts[slice]
            parts[slice].removeAll()
        }
        for chunk in taken.chunks {
            partsLeft[chunk.seq, default: 1] -= 1
            if partsLeft[chunk.seq] == 0 {
                partsLeft[chunk.seq] = nil
                taken.finished.append(chunk.seq)
            }
        }
        // Refilled at the same pace until the slice's next merge.
        for slice in slices { keys[slice].removeAll(keepingCapacity: true) }
        if partsLeft.isEmpty { oldestStagedAt = nil }
        let count = taken.rowCount
        merging.add(count, ordering: .releasing)
        waiting.subtract(count, ordering: .releasing)
        return taken
    }

    /// Ends the merge of rows `take` gave out, once its transaction committed or rolled back (after
    /// `restore` for a rollback).
    func settle(_ taken: Taken) {
        count(taken.chunks, by: -1)
        merging.subtract(taken.rowCount, ordering: .releasing)
    }

    /// Puts back rows whose merge rolled back, ahead of any staged since in their slices (a batch it
    /// finished is staged again: a batch is finished only by the merge that takes its last part).
    func restore(_ taken: Taken) {
        guard !taken.chunks.isEmpty else { return }
        if partsLeft.isEmpty { oldestStagedAt = .now }
        for chunk in taken.chunks {
            let slice = Self.slice(of: chunk.rows[0].series)
            let at = parts[slice].firstIndex { $0.seq > chunk.seq } ?? parts[slice].endIndex
            parts[slice].insert(chunk, at: at)
            partsLeft[chunk.seq, default: 0] += 1
        }
        count(taken.chunks, by: 1) // `settle` follows and takes them off again: they stay counted once.
        waiting.add(taken.rowCount, ordering: .releasing)
        rebuildKeys()
    }

    /// Adds `sign` × each series' rows in `chunks` to its unmerged count, and lowers its earliest unmerged
    /// time to theirs when adding (a batch's rows come grouped by series).
    private func count(_ chunks: [Chunk], by sign: Int) {
        guard chunks.contains(where: { !$0.rows.isEmpty }) else { return }
        unmergedBySeries.withLock { counts in
            for chunk in chunks {
                var index = chunk.rows.startIndex
                while index < chunk.rows.endIndex {
                    let series = chunk.rows[index].series
                    var fromMs = chunk.rows[index].t
                    var end = index + 1
                    while end < chunk.rows.endIndex, chunk.rows[end].series == series {
                        fromMs = min(fromMs, chunk.rows[end].t)
                        end += 1
                    }
                    let known = counts[series] ?? (0, .max)
                    let total = known.count + sign * (end - index)
                    counts[series] = total > 0 ? (total, sign > 0 ? min(known.fromMs, fromMs) : known.fromMs) : nil
                    index = end
                }
            }
        }
    }

    private func rebuildKeys() {
        for slice in keys.indices { keys[slice].removeAll(keepingCapacity: true) }
        for slice in parts { for chunk in slice { for row in chunk.rows { reserve(series: row.series, t: row.t) } } }
    }

    /// Every staged row in merge order: by series and time, a later batch's row after an earlier one's.
    static func mergeOrder(_ chunks: [Chunk]) -> [Row] {
        var rows: [(row: Row, order: Int)] = []
        rows.reserveCapacity(chunks.reduce(0) { $0 + $1.rows.count })
        for chunk in chunks { for row in chunk.rows { rows.append((row, rows.count)) } }
        rows.sort { ($0.row.series, $0.row.t, $0.order) < ($1.row.series, $1.row.t, $1.order) }
        return rows.map(\.row)
    }
}

/// The blob of one staged batch: per row its series id, time, value bits and quality, as little-endian
/// 64-bit integers (32 bytes a row; a 2,500-row batch is 80 KB, about 20 overflow pages).
enum StageCoding {
    static let rowBytes = 32

    static func encode(_ rows: [ObservationStage.Row]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: rows.count * rowBytes)
        bytes.withUnsafeMutableBytes { buffer in
            for (index, row) in rows.enumerated() {
                let base = index * rowBytes
                buffer.storeBytes(of: row.series.littleEndian, toByteOffset: base, as: Int64.self)
                buffer.storeBytes(of: row.t.littleEndian, toByteOffset: base + 8, as: Int64.self)
                buffer.storeBytes(of: row.value.bitPattern.littleEndian, toByteOffset: base + 16, as: UInt64.self)
                buffer.storeBytes(of: row.quality.littleEndian, toByteOffset: base + 24, as: Int64.self)
            }
        }
        return bytes
    }

    /// Nil when the blob is not a whole number of rows (a file written by something else).
    static func decode(_ bytes: [UInt8]) -> [ObservationStage.Row]? {
        guard bytes.count % rowBytes == 0 else { return nil }
        return bytes.withUnsafeBytes { buffer in
            (0..<(bytes.count / rowBytes)).map { index in
                let base = index * rowBytes
                return ObservationStage.Row(
                    series: Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: base, as: Int64.self)),
                    t: Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: base + 8, as: Int64.self)),
                    value: Double(bitPattern: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: base + 16, as: UInt64.self))),
                    quality: Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: base + 24, as: Int64.self)))
            }
        }
    }
}
