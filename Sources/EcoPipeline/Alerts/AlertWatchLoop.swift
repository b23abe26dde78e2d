import EcoCore
import EcoStore
import Logging
import ServiceLifecycle

/// What a periodic alert watcher (air quality, drought) shares besides its own computation: where alerts are
/// kept and applied, the clock, the configuration and the logger.
struct AlertWatchContext: Sendable {
    let alerts: any AlertStore
    let book: AlertBook
    let clock: WallClock
    let configuration: EcoConfiguration
    let logger: Logger

    /// The loop running a watcher's check every `seconds`.
    func loop(keyPrefix: String, every seconds: Double) -> AlertWatchLoop {
        AlertWatchLoop(keyPrefix: keyPrefix, alerts: alerts, interval: .milliseconds(Int64(seconds * 1000)), logger: logger)
    }
}

/// The loop of a periodic alert watcher (hotspots, air quality): every `interval`, one check that raises
/// the alerts of its conditions and resolves the open keys no longer met, until shutdown. A failed check
/// is logged and retried at the next interval.
struct AlertWatchLoop: Sendable {
    /// The dedup-key prefix of the watcher's alerts (`hotspot:`, `aqi:`).
    let keyPrefix: String
    let alerts: any AlertStore
    let interval: Duration
    let logger: Logger

    /// Runs `check` with the keys open before it (read from the store the first time, after a restart) and
    /// keeps the keys it returns as open.
    func run(_ check: (Set<String>) async throws -> Set<String>) async {
        var open: Set<String>?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if open == nil { open = try await openKeys() }
                open = try await check(open ?? [])
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                logger.error("alert watch check failed; retrying at the next interval", metadata: ["watch": "\(keyPrefix)", "error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// The keys of this watcher's alerts left open by an earlier process.
    private func openKeys() async throws -> Set<String> {
        let open = try await alerts.alerts(AlertFilter(statuses: [.pending, .firing, .acknowledged], limit: 100_000))
        return Set(open.map(\.dedupKey).filter { $0.hasPrefix(keyPrefix) })
    }
}
