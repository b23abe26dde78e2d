import EcoCore
import EcoStore
import Synchronization

/// The points of the last few committed inserts, by the offsets of their ingest events, so that
/// detection can score a batch without reading it back. (In WAL mode a reader's page cache starts
/// cold after every commit, so reading back 2,500 fresh points cost detection about half its time.)
///
/// Bounded by a number of points: the oldest inserts are forgotten first.
final class RecentWrites: Sendable {
    /// Points of one insert, per series, in the order written.
    typealias Points = [Int64: [(timeMs: Int64, value: Double)]]

    private struct Insert {
        var offsets: ClosedRange<Int64>
        var points: Points
        var count: Int
    }

    private struct State {
        /// Oldest first; offsets increase.
        var inserts: [Insert] = []
        var first = 0
        var pointCount = 0
    }

    /// The most points remembered.
    let capacity: Int
    private let state = Mutex(State())

    /// Keeps at most about `capacity` points.
    init(capacity: Int = 262_144) { self.capacity = capacity }

    /// Remembers what one committed insert wrote under the events `offsets`.
    func record(offsets: ClosedRange<Int64>, points: Points, count: Int) {
        guard count <= capacity else { return }
        state.withLock { state in
            state.inserts.append(Insert(offsets: offsets, points: points, count: count))
            state.pointCount += count
            while state.pointCount > capacity {
                state.pointCount -= state.inserts[state.first].count
                state.inserts[state.first].points = [:]
                state.first += 1
            }
            // Drop forgotten slots in bulk, so appending stays O(1) amortised.
            if state.first > 64 && state.first * 2 > state.inserts.count {
                state.inserts.removeFirst(state.first)
                state.first = 0
            }
        }
    }

    /// The points written under these event offsets, merged per series (each series' points oldest
    /// first, the last write winning for equal times); nil unless every offset is remembered.
    func points(ofEvents offsets: [Int64]) -> Points? {
        guard !offsets.isEmpty else { return [:] }
        let parts: [Points]? = state.withLock { state in
            var parts: [Points] = []
            var lastTaken: Int?
            for offset in offsets.sorted() {
                if let lastTaken, state.inserts[lastTaken].offsets.contains(offset) { continue }
                guard let index = Self.index(of: offset, in: state) else { return nil }
                parts.append(state.inserts[index].points)
                lastTaken = index
            }
            return parts
        }
        guard let parts else { return nil }
        var merged: Points = parts[0]
        // Appended in place: `merge(_:uniquingKeysWith:)` would build a new array per series and part.
        for part in parts.dropFirst() {
            for (series, points) in part { merged[series, default: []].append(contentsOf: points) }
        }
        for (series, points) in merged where !Self.isStrictlyIncreasing(points) {
            merged[series] = Self.sortedLastWins(points)
        }
        return merged
    }

    /// Binary search of the remembered insert whose offsets contain `offset`.
    private static func index(of offset: Int64, in state: State) -> Int? {
        var low = state.first, high = state.inserts.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = state.inserts[middle].offsets
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
