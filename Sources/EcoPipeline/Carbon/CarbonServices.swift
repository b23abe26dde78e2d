import EcoCarbon
import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// The carbon services of one process (issue #14), over the ports they use; composed by ``Platform``.
public final class CarbonServices: Sendable {
    public typealias Stores = any CarbonStore & AlertStore & AuthStore

    let store: any CarbonStore
    public let factorSets: CarbonFactorSets
    public let settings: CarbonSettingsService
    public let ledger: CarbonLedger
    public let ingest: CarbonIngest
    public let imports: CarbonImports
    public let activities: CarbonActivityListing
    public let emissions: CarbonEmissions
    public let quality: CarbonQuality
    public let hotspots: CarbonHotspots
    public let simulation: CarbonSimulation
    public let recommendations: CarbonRecommendations
    public let reports: CarbonReports
    public let targets: CarbonTargets
    /// Plain-language explanations of recommendations from a configured chat endpoint (optional).
    public let explanations: CarbonExplanations
    /// Raises hotspot alerts after ingests; runs as a background service when detection is on.
    public let watch: CarbonHotspotWatch

    /// - Parameter holder: this process's name on the leases of the imports it runs (``Platform/instanceID``).
    public init(store: Stores, alerts: AlertBook, clock: WallClock, batchSize: Int, watchInterval: Duration, explanation: ExplanationSettings? = nil,
                logger: Logger, holder: String = "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)", metrics: EcoMetrics? = nil) {
        self.store = store
        factorSets = CarbonFactorSets(store: store, clock: clock)
        settings = CarbonSettingsService(store: store, factorSets: factorSets, clock: clock)
        ledger = CarbonLedger(store: store, factorSets: factorSets, settings: settings)
        hotspots = CarbonHotspots(ledger: ledger)
        recommendations = CarbonRecommendations(store: store, hotspots: hotspots, clock: clock)
        let watch = CarbonHotspotWatch(alerts: store, book: alerts, hotspots: hotspots, recommendations: recommendations,
                                       organizations: { try await store.carbonOrganizations() }, clock: clock, interval: watchInterval, logger: logger)
        self.watch = watch
        ingest = CarbonIngest(store: store, factorSets: factorSets, settings: settings, batchSize: batchSize) { watch.written($0) }
        imports = CarbonImports(store: store, ingest: ingest, clock: clock, logger: logger, holder: holder, metrics: metrics)
        activities = CarbonActivityListing(store: store, factorSets: factorSets, settings: settings)
        emissions = CarbonEmissions(ledger: ledger, store: store, clock: clock)
        quality = CarbonQuality(ledger: ledger, store: store, clock: clock)
        simulation = CarbonSimulation(ledger: ledger)
        reports = CarbonReports(ledger: ledger, factorSets: factorSets)
        targets = CarbonTargets(store: store, ledger: ledger, clock: clock)
        explanations = CarbonExplanations(store: store, settings: explanation, clock: clock)
    }

    /// The organizations with carbon activities.
    public func organizations() async throws -> [String] { try await store.carbonOrganizations() }
}
