import EcoCore
import EcoStore
import Synchronization

/// The points of the last few committed inserts, by the offsets of their ingest events, so that
/// detection can score a batch without reading it back. (In WAL mode a reader's page cache starts
/// cold after every commit, so reading back 2,500 fresh points cost detection about half its time.)
///
/// Bounded by a number of points: the oldest inserts are forgotten first.
final class RecentWrites: Sendable {
    /// Points per series, each series' points oldest first.
    typealias Points = [Int64: [(timeMs: Int64, value: Double)]]

    /// One point an insert wrote.
    struct Point: Sendable {
        var series: Int64
        var timeMs: Int64
        var value: Double
    }

    private struct State {
        /// The event offsets of each remembered insert, oldest first (offsets increase); apart from
        /// `inserts` so that the binary search reads plain ranges.
        var offsets: [ClosedRange<Int64>] = []
        /// The points of each insert, in the order written: flat, so that remembering and forgetting an
        /// insert allocate and free one array, whatever its number of series.
        var inserts: [[Point]] = []
        var first = 0
        var pointCount = 0
    }

    /// The most points remembered.
    let capacity: Int
    private let state = Mutex(State())

    /// Keeps at most about `capacity` points.
    init(capacity: Int = 262_144) { self.capacity = capacity }

    /// Remembers what one committed insert wrote under the events `offsets`, in the order written.
    func record(offsets: ClosedRange<Int64>, points: [Point]) {
        guard points.count <= capacity else { return }
        state.withLock { state in
            state.offsets.append(offsets)
            state.inserts.append(points)
            state.pointCount += points.count
            while state.pointCount > capacity {
                state.pointCount -= state.inserts[state.first].count
                state.inserts[state.first] = []
                state.first += 1
            }
            // Drop forgotten slots in bulk, so appending stays O(1) amortised.
            if state.first > 64 && state.first * 2 > state.inserts.count {
                state.offsets.removeFirst(state.first)
                state.inserts.removeFirst(state.first)
                state.first = 0
            }
        }
    }

    /// The points written under these event offsets, per series (each series' points oldest first,
    /// the last write winning for equal times); nil unless every offset is remembered.
    func points(ofEvents offsets: [Int64]) -> Points? {
        guard !offsets.isEmpty else { return [:] }
        let parts: [[Point]]? = state.withLock { state in
            var parts: [[Point]] = []
            var lastTaken: Int?
            for offset in offsets.sorted() {
                if let lastTaken, state.offsets[lastTaken].contains(offset) { continue }
                guard let index = Self.index(of: offset, in: state) else { return nil }
                parts.append(state.inserts[index])
                lastTaken = index
            }
            return parts
        }
        guard let parts else { return nil }
        var merged: Points = [:]
        merged.reserveCapacity(min(parts[0].count, 4_096))
        // One dictionary access per run of a series' points (a batch arrives grouped by series).
        for part in parts {
            var start = part.startIndex
            while start < part.endIndex {
                let series = part[start].series
                var end = start + 1
                while end < part.endIndex, part[end].series == series { end += 1 }
                merged[series, default: []].append(contentsOf: part[start..<end].lazy.map { ($0.timeMs, $0.value) })
                start = end
            }
        }
        for (series, points) in merged where !Self.isStrictlyIncreasing(points) {
            merged[series] = Self.sortedLastWins(points)
        }
        return merged
    }

    /// Binary search of the remembered insert whose offsets contain `offset`.
    private static func index(of offset: Int64, in state: State) -> Int? {
        var low = state.first, high = state.offsets.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = state.offsets[middle]
            if range.contains(offset) { return middle }
            if offset < range.lowerBound { high = middle - 1 } else { low = middle + 1 }
        }
        return nil
    }

    private static func isStrictlyIncreasing(_ points: [(timeMs: Int64, value: Double)]) -> Bool {
        zip(points, points.dropFirst()).allSatisfy { $0.timeMs < $1.timeMs }
    }

    /// Sorted by time; of equal times only the last written is kept.
    private static func sortedLastWins(_ points: [(timeMs: Int64, value: Double)]) -> [(timeMs: Int64, value: Double)] {
        let ordered = points.enumerated().sorted { ($0.element.timeMs, $0.offset) < ($1.element.timeMs, $1.offset) }.map(\.element)
        var result: [(timeMs: Int64, value: Double)] = []
        result.reserveCapacity(ordered.count)
        for point in ordered {
            if let last = result.last, last.timeMs == point.timeMs { result[result.count - 1] = point } else { result.append(point) }
        }
        return result
    }
}
