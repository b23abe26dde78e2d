import EcoAnalytics
import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Air quality alerts, in the background: every `airQualityCheckSeconds`, the US EPA AQI of every
/// resolution-`airQualityResolution` cell with public pollutant data in the last 24 hours, computed as
/// `GET /api/v1/health/air-quality` does (standard averaging, the hours up to now). A cell whose category is
/// `airQualityAlertCategory` or worse holds one open alert (`aqi:<cell>`, type `air_quality`, domain `health`
/// as the catalogue files the pollutants); it escalates to critical at Very Unhealthy, and resolves once the
/// cell's category drops back below the threshold (or its data no longer defines an AQI).
public struct AirQualityWatchService: Service {
    static let keyPrefix = "aqi:"

    let observations: any ObservationStore
    let alerts: any AlertStore
    let book: AlertBook
    let service: AirQualityService
    let clock: WallClock
    let configuration: EcoConfiguration
    let logger: Logger

    public init(observations: any ObservationStore, alerts: any AlertStore, book: AlertBook, variables: VariableRegistry, clock: WallClock,
                configuration: EcoConfiguration, logger: Logger) {
        self.observations = observations
        self.alerts = alerts
        self.book = book
        service = AirQualityService(observations: observations, variables: variables)
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let interval = Duration.milliseconds(Int64(configuration.airQualityCheckSeconds * 1000))
        var open: Set<String>?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if open == nil { open = try await openKeys() }
                open = try await check(open: open ?? [])
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                logger.error("air quality check failed; retrying at the next interval", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// The keys of air quality alerts left open by an earlier process.
    private func openKeys() async throws -> Set<String> {
        let open = try await alerts.alerts(AlertFilter(statuses: [.pending, .firing, .acknowledged], limit: 100_000))
        return Set(open.map(\.dedupKey).filter { $0.hasPrefix(Self.keyPrefix) })
    }

    /// One round: raises (or keeps, or escalates) an alert for every cell at or above the threshold category and
    /// resolves the `open` keys of cells now below it; returns the keys now open.
    func check(open: Set<String>) async throws -> Set<String> {
        let now = clock.nowMs()
        let end = TimeBucket.hour.start(ofMs: now) + 3_600_000
        let scale = EPAAirQualityIndex()
        // Public data only: one organization's readings must not shape the alerts another sees.
        var filter = SeriesFilter()
        filter.organizations = [""]
        var series: [SeriesInfo] = []
        for pollutant in AirPollutant.allCases {
            filter.variable = pollutant.rawValue
            series += try await observations.series(matching: filter)
        }
        let places = try await service.places(series, scale: scale, averaging: .standard,
                                              grouping: .cell(resolution: configuration.airQualityResolution), endMs: end)
        var raised: Set<String> = []
        var actions: [AlertAction] = []
        var below: [String: String] = [:]
        for place in places {
            let key = Self.keyPrefix + place.h3Index
            guard let aqi = place.overall.aqi, AQICategory(aqi: aqi) >= configuration.airQualityAlertCategory else {
                below[key] = place.overall.aqi.map { "AQI \($0) (\(AQICategory(aqi: $0).name))" } ?? "no AQI from the current data"
                continue
            }
            raised.insert(key)
            actions.append(.raise(Self.signal(place, aqi: aqi, atMs: now), .firing))
        }
        for key in open.subtracting(raised).sorted() {
            let now = below[key] ?? "no pollutant data in the last 24 hours"
            actions.append(.resolve(dedupKey: key, atMs: clock.nowMs(), note: "air quality back below \(configuration.airQualityAlertCategory.name): \(now)"))
        }
        try await book.apply(actions)
        return raised
    }

    static func signal(_ place: AirQualityService.Place, aqi: Int, atMs: Int64) -> AlertSignal {
        let category = AQICategory(aqi: aqi)
        let cell = Spatial.cell(hex: place.h3Index)
        let center = cell.map(Spatial.center(of:))
        let dominant = place.overall.dominantPollutants.map(\.displayName).joined(separator: ", ")
        let readings = place.readings.filter { $0.reading.aqi == aqi }.map { item in
            "\(item.reading.pollutant.displayName) \(item.reading.averaging.rawValue) mean \(NumberText.short(item.reading.truncatedConcentration)) \(item.reading.unit)"
        }
        let metadata: [String: JSONValue] = [
            "aqi": .number(Double(aqi)), "category": .string(category.name), "color": .string(category.color),
            "dominantPollutants": .array(place.overall.dominantPollutants.map { .string($0.rawValue) }), "scale": .string("us-epa-2024"),
        ]
        return AlertSignal(
            dedupKey: keyPrefix + place.h3Index, alertType: "air_quality", domain: Domain.health.rawValue,
            severity: category >= .veryUnhealthy ? .critical : .warning,
            title: "Air quality \(category.name) in cell \(place.h3Index) (AQI \(aqi), \(dominant))",
            description: "The US EPA AQI of cell \(place.h3Index) is \(aqi), \(category.name), driven by \(readings.joined(separator: "; ")).",
            cell: cell, lat: center?.lat, lng: center?.lng, timeMs: atMs, metadata: metadata, organization: "")
    }
}
