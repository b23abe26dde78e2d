import Testing

@testable import EcoPipeline

/// Which series a detection partition owns, its consumer name, where it resumes, and which partitions a
/// process hands over when its share shrinks (issue #15).
struct DetectionPartitionTests {
    @Test func everySeriesBelongsToExactlyOnePartition() {
        let partitions = DetectionPartition.all(count: 4)
        for id in Int64(-9)...40 {
            #expect(partitions.filter { $0.owns(id) }.map(\.index) == [Int(((id % 4) + 4) % 4)], "series \(id)")
        }
        #expect(DetectionPartition.whole.owns(123) && DetectionPartition.whole.owns(-5))
    }

    @Test func oneLayoutKeepsTheConsumerOfBeforePartitionsAndOthersNameTheirs() {
        #expect(DetectionPartition.whole.consumer == "detection")
        #expect(DetectionPartition(index: 2, count: 8).consumer == "detection.p2of8")
        #expect(DetectionPartition(consumer: "detection.p2of8") == DetectionPartition(index: 2, count: 8))
        #expect(DetectionPartition(consumer: "detection") == .whole)
        for other in ["detection.p8of8", "detection.p0of1", "detection.member.a", "detection.p-1of4", "detection.pof4", "webhook:1", "detections"] {
            #expect(DetectionPartition(consumer: other) == nil, "\(other)")
        }
    }

    @Test func aPartitionResumesAtItsOwnOffsetOrWhereAnotherCompleteLayoutGotFurther() {
        let p1of4 = DetectionPartition(index: 1, count: 4)
        #expect(p1of4.startOffset(committed: [:]) == 0, "nothing committed: from the start")
        #expect(p1of4.startOffset(committed: ["detection": 500, "webhook:1": 900]) == 500, "upgrade: where the single consumer stopped")
        #expect(p1of4.startOffset(committed: ["detection": 500, "detection.p1of4": 700]) == 700, "its own offset")
        #expect(p1of4.startOffset(committed: ["detection": 500, "detection.p1of4": 300]) == 500, "a layout further along")
        let eight = Dictionary(uniqueKeysWithValues: (0..<8).map { ("detection.p\($0)of8", Int64(800 + $0)) })
        #expect(p1of4.startOffset(committed: eight.merging(["detection": 500]) { a, _ in a }) == 800,
                "8 partitions had all processed up to their lowest offset")
        #expect(p1of4.startOffset(committed: eight.filter { $0.key != "detection.p3of8" }.merging(["detection": 500]) { a, _ in a }) == 500,
                "a layout missing a partition tells nothing of that partition's series")
        #expect(DetectionPartition.whole.startOffset(committed: eight.merging(["detection": 500]) { a, _ in a }) == 800,
                "back to one partition: not from the single consumer's stale offset")
    }

    @Test func aShrunkShareHandsOverTheHighestPartitionsItHolds() {
        let share = DetectionShare(target: 4)
        for index in [3, 0, 2, 1] { share.hold(index) }
        #expect((0..<4).filter(share.isExtra).isEmpty)
        share.target = 2
        #expect((0..<4).filter(share.isExtra) == [2, 3])
        share.letGo(3)
        #expect((0..<4).filter(share.isExtra) == [2], "the other extra still goes")
        share.letGo(2)
        #expect((0..<4).filter(share.isExtra).isEmpty && share.held == [0, 1])
        #expect(!share.isExtra(5), "a partition not held is not handed over")
    }
}
