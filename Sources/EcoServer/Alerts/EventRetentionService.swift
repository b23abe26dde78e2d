import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Prunes the event log to its retention (age and count) at start and then every `interval`.
struct EventRetentionService: Service {
    let log: any EventLog
    let retention: EventRetention
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let removed = try await log.pruneEvents(retention, nowMs: Int64(Date().timeIntervalSince1970 * 1000))
                if removed > 0 { logger.info("event log pruned", metadata: ["events": "\(removed)"]) }
            } catch {
                logger.error("event log pruning failed", metadata: ["error": "\(error)"])
            }
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
        }
    }
}

extension ServeConfiguration {
    /// The event log retention the settings describe (0 means no limit).
    var eventRetention: EventRetention {
        EventRetention(maxAgeMs: eventRetentionDays > 0 ? Int64(eventRetentionDays) * 86_400_000 : nil,
                       maxEvents: eventRetentionCount > 0 ? eventRetentionCount : nil)
    }
}
