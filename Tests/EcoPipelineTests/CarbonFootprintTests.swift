import EcoCarbon
import EcoCore
import EcoStoreSQLite
import Foundation
import Logging
import Synchronization
import Testing

@testable import EcoPipeline

/// EcoTrack's own compute: CPU time × watts per CPU × PUE × the region's grid intensity, as metrics and as
/// hourly `compute` activities of its own organization, idempotent per period.
struct CarbonFootprintTests {
    /// A clock and a CPU counter the test moves.
    final class Dials: Sendable {
        let nowMs = Mutex<Int64>(1_767_225_600_000 + 600_000)  // 2026-01-01T00:10:00Z
        let cpu = Mutex(0.0)
    }

    static func footprint(_ dials: Dials, region: String = "FR") async throws -> (CarbonFootprint, Platform) {
        var configuration = EcoConfiguration()
        configuration.footprint.region = region
        let clock = WallClock { dials.nowMs.withLock { $0 } }
        let platform = try await Platform(store: try SQLiteStore.temporary(), configuration: configuration, clock: clock)
        let footprint = CarbonFootprint(settings: configuration.footprint, carbon: platform.carbon, metrics: platform.metrics, clock: clock,
                                        cpuSeconds: { dials.cpu.withLock { $0 } }, instance: "test-host/1", logger: Logger(label: "test"))
        return (footprint, platform)
    }

    // 7,200 CPU-seconds = 2 CPU-hours × 2.12 W × PUE 1.135 = 4.8124 Wh; France's grid (Our World in Data,
    // 2023: 56.039 gCO2e/kWh) makes that 0.26968 g CO2e.
    @Test func estimateIsCPUTimeTimesPowerTimesPUETimesGridIntensity() async throws {
        let dials = Dials()
        let (footprint, platform) = try await Self.footprint(dials)
        dials.cpu.withLock { $0 = 7_200 }
        let estimate = try await footprint.sample()
        let kWh = 2 * ComputeActivity.defaultWattsPerCPU * ComputeActivity.defaultPUE / 1000
        #expect(isClose(kWh, 0.0048124, 1e-12))
        #expect(isClose(estimate.kWh, kWh, 1e-12))
        #expect(isClose(try #require(estimate.kgCO2e), kWh * 0.056039, 1e-9))
        let text = platform.metrics.exposition()
        #expect(isClose(Self.metric(text, "compute_cpu_seconds_total"), 7_200, 1e-12))
        #expect(isClose(Self.metric(text, "compute_energy_kwh_total"), kWh, 1e-12))
        #expect(isClose(Self.metric(text, "compute_emissions_kg_co2e_total{region=\"FR\"}"), kWh * 0.056039, 1e-9))
        // Counters grow by what was used since the last sample.
        dials.cpu.withLock { $0 = 10_800 }
        try await footprint.sample()
        #expect(isClose(Self.metric(platform.metrics.exposition(), "compute_cpu_seconds_total"), 10_800, 1e-12))
    }

    @Test func periodsAreRecordedAsComputeActivitiesOnceEach() async throws {
        let dials = Dials()
        let (footprint, platform) = try await Self.footprint(dials)
        dials.cpu.withLock { $0 = 360 }
        #expect(try await footprint.recordDue().isEmpty, "the hour has not ended yet")
        dials.nowMs.withLock { $0 += 3_600_000 }    // 01:10: the 00:00 hour ended
        dials.cpu.withLock { $0 = 1_800 }
        let written = try await footprint.recordDue()
        let activity = try #require(written.first)
        #expect(written.count == 1)
        #expect(activity.organization == "ecotrack")
        #expect(activity.clientId == "ecotrack-compute:test-host/1:2026-01-01T00:00:00Z")
        #expect(activity.timeMs == 1_767_225_600_000)
        guard case let .compute(compute) = activity.detail else { Issue.record("not a compute activity"); return }
        #expect(isClose(try #require(compute.cpuHours), 0.5, 1e-12))
        #expect(try await footprint.recordDue().isEmpty, "the 01:00 hour is still running")

        // Resending the same period (a retry after a failed write) replaces it instead of doubling it.
        let again = try await platform.carbon.ingest.ingest(activities: [activity], caller: .cli)
        #expect(again.replaced == 1 && again.inserted == 0)
        let stored = try await platform.carbon.ledger.load("ecotrack", fromMs: 1_767_225_600_000, toMs: 1_767_225_600_000 + 86_400_000)
        #expect(stored.table.count == 1)
        #expect(isClose(stored.result.locationKg[0], 0.5 * ComputeActivity.defaultWattsPerCPU * ComputeActivity.defaultPUE / 1000 * 0.056039, 1e-9))

        // On shutdown the running hour is recorded too, with the CPU time used since the last one.
        dials.cpu.withLock { $0 = 2_160 }
        let closing = try await footprint.recordDue(closing: true)
        #expect(closing.map(\.clientId) == ["ecotrack-compute:test-host/1:2026-01-01T01:00:00Z"])
        guard case let .compute(last)? = closing.first?.detail else { Issue.record("not a compute activity"); return }
        #expect(isClose(try #require(last.cpuHours), 0.1, 1e-12))
    }

    @Test func recordingCanBeTurnedOffWhileMetricsStay() async throws {
        let dials = Dials()
        var configuration = EcoConfiguration()
        configuration.footprint.recordSeconds = 0
        let platform = try await Platform(store: try SQLiteStore.temporary(), configuration: configuration, clock: WallClock { dials.nowMs.withLock { $0 } })
        let footprint = CarbonFootprint(settings: configuration.footprint, carbon: platform.carbon, metrics: platform.metrics,
                                        clock: WallClock { dials.nowMs.withLock { $0 } }, cpuSeconds: { 36 }, instance: "x", logger: Logger(label: "test"))
        dials.nowMs.withLock { $0 += 7_200_000 }
        #expect(try await footprint.recordDue(closing: true).isEmpty)
        #expect(try await footprint.sample().cpuSeconds == 36)
        #expect(try await platform.carbon.organizations().isEmpty)
    }

    @Test func configurationReadsTheFootprintKeys() throws {
        let configuration = try ConfigurationSources(file: ["footprintRegion": "US-CAMX", "footprintWattsPerCpu": "3.5", "footprintPue": "1.2",
                                                            "footprintRecordSeconds": "600", "footprintOrganization": "ops"]).resolve()
        #expect(configuration.footprint.region == "US-CAMX" && configuration.footprint.wattsPerCPU == 3.5 && configuration.footprint.pue == 1.2)
        #expect(configuration.footprint.recordSeconds == 600 && configuration.footprint.organization == "ops")
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(file: ["footprintPue": "0.5"]).resolve() }
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(file: ["footprintWattsPerCpu": "many"]).resolve() }
    }

    /// The value of the exposition line starting with `name `.
    static func metric(_ text: String, _ name: String) -> Double {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") } ?? .nan
    }

    func isClose(_ a: Double, _ b: Double, _ relative: Double) -> Bool { abs(a - b) <= relative * max(abs(b), 1e-300) }
}
