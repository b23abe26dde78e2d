import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Removes objects no record references once they are older than the grace period, and what interrupted
/// uploads left in the store's `incoming/` (docs/ocean.md, "Object storage hygiene").
///
/// Deleting an entry does not remove its file: this sweeper does, later. That is what makes deletion safe when
/// several processes share one store: an upload that puts bytes already stored refreshes their time, so an object
/// is removed only when nothing has referenced it *and* nothing has stored it for the whole grace period, and the
/// removal itself is conditional on that time (``ObjectStore/delete(_:ifStoredBefore:)``). Crash orphans (an
/// object stored whose entry was never committed) go the same way. Every process may sweep; sweeps are idempotent.
public struct ObjectSweeper: Service {
    /// Counts the references of an object by its SHA-256 in one table (entries today; model artefacts when they
    /// move to the object store add their count here).
    public typealias ReferenceCount = @Sendable (String) async throws -> Int

    let objects: any ObjectStore
    let references: [ReferenceCount]
    let grace: Duration
    let interval: Duration
    let metrics: EcoMetrics
    let clock: WallClock
    let logger: Logger

    public init(objects: any ObjectStore, references: [ReferenceCount], grace: Duration, interval: Duration, metrics: EcoMetrics, clock: WallClock,
                logger: Logger) {
        self.objects = objects
        self.references = references
        self.grace = grace
        self.interval = interval
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        metrics.objectsSwept(objects: 0, incoming: 0)
    }

    /// What one sweep removed.
    public struct Outcome: Sendable, Equatable {
        public var objects: Int
        public var incoming: Int

        public init(objects: Int, incoming: Int) {
            self.objects = objects
            self.incoming = incoming
        }
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
            do {
                let outcome = try await sweep()
                if outcome.objects + outcome.incoming > 0 {
                    logger.info("object sweep", metadata: ["objects.removed": "\(outcome.objects)", "incoming.removed": "\(outcome.incoming)"])
                }
            } catch is CancellationError {
                return
            } catch {
                logger.error("object sweep failed; retrying at the next interval", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One sweep: incoming leftovers older than the grace period, then every object older than it that no record references.
    @discardableResult
    public func sweep() async throws -> Outcome {
        let cutoff = Date(timeIntervalSince1970: Double(clock.nowMs()) / 1000 - grace.seconds)
        let incoming = try await objects.removeIncoming(olderThan: cutoff)
        var removed = 0
        for object in try await objects.list() where object.storedAt < cutoff {
            try Task.checkCancellation()
            if try await referenced(object.key.sha256) { continue }
            if try await objects.delete(object.key, ifStoredBefore: cutoff) { removed += 1 }
        }
        metrics.objectsSwept(objects: removed, incoming: incoming)
        return Outcome(objects: removed, incoming: incoming)
    }

    private func referenced(_ sha256: String) async throws -> Bool {
        for count in references where try await count(sha256) > 0 { return true }
        return false
    }
}
