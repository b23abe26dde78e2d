import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Removes observations older than `days`, as whole UTC months (with their rollups), at start and then every
/// `interval`: PostgreSQL drops the months' partitions, SQLite deletes their rows `batchRows` at a time, each batch
/// its own transaction, so ingest never waits behind more than one batch. Runs only when retention is configured
/// (`observationRetentionDays` > 0); on PostgreSQL every process may run it (dropping a month twice does nothing).
public struct ObservationRetentionService: Service {
    let store: any ObservationRetentionStore
    let days: Int
    let interval: Duration
    let batchRows: Int
    let metrics: EcoMetrics
    let clock: WallClock
    let logger: Logger

    public init(store: any ObservationRetentionStore, days: Int, interval: Duration = .seconds(3600), batchRows: Int = 10_000,
                metrics: EcoMetrics, clock: WallClock, logger: Logger) {
        precondition(days > 0, "observation retention needs a positive number of days")
        self.store = store
        self.days = days
        self.interval = interval
        self.batchRows = batchRows
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        metrics.observationRetention(rows: 0, partitions: 0)
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await prune()
            } catch is CancellationError {
                return
            } catch {
                logger.error("observation retention failed", metadata: ["error": "\(error)"])
            }
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
        }
    }

    /// Removes every month that ended `days` or more ago, one bounded batch after another.
    func prune() async throws {
        let cutoffMs = clock.nowMs() - Int64(days) * 86_400_000
        var rows = 0
        var partitions: [String] = []
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let pruning = try await store.pruneObservations(monthsEndingBy: cutoffMs, maxRows: batchRows)
            metrics.observationRetention(rows: pruning.rows, partitions: pruning.partitions.count)
            rows += pruning.rows
            partitions += pruning.partitions
            if pruning.finished { break }
            await Task.yield()
        }
        if rows > 0 || !partitions.isEmpty {
            logger.info("old observations removed", metadata: ["rows": "\(rows)", "partitions": "\(partitions.joined(separator: ","))",
                                                               "retention.days": "\(days)"])
        }
    }
}
