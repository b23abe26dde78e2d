import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Background service that keeps watched forecasts current: every `interval`, forecasts that
/// someone requested in the last week and whose input data has changed are recomputed, so the
/// next request is answered from the store.
public struct ForecastRefreshService: Service {
    let forecasts: ForecastService
    let interval: Duration
    let clock: WallClock
    let logger: Logger

    public init(forecasts: ForecastService, interval: Duration, clock: WallClock, logger: Logger) {
        self.forecasts = forecasts
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                // Graceful shutdown (SIGTERM) ends the wait at once instead of after the interval.
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            let refreshed = await forecasts.refreshWatched(nowMs: clock.nowMs(), logger: logger)
            if refreshed > 0 { logger.info("forecasts refreshed", metadata: ["count": "\(refreshed)"]) }
        }
    }
}
