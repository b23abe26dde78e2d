import EcoCarbon
import EcoCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// EcoTrack's own footprint: the process's CPU time as a `compute` activity (CPU-hours × watts per CPU
/// × PUE = kWh, × the grid intensity of the configured region = kg CO2e, accounted like any other
/// activity with the organization's factor set), exported as metrics and recorded, one activity per
/// period, under its own organization. A period's client id names this process and the period's start,
/// so resending it after a failed write replaces instead of doubling.
public final class CarbonFootprint: Service, Sendable {
    /// What the process has used since it started.
    public struct Estimate: Sendable, Equatable {
        public var cpuSeconds: Double
        public var kWh: Double
        /// Nil when the factor set has no factor for the region (the activity would be unaccounted).
        public var kgCO2e: Double?
    }

    private struct State {
        var periodStartMs: Int64
        var cpuAtPeriodStart: Double
        /// Periods whose write failed, retried first.
        var pending: [Activity] = []
        /// Totals already added to the metrics' counters.
        var reported = (cpu: 0.0, kWh: 0.0, kg: 0.0)
    }

    public let settings: OwnFootprintSettings
    private let carbon: CarbonServices
    private let metrics: EcoMetrics
    private let clock: WallClock
    private let cpuSeconds: @Sendable () -> Double
    private let instance: String
    private let logger: Logger
    private let state: Mutex<State>

    /// - Parameters:
    ///   - cpuSeconds: CPU time of the process so far (user + system); tests pass their own.
    ///   - instance: this process's name in client ids (host/pid/random).
    public init(settings: OwnFootprintSettings, carbon: CarbonServices, metrics: EcoMetrics, clock: WallClock,
                cpuSeconds: @escaping @Sendable () -> Double = CarbonFootprint.processCPUSeconds, instance: String, logger: Logger) {
        self.settings = settings
        self.carbon = carbon
        self.metrics = metrics
        self.clock = clock
        self.cpuSeconds = cpuSeconds
        self.instance = instance
        self.logger = logger
        let period = Int64(max(settings.recordSeconds, 1)) * 1000
        state = Mutex(State(periodStartMs: clock.nowMs() / period * period, cpuAtPeriodStart: 0))
    }

    /// User + system CPU time of this process, in seconds.
    public static func processCPUSeconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The compute activity of `cpuSeconds` at `timeMs`.
    func activity(cpuSeconds: Double, timeMs: Int64, clientId: String?) -> Activity {
        Activity(
            clientId: clientId, organization: settings.organization, facility: "ecotrack/\(ProcessInfo.processInfo.hostName)", timeMs: timeMs,
            region: settings.region,
            detail: .compute(ComputeActivity(cpuHours: cpuSeconds / 3600, wattsPerCPU: settings.wattsPerCPU, pue: settings.pue)))
    }

    /// The footprint so far, accounted with the organization's factor set; brings the metrics up to date.
    @discardableResult
    public func sample() async throws -> Estimate {
        let cpu = cpuSeconds()
        let activity = activity(cpuSeconds: cpu, timeMs: clock.nowMs(), clientId: nil)
        let chosen = try await carbon.settings.settings(settings.organization)
        let index = try await carbon.factorSets.index(setId: chosen.factorSetId, basis: chosen.gwpBasis)
        let result = Accountant(index: index).account(ActivityTable([activity]))
        let kg = result.locationKg[0]
        let estimate = Estimate(cpuSeconds: cpu, kWh: ComputeActivity(cpuHours: cpu / 3600, wattsPerCPU: settings.wattsPerCPU, pue: settings.pue).energyKWh ?? 0,
                                kgCO2e: kg.isNaN ? nil : kg)
        let increments = state.withLock { state -> (Double, Double, Double) in
            let new = (cpu: estimate.cpuSeconds, kWh: estimate.kWh, kg: estimate.kgCO2e ?? state.reported.kg)
            // Counters only grow: a factor set with a lower intensity chosen later adds nothing until the total passes the old one.
            let step = (max(0, new.cpu - state.reported.cpu), max(0, new.kWh - state.reported.kWh), max(0, new.kg - state.reported.kg))
            state.reported = (max(new.cpu, state.reported.cpu), max(new.kWh, state.reported.kWh), max(new.kg, state.reported.kg))
            return step
        }
        metrics.ownCompute(cpuSeconds: increments.0, kWh: increments.1, kgCO2e: increments.2, region: settings.region)
        return estimate
    }

    /// Records every period that ended by now (and, with `closing`, the current one) as a compute activity;
    /// returns the activities written. A failed write is kept and retried with the same client id.
    @discardableResult
    public func recordDue(closing: Bool = false) async throws -> [Activity] {
        guard settings.recordSeconds > 0 else { return [] }
        let period = Int64(settings.recordSeconds) * 1000
        let now = clock.nowMs()
        let cpu = cpuSeconds()
        let due = state.withLock { state -> [Activity] in
            guard closing || now >= state.periodStartMs + period else { return state.pending }
            let start = state.periodStartMs
            let used = max(0, cpu - state.cpuAtPeriodStart)
            state.pending.append(activity(cpuSeconds: used, timeMs: start, clientId: "ecotrack-compute:\(instance):\(Timestamp.format(ms: start))"))
            state.periodStartMs = max(start + period, now / period * period)
            state.cpuAtPeriodStart = cpu
            return state.pending
        }
        guard !due.isEmpty else { return [] }
        _ = try await carbon.ingest.ingest(activities: due, caller: CarbonCaller(actor: "ecotrack", organizations: nil))
        state.withLock { state in state.pending.removeAll { written in due.contains { $0.clientId == written.clientId } } }
        return due
    }

    /// Every 15 seconds (or each period, if shorter): metrics, then the periods that ended; on a graceful
    /// shutdown the current period too (a cancelled task writes nothing more).
    public func run() async throws {
        let tick = Duration.seconds(min(15, max(settings.recordSeconds, 1)))
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await step(closing: false)
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) } } catch { break }
        }
        if !Task.isCancelled { await step(closing: true) }
    }

    private func step(closing: Bool) async {
        do {
            try await sample()
            try await recordDue(closing: closing)
        } catch {
            logger.warning("own footprint: \(error)", metadata: ["organization": .string(settings.organization)])
        }
    }
}
