import EcoAnalytics
import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Hotspot alerts, in the background: every `hotspotCheckSeconds`, for each variable with public data
/// in the last `hotspotWindowMinutes`, the Getis-Ord Gi* statistic of the resolution-`hotspotResolution`
/// cells over `hotspotRings`-ring neighbourhoods (the computation of `GET /api/v1/hotspots`). Each cell
/// that is a hot spot at 99 % confidence holds one open `hotspot` alert (`hotspot:<variable>:<cell>`),
/// which resolves once the cell no longer is one.
public struct HotspotWatchService: Service {
    static let keyPrefix = "hotspot:"
    /// Gi* compares a neighbourhood with the whole map: with fewer cells than this it says nothing useful.
    static let minimumCells = 10

    let alerts: any AlertStore
    let book: AlertBook
    let cells: CellAggregation
    let variables: VariableRegistry
    let clock: WallClock
    let configuration: EcoConfiguration
    let logger: Logger

    public init(alerts: any AlertStore, book: AlertBook, cells: CellAggregation, variables: VariableRegistry, clock: WallClock,
                configuration: EcoConfiguration, logger: Logger) {
        self.alerts = alerts
        self.book = book
        self.cells = cells
        self.variables = variables
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let interval = Duration.milliseconds(Int64(configuration.hotspotCheckSeconds * 1000))
        await AlertWatchLoop(keyPrefix: Self.keyPrefix, alerts: alerts, interval: interval, logger: logger).run(check)
    }

    /// One round: raises (or keeps) an alert for every hot cell and resolves the `open` keys that are
    /// no longer hot; returns the keys now open.
    func check(open: Set<String>) async throws -> Set<String> {
        let now = clock.nowMs()
        let window = TimeWindow(startMs: now - Int64(configuration.hotspotWindowMinutes) * 60_000, endMs: now + 1)
        // Public data only: one organization's readings must not shape the alerts another sees.
        var publicSeries = SeriesFilter()
        publicSeries.organizations = [""]
        let recent = try await cells.observations.series(matching: publicSeries).filter { $0.lastObservedAtMs >= window.startMs }
        var hot: Set<String> = []
        var actions: [AlertAction] = []
        for name in Set(recent.map(\.key.variable)).sorted() {
            guard let variable = variables.catalogue[name] else { continue }
            var filter = publicSeries
            filter.variable = name
            let aggregates = try await cells.cells(matching: filter, resolution: configuration.hotspotResolution, window: window)
                .filter { $0.count > 0 }
            guard aggregates.count >= Self.minimumCells else { continue }
            for spot in HotspotAnalysis.hotspots(aggregates, variable: variable, k: configuration.hotspotRings)
            where spot.classification == HotspotClass.hot99.rawValue {
                let signal = Self.signal(spot, variable: variable, window: window, rings: configuration.hotspotRings)
                hot.insert(signal.dedupKey)
                actions.append(.raise(signal, .firing))
            }
        }
        for key in open.subtracting(hot).sorted() {
            actions.append(.resolve(dedupKey: key, atMs: now, note: "no longer a hot spot at 99 % confidence"))
        }
        try await book.apply(actions)
        return hot
    }

    static func signal(_ spot: HotspotAnalysis.Hotspot, variable: Variable, window: TimeWindow, rings: Int) -> AlertSignal {
        let cell = Spatial.cell(hex: spot.h3Index)
        let center = cell.map(Spatial.center(of:))
        let minutes = (window.endMs - 1 - window.startMs) / 60_000
        let value = NumberText.short(spot.value)
        let description = "\(variable.name) is \(value) \(variable.unit) in cell \(spot.h3Index) over the last \(minutes) min, "
            + "significantly higher together with its \(rings)-ring neighbours than across the map "
            + "(Gi* z = \(NumberText.short(spot.zScore)), p = \(String(format: "%.2g", spot.pValue)))"
        let metadata: [String: JSONValue] = [
            "variable": .string(variable.name), "value": .number(spot.value), "zScore": .number(spot.zScore),
            "pValue": .number(spot.pValue), "classification": .string(spot.classification), "rings": .number(Double(rings)),
            "windowStart": .string(Timestamp.format(ms: window.startMs)),
        ]
        return AlertSignal(dedupKey: "\(keyPrefix)\(variable.name):\(spot.h3Index)", alertType: "hotspot", domain: variable.domain.rawValue,
                           severity: .warning, title: "Hot spot of \(variable.name) around \(spot.h3Index)", description: description,
                           cell: cell, lat: center?.lat, lng: center?.lng, timeMs: window.endMs - 1, metadata: metadata, organization: "")
    }
}
