import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Prunes the event log to its retention (age and count) at start and then every `interval`.
public struct EventRetentionService: Service {
    let log: any EventLog
    let retention: EventRetention
    let interval: Duration
    let clock: WallClock
    let logger: Logger

    public init(log: any EventLog, retention: EventRetention, interval: Duration, clock: WallClock, logger: Logger) {
        self.log = log
        self.retention = retention
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let removed = try await log.pruneEvents(retention, nowMs: clock.nowMs())
                if removed > 0 { logger.info("event log pruned", metadata: ["events": "\(removed)"]) }
            } catch {
                logger.error("event log pruning failed", metadata: ["error": "\(error)"])
            }
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
        }
    }
}

extension EcoConfiguration {
    /// The event log retention the settings describe (0 means no limit).
    public var eventRetention: EventRetention {
        EventRetention(maxAgeMs: eventRetentionDays > 0 ? Int64(eventRetentionDays) * 86_400_000 : nil,
                       maxEvents: eventRetentionCount > 0 ? eventRetentionCount : nil)
    }
}
