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
    let service: AirQualityService
    let context: AlertWatchContext
    var configuration: EcoConfiguration { context.configuration }

    public init(observations: any ObservationStore, alerts: any AlertStore, book: AlertBook, variables: VariableRegistry, clock: WallClock,
                configuration: EcoConfiguration, logger: Logger) {
        self.observations = observations
        service = AirQualityService(observations: observations, variables: variables)
        context = AlertWatchContext(alerts: alerts, book: book, clock: clock, configuration: configuration, logger: logger)
    }

    public func run() async throws {
        await context.loop(keyPrefix: Self.keyPrefix, every: configuration.airQualityCheckSeconds).run(check)
    }

    /// One round: raises (or keeps, or escalates) an alert for every cell at or above the threshold category and
    /// resolves the `open` keys of cells now below it; returns the keys now open.
    func check(open: Set<String>) async throws -> Set<String> {
        let now = context.clock.nowMs()
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
            guard let aqi = place.aqi, AQICategory(aqi: aqi) >= configuration.airQualityAlertCategory else {
                below[key] = place.aqi.map { "AQI \($0) (\(AQICategory(aqi: $0).name))" } ?? "no AQI from the current data"
                continue
            }
            raised.insert(key)
            actions.append(.raise(Self.signal(place, aqi: aqi, atMs: now), .firing))
        }
        for key in open.subtracting(raised).sorted() {
            let now = below[key] ?? "no pollutant data in the last 24 hours"
            actions.append(.resolve(dedupKey: key, atMs: context.clock.nowMs(), note: "air quality back below \(configuration.airQualityAlertCategory.name): \(now)"))
        }
        try await context.book.apply(actions)
        return raised
    }

    static func signal(_ place: AirQualityService.Place, aqi: Int, atMs: Int64) -> AlertSignal {
        let category = AQICategory(aqi: aqi)
        let cell = Spatial.cell(hex: place.h3Index)
        let center = cell.map(Spatial.center(of:))
        let dominant = place.dominantPollutants.map(\.displayName).joined(separator: ", ")
        let readings = place.readings.filter { $0.aqi == aqi }.map { item in
            "\(item.pollutant.displayName) \(item.averaging.rawValue) \(item.method ?? "mean") \(NumberText.short(item.truncatedConcentration)) \(item.unit)"
        }
        let metadata: [String: JSONValue] = [
            "aqi": .number(Double(aqi)), "category": .string(category.name), "color": .string(category.color),
            "dominantPollutants": .array(place.dominantPollutants.map { .string($0.rawValue) }), "scale": .string("us-epa-2024"),
        ]
        return AlertSignal(
            dedupKey: keyPrefix + place.h3Index, alertType: "air_quality", domain: Domain.health.rawValue,
            severity: category >= .veryUnhealthy ? .critical : .warning,
            title: "Air quality \(category.name) in cell \(place.h3Index) (AQI \(aqi), \(dominant))",
            description: "The US EPA AQI of cell \(place.h3Index) is \(aqi), \(category.name), driven by \(readings.joined(separator: "; ")).",
            cell: cell, lat: center?.lat, lng: center?.lng, timeMs: atMs, metadata: metadata, organization: "")
    }
}
