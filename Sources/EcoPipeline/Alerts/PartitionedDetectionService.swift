import EcoCore
import EcoStore
import Logging
import ServiceLifecycle

/// Detection split into partitions (``DetectionPartition``) spread over the processes that run it on one
/// store, so that every worker detects rather than one while the others idle.
///
/// Every lease period's third, the process renews its presence (the lease `detection.member.<holder>`),
/// counts the live processes from the leases, and sets its share to the partition count over them,
/// rounded up. It claims free partitions (no live lease) up to its share, and runs a
/// ``DetectionService`` in each; one that is beyond the share (a process joined) hands its partition
/// over: it commits its offset and releases the lease, and the newcomer claims it at its next turn.
/// A process that dies loses its presence and its partitions when their leases expire; the others'
/// shares grow and they claim its partitions, resuming from their committed offsets.
public struct PartitionedDetectionService: Service {
    static let memberPrefix = DetectionPartition.namePrefix + "member."

    /// One detection per partition, by index.
    let detections: [DetectionService]
    let log: any EventLog
    let holder: String
    let clock: WallClock
    let logger: Logger
    let share: DetectionShare

    /// - Parameter detection: the detection of a partition (all with the same lease period).
    init(partitions count: Int, log: any EventLog, holder: String, clock: WallClock, logger: Logger,
         detection: (DetectionPartition) -> DetectionService) {
        detections = DetectionPartition.all(count: count).map(detection)
        self.log = log
        self.holder = holder
        self.clock = clock
        self.logger = logger
        share = DetectionShare(target: count)
    }

    private var leaseTTLMs: Int64 { detections[0].leaseTTLMs }
    private var memberName: String { Self.memberPrefix + holder }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                for detection in await claim() {
                    group.addTask { await self.detect(in: detection) }
                }
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: detections[0].leaseRenewal) }
            }
            // The partitions' detections see the shutdown too; the group waits for them to commit and let go.
        }
        try? await log.releaseConsumerLease(memberName, holder: holder)
    }

    /// Detects in a claimed partition until it is handed over, its lease is lost or the process stops.
    private func detect(in detection: DetectionService) async {
        let index = detection.partition.index
        await detection.detect { share.isExtra(index) }
        try? await log.releaseConsumerLease(detection.partition.consumer, holder: holder)
        share.letGo(index)
    }

    /// Renews this process's presence, sets its share from the live processes, and claims free partitions
    /// up to it; returns the detections of those claimed.
    private func claim() async -> [DetectionService] {
        do {
            _ = try await log.acquireConsumerLease(memberName, holder: holder, ttlMs: leaseTTLMs, nowMs: clock.nowMs())
            let leases = try await log.consumerLeases(prefix: DetectionPartition.namePrefix, nowMs: clock.nowMs())
            let members = max(1, leases.keys.filter { $0.hasPrefix(Self.memberPrefix) }.count)
            share.target = (detections.count + members - 1) / members
            var held = share.held
            var claimed: [DetectionService] = []
            // Free: no live lease, or one of this process's that no detection runs under (a claim whose answer was lost).
            for detection in detections where held.count < share.target && !held.contains(detection.partition.index)
                && (leases[detection.partition.consumer] ?? holder) == holder {
                let consumer = detection.partition.consumer
                guard (try? await log.acquireConsumerLease(consumer, holder: holder, ttlMs: leaseTTLMs, nowMs: clock.nowMs())) == true else { continue }
                share.hold(detection.partition.index)
                held.insert(detection.partition.index)
                claimed.append(detection)
            }
            if !claimed.isEmpty {
                logger.info("detection partitions claimed", metadata: [
                    "claimed": "\(claimed.map(\.partition.description))", "held": "\(held.count)", "processes": "\(members)",
                ])
            }
            return claimed
        } catch {
            logger.warning("detection could not share its partitions; retrying", metadata: ["error": "\(error)"])
            return []
        }
    }
}
