import EcoAnalytics
import EcoCarbon
import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Carbon hotspot alerts, in the background: after every ingest (and every `interval` for data written
/// by other processes) each organization's suppliers, facilities, lanes and cells are compared with
/// their own baseline over the last `days`. Each hotspot holds one open alert in the `carbon` domain
/// (`carbon-hotspot:<organization>:<entity>:<key>`), raised through the ``AlertBook`` and so pushed on
/// WebSocket, SSE and webhooks; it resolves once the entity is back near its baseline. Each round also
/// proposes recommendations from the hotspots found.
public final class CarbonHotspotWatch: Service, Sendable {
    static let keyPrefix = "carbon-hotspot:"
    /// Hotspots smaller than this share of the organization's recent total raise no alert (noise).
    static let minimumShare = 0.01

    let alerts: any AlertStore
    let book: AlertBook
    let hotspots: CarbonHotspots
    let recommendations: CarbonRecommendations
    let organizations: @Sendable () async throws -> [String]
    let clock: WallClock
    let interval: Duration
    let days: Int
    let logger: Logger
    private let wakeup = TrainingJobWakeup()
    private let pending = Mutex<Set<String>>([])

    init(alerts: any AlertStore, book: AlertBook, hotspots: CarbonHotspots, recommendations: CarbonRecommendations,
         organizations: @escaping @Sendable () async throws -> [String], clock: WallClock, interval: Duration, days: Int = 7, logger: Logger) {
        self.alerts = alerts
        self.book = book
        self.hotspots = hotspots
        self.recommendations = recommendations
        self.organizations = organizations
        self.clock = clock
        self.interval = interval
        self.days = days
        self.logger = logger
    }

    /// Asks for a check of these organizations soon (they got new activities).
    public func written(_ organizations: Set<String>) {
        pending.withLock { $0.formUnion(organizations) }
        wakeup.signal()
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            var lastFull = ContinuousClock.now - interval
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                var due = pending.withLock { names in defer { names.removeAll() }; return names }
                if ContinuousClock.now - lastFull >= interval {
                    lastFull = ContinuousClock.now
                    due.formUnion((try? await organizations()) ?? [])
                }
                for organization in due.sorted() where !Task.isCancelled {
                    do {
                        try await check(organization)
                    } catch {
                        logger.error("carbon hotspot check failed; retrying at the next round", metadata: ["organization": "\(organization)", "error": "\(error)"])
                    }
                }
                // A stream of ingests asks for a check after each body: one round per second at most.
                if !due.isEmpty { try? await Task.sleep(for: .seconds(1)) }
                await wakeup.wait(upTo: interval)
            }
        } onGracefulShutdown: {
            self.wakeup.signal()
        }
    }

    /// One round for one organization: recommendations, then an alert per hotspot and the resolution
    /// of hotspot alerts no longer hot. Returns the alerts that changed.
    @discardableResult
    public func check(_ organization: String) async throws -> [AlertRecord] {
        let now = clock.nowMs()
        let scan = try await hotspots.scan(organization, days: days, toMs: now)
        let recentTotal = Aggregator.aggregate(scan.period.table, scan.period.result, by: [.organization],
                                               filter: RowFilter(fromMs: scan.recentFromMs, toMs: scan.recentToMs, organization: organization))
            .first?.locationKg ?? 0
        let significant = scan.hotspots.filter { $0.excessKg >= Self.minimumShare * recentTotal }
        let proposed = try await recommendations.propose(scan)
        var hot: Set<String> = []
        var actions: [AlertAction] = []
        for spot in significant {
            let related = proposed.filter { $0.leverJSON.contains("\"supplier\":\(JSONString.quote(spot.key))") || $0.title.contains(spot.key) }
            let signal = Self.signal(spot, organization: organization, scan: scan, recommendations: related)
            hot.insert(signal.dedupKey)
            actions.append(.raise(signal, .firing))
        }
        let open = try await alerts.alerts(AlertFilter(domains: ["carbon"], statuses: [.pending, .firing, .acknowledged],
                                                       organizations: [organization], limit: 100_000))
        for key in Set(open.map(\.dedupKey)).filter({ $0.hasPrefix(Self.keyPrefix) }).subtracting(hot).sorted() {
            actions.append(.resolve(dedupKey: key, atMs: now, note: "back within 20 % of its baseline"))
        }
        return try await book.apply(actions)
    }

    static func signal(_ spot: Hotspot, organization: String, scan: CarbonHotspotScan, recommendations: [CarbonRecommendationRecord]) -> AlertSignal {
        let days = (scan.recentToMs - scan.recentFromMs) / 86_400_000
        let what = spot.entity == .cell ? "cell \(spot.key)" : "\(spot.entity.rawValue) \(spot.key)"
        var description = "\(what) emitted \(NumberText.short(spot.recentKg)) kg CO2e in the last \(days) days, "
            + "\(NumberText.short(spot.percentAbove)) % above its baseline of \(NumberText.short(spot.baselineKg)) kg "
            + "(median of the 4 windows before; +\(NumberText.short(spot.excessKg)) kg)"
        if let first = recommendations.first {
            description += ". Recommended: \(first.title) (GET /api/v1/carbon/recommendations)"
        }
        let cell = spot.cell
        let center = cell.map(Spatial.center(of:))
        let metadata: [String: JSONValue] = [
            "entity": .string(spot.entity.rawValue), "key": .string(spot.key), "recentKg": .number(spot.recentKg),
            "baselineKg": .number(spot.baselineKg), "excessKg": .number(spot.excessKg), "percentAbove": .number(spot.percentAbove),
            "robustZ": .number(spot.robustZ), "windowStart": .string(Timestamp.format(ms: scan.recentFromMs)),
            "recommendationIds": .array(recommendations.map { .string($0.id) }),
        ]
        return AlertSignal(
            dedupKey: "\(keyPrefix)\(organization):\(spot.entity.rawValue):\(spot.key)", alertType: "hotspot", domain: Domain.carbon.rawValue,
            severity: spot.percentAbove >= 100 ? .critical : .warning, title: "Carbon hotspot: \(what)", description: description,
            cell: cell, lat: center?.lat, lng: center?.lng, timeMs: scan.recentToMs - 1, metadata: metadata, organization: organization)
    }
}
