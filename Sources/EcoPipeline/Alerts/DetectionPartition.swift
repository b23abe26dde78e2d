/// One of the `count` detection partitions: the series whose id is `index` modulo `count`. Each partition
/// is a consumer of the event log of its own (its own lease and committed offset), so that several
/// processes on one store share detection (docs/scale-out.md).
///
/// With one partition the consumer is `detection`, as before partitions existed; otherwise
/// `detection.p<index>of<count>`.
struct DetectionPartition: Hashable, Sendable, CustomStringConvertible {
    let index: Int
    let count: Int

    /// The whole log: one partition, the consumer `detection`.
    static let whole = DetectionPartition(index: 0, count: 1)

    /// - Precondition: `0 <= index < count`.
    init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "partition \(index) of \(count)")
        self.index = index
        self.count = count
    }

    /// The `count` partitions of a layout, by index.
    static func all(count: Int) -> [DetectionPartition] { (0..<count).map { DetectionPartition(index: $0, count: count) } }

    /// Names of detection's consumers (offsets and leases) start with this, save the single `detection`.
    static let namePrefix = "detection."

    /// The event log consumer (lease and offset) of the partition.
    var consumer: String { count == 1 ? DetectionService.consumer : "\(Self.namePrefix)p\(index)of\(count)" }

    var description: String { "\(index + 1)/\(count)" }

    /// Whether the series belongs to this partition.
    func owns(_ seriesID: Int64) -> Bool {
        let remainder = seriesID % Int64(count)
        return (remainder < 0 ? remainder + Int64(count) : remainder) == Int64(index)
    }

    /// The partition a consumer name stands for, if it is one of detection's.
    init?(consumer: String) {
        if consumer == DetectionService.consumer { self = .whole; return }
        guard consumer.hasPrefix(Self.namePrefix + "p") else { return nil }
        let numbers = consumer.dropFirst(Self.namePrefix.count + 1).split(separator: "of", omittingEmptySubsequences: false)
        guard numbers.count == 2, let index = Int(numbers[0]), let count = Int(numbers[1]), count >= 2, (0..<count).contains(index) else { return nil }
        self.init(index: index, count: count)
    }

    /// Where the partition resumes, given every committed consumer offset: its own offset, or further
    /// when another layout (another partition count, the single `detection` of before partitions) has
    /// processed every series further. A layout has done so up to the lowest offset of its partitions,
    /// and counts only when each of them has committed one. 0 when nothing was committed.
    ///
    /// So a store upgraded to partitions resumes where `detection` stopped, and changing the count
    /// neither detects history again nor skips what no partition processed.
    func startOffset(committed offsets: [String: Int64]) -> Int64 {
        var layouts: [Int: [Int: Int64]] = [:]
        for (name, offset) in offsets {
            guard let partition = DetectionPartition(consumer: name), partition.count != count else { continue }
            layouts[partition.count, default: [:]][partition.index] = offset
        }
        let others = layouts.compactMap { count, offsets in offsets.count == count ? offsets.values.min() : nil }
        return max(offsets[consumer] ?? 0, others.max() ?? 0)
    }
}
