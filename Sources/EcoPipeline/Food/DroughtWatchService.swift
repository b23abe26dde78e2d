import EcoAnalytics
import EcoCore
import EcoStore
import Logging
import ServiceLifecycle

/// Drought alerts, in the background: every `droughtCheckSeconds`, the SPI at `droughtScale` months of every
/// resolution-`droughtResolution` cell with public precipitation series, computed as
/// `GET /api/v1/food/drought-index` does. A cell whose latest index (its most recent month with a value, no
/// more than 12 months before the current one) is in `droughtAlertCategory` or a drier WMO class holds one
/// open alert (`drought:<cell>`, type `drought`, domain `food`); it escalates to critical when extremely dry,
/// and resolves once the latest index is above the threshold, or the cell no longer yields a recent one.
public struct DroughtWatchService: Service {
    static let keyPrefix = "drought:"
    /// The WMO drought classes from the mildest, as thresholds: a value at or below one is in it or drier.
    static let thresholds: [DroughtCategory: Double] = [.moderatelyDry: -1, .severelyDry: -1.5, .extremelyDry: -2]
    /// How many months before the current one the latest index may be to count.
    static let recentMonths = 12

    let observations: any ObservationStore
    let service: DroughtIndexService
    let context: AlertWatchContext
    var configuration: EcoConfiguration { context.configuration }

    public init(observations: any ObservationStore, alerts: any AlertStore, book: AlertBook, variables: VariableRegistry, clock: WallClock,
                configuration: EcoConfiguration, logger: Logger) {
        self.observations = observations
        service = DroughtIndexService(observations: observations, variables: variables)
        context = AlertWatchContext(alerts: alerts, book: book, clock: clock, configuration: configuration, logger: logger)
    }

    public func run() async throws {
        await context.loop(keyPrefix: Self.keyPrefix, every: configuration.droughtCheckSeconds).run(check)
    }

    /// The latest index of a cell: its month and value.
    struct Latest: Equatable {
        var month: YearMonth
        var value: Double
    }

    /// One round: raises (or keeps, or escalates) an alert for every cell at or below the threshold and resolves
    /// the `open` keys of cells no longer there; returns the keys now open.
    func check(open: Set<String>) async throws -> Set<String> {
        let now = context.clock.nowMs()
        let today = CivilDate.date(fromDays: Int(now / 86_400_000))
        let current = YearMonth(year: today.year, month: today.month)
        let threshold = Self.thresholds[configuration.droughtAlertCategory] ?? -1.5
        // Public data only: one organization's readings must not shape the alerts another sees.
        var filter = SeriesFilter(variable: "precipitation")
        filter.organizations = [""]
        let cells = Set(try await observations.series(matching: filter).map { Spatial.parent(of: $0.key.cell, resolution: configuration.droughtResolution) })
        var raised: Set<String> = []
        var actions: [AlertAction] = []
        var above: [String: String] = [:]
        for cell in cells.sorted() {
            let key = Self.keyPrefix + Spatial.hex(cell)
            guard let latest = try await latest(cell: cell), current.ordinal - latest.month.ordinal <= Self.recentMonths else {
                above[key] = "no SPI-\(configuration.droughtScale) in the last \(Self.recentMonths) months"
                continue
            }
            guard latest.value <= threshold + 1e-12 else {
                above[key] = "SPI-\(configuration.droughtScale) \(NumberText.short(latest.value)) in \(latest.month) (\(DroughtCategory(value: latest.value).rawValue))"
                continue
            }
            raised.insert(key)
            actions.append(.raise(signal(cell: cell, latest, atMs: now), .firing))
        }
        for key in open.subtracting(raised).sorted() {
            let now = above[key] ?? "no public precipitation series in the cell"
            actions.append(.resolve(dedupKey: key, atMs: context.clock.nowMs(), note: "drought index back above \(configuration.droughtAlertCategory.rawValue): \(now)"))
        }
        try await context.book.apply(actions)
        return raised
    }

    /// The cell's most recent month with an SPI, or nil when its record gives none (too short, no complete month).
    func latest(cell: UInt64) async throws -> Latest? {
        let parameters = QueryParameters(["h3": Spatial.hex(cell), "index": "spi", "scale": "\(configuration.droughtScale)"], readableOrganizations: [""])
        let document: DroughtIndexDocument
        do {
            document = try await service.index(parameters)
        } catch let error as EcoError {
            context.logger.debug("no drought index for a cell", metadata: ["cell": "\(Spatial.hex(cell))", "reason": "\(error.message)"])
            return nil
        }
        guard let row = document.data.last(where: { $0.value != nil }), let value = row.value, let month = YearMonth(parsing: Substring(row.month)) else {
            return nil
        }
        return Latest(month: month, value: value)
    }

    func signal(cell: UInt64, _ latest: Latest, atMs: Int64) -> AlertSignal {
        let category = DroughtCategory(value: latest.value)
        let hex = Spatial.hex(cell)
        let center = Spatial.center(of: cell)
        let scale = configuration.droughtScale
        let metadata: [String: JSONValue] = [
            "index": .string("spi"), "scale": .number(Double(scale)), "value": .number(latest.value), "month": .string(latest.month.description),
            "category": .string(category.rawValue),
        ]
        return AlertSignal(
            dedupKey: Self.keyPrefix + hex, alertType: "drought", domain: Domain.food.rawValue,
            severity: category == .extremelyDry ? .critical : .warning,
            title: "Drought (\(category.rawValue)) in cell \(hex): SPI-\(scale) \(NumberText.short(latest.value)) in \(latest.month)",
            description: "The \(scale)-month Standardized Precipitation Index of cell \(hex) is \(NumberText.short(latest.value)) in \(latest.month), "
                + "\(category.rawValue) in the WMO classes (alert from \(configuration.droughtAlertCategory.rawValue)).",
            cell: cell, lat: center.lat, lng: center.lng, timeMs: atMs, metadata: metadata, organization: "")
    }
}
