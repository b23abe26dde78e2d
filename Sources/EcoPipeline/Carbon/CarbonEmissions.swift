import EcoCarbon
import EcoCore
import EcoForecast
import EcoStore
import Foundation

/// kg CO2e of one group (a scope, a kind, a supplier …) in a window.
public struct CarbonGroupFigure: Encodable, Sendable, Equatable {
    public var label: String
    public var kg: Double
    public var marketKg: Double
    public var estimatedKg: Double
    public var activities: Int
    public var unaccounted: Int
    /// Bucket start (time series) or cell (maps), when the group has one.
    public var start: String?
    public var h3Index: String?

    init(_ total: GroupTotal, label: String? = nil) {
        self.label = label ?? total.labels.last ?? ""
        kg = total.locationKg
        marketKg = total.marketKg
        estimatedKg = total.estimatedKg
        activities = total.activities
        unaccounted = total.unaccounted
        start = total.periodStartMs.map { Timestamp.format(ms: $0) }
        h3Index = total.cell.map(Spatial.hex)
    }
}

/// Which factors the figures of an answer were computed with.
public struct CarbonBasis: Encodable, Sendable, Equatable {
    public var factorSetId: String
    public var factorSet: String
    public var version: String
    public var gwpBasis: String

    init(_ period: AccountedActivities, basis: GWPBasis? = nil) {
        factorSetId = period.settings.factorSetId
        factorSet = period.index.set.name
        version = period.index.set.version
        gwpBasis = (basis ?? period.index.basis).rawValue
    }
}

/// The emission pulse: kg CO2e per hour over the last hours, its breakdown, the change from the
/// window before, and how it compares with the pace the organization's target allows.
public struct EmissionPulse: Encodable, Sendable {
    public struct TargetPace: Encodable, Sendable {
        public var targetId: String
        public var name: String
        public var year: Int
        /// The pathway's allowance for the year, spread evenly over its hours.
        public var allowedKgPerHour: Double
        public var percentOfAllowance: Double?
        public var onPace: Bool
    }

    public var organization: String
    public var from: String
    public var to: String
    public var hours: Double
    public var kgPerHour: Double
    public var marketKgPerHour: Double
    public var totalKg: Double
    public var activities: Int
    public var unaccounted: Int
    public var previousKgPerHour: Double
    /// Change from the window before, percent (nil when that window had nothing).
    public var changePercent: Double?
    public var byScope: [CarbonGroupFigure]
    public var byKind: [CarbonGroupFigure]
    public var target: TargetPace?
    public var basis: CarbonBasis
}

/// Totals per bucket (and group), for charts.
public struct EmissionSeries: Encodable, Sendable {
    public var organization: String
    public var from: String
    public var to: String
    public var bucket: String
    public var groupBy: String?
    public var data: [CarbonGroupFigure]
    public var basis: CarbonBasis

    /// `start,group,kg,marketKg,estimatedKg,activities,unaccounted`.
    public var csv: String {
        var lines = ["start,group,kgCO2e,marketKgCO2e,estimatedKgCO2e,activities,unaccounted"]
        for row in data {
            lines.append([row.start ?? "", CSVField.escape(groupBy == nil ? "" : row.label), "\(row.kg)", "\(row.marketKg)", "\(row.estimatedKg)",
                          "\(row.activities)", "\(row.unaccounted)"].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Daily kg CO2e forecast with p10/p50/p90, from EcoForecast on the organization's daily totals.
public struct EmissionForecast: Encodable, Sendable {
    public struct Day: Encodable, Sendable {
        public var date: String
        public var kg: Double
        public var p10: Double
        public var p50: Double
        public var p90: Double
    }

    public var organization: String
    public var historyFrom: String
    public var historyTo: String
    public var history: [CarbonGroupFigure]
    public var forecast: [Day]
    public var model: String
    public var modelExplanation: String
    /// Rolling-origin mean absolute error of the chosen model, kg CO2e per day, when the history allowed one.
    public var backtestMAE: Double?
    public var basis: CarbonBasis
}

/// Emissions now, over time and next week.
public struct CarbonEmissions: Sendable {
    let ledger: CarbonLedger
    let store: any CarbonStore
    let clock: WallClock

    /// The pulse over the `hours` before `toMs` (default now).
    public func current(_ organization: String, hours: Int, toMs: Int64?) async throws -> EmissionPulse {
        guard (1...24 * 366).contains(hours) else { throw EcoError.badRequest("'hours' must be 1 … 8784, e.g. hours=24.") }
        let end = try CarbonWindow.checked(toMs, "to") ?? clock.nowMs()
        let length = Int64(hours) * 3_600_000
        let period = try await ledger.load(organization, fromMs: end - 2 * length, toMs: end)
        let recent = RowFilter(fromMs: end - length, toMs: end, organization: organization)
        let before = RowFilter(fromMs: end - 2 * length, toMs: end - length, organization: organization)
        let total = Aggregator.aggregate(period.table, period.result, by: [.organization], filter: recent).first
        let previous = Aggregator.aggregate(period.table, period.result, by: [.organization], filter: before).first?.locationKg ?? 0
        let kg = total?.locationKg ?? 0
        let perHour = kg / Double(hours)
        return EmissionPulse(
            organization: organization, from: Timestamp.format(ms: end - length), to: Timestamp.format(ms: end), hours: Double(hours),
            kgPerHour: perHour, marketKgPerHour: (total?.marketKg ?? 0) / Double(hours), totalKg: kg, activities: total?.activities ?? 0,
            unaccounted: total?.unaccounted ?? 0, previousKgPerHour: previous / Double(hours),
            changePercent: previous > 0 ? (kg - previous) / previous * 100 : nil,
            byScope: Aggregator.aggregate(period.table, period.result, by: [.scope], filter: recent).map { CarbonGroupFigure($0) },
            byKind: Aggregator.aggregate(period.table, period.result, by: [.kind], filter: recent).map { CarbonGroupFigure($0) },
            target: try await pace(organization, kgPerHour: perHour, atMs: end), basis: CarbonBasis(period))
    }

    /// How the pulse compares with the allowance of the organization's nearest target this year.
    private func pace(_ organization: String, kgPerHour: Double, atMs: Int64) async throws -> EmissionPulse.TargetPace? {
        let year = CivilDate.date(fromDays: Int(atMs / 86_400_000)).year
        guard let record = try await store.carbonTargets(organization: organization).first(where: { $0.targetYear >= year }),
              let target = try? CarbonTargets.target(record) else { return nil }
        let hoursInYear = Double(CivilDate.days(year: year + 1, month: 1, day: 1) - CivilDate.days(year: year, month: 1, day: 1)) * 24
        let allowed = target.pathwayKg(year: year) / hoursInYear
        return EmissionPulse.TargetPace(
            targetId: record.id, name: record.name, year: year, allowedKgPerHour: allowed,
            percentOfAllowance: allowed > 0 ? kgPerHour / allowed * 100 : nil, onPace: kgPerHour <= allowed)
    }

    /// Totals per `bucket` in the window, optionally per group.
    public func timeseries(_ organization: String, window: CarbonWindow, bucket: CarbonPeriod, groupBy: CarbonGrouping?,
                           basis: GWPBasis?) async throws -> EmissionSeries {
        let buckets = bucket.count(fromMs: window.fromMs, toMs: window.toMs)
        guard buckets <= 10_000 else {
            throw EcoError.badRequest("The window holds \(buckets) buckets of \(bucket.rawValue); use a coarser bucket (1d, 1w, 1M) or a shorter window.")
        }
        let period = try await ledger.load(organization, fromMs: window.fromMs, toMs: window.toMs, basis: basis)
        var dimensions: [GroupDimension] = [.period(bucket)]
        if let groupBy { dimensions.append(groupBy.dimension) }
        var rows = Aggregator.aggregate(period.table, period.result, by: dimensions, filter: period.filter)
            .map { CarbonGroupFigure($0) }
        if groupBy == .scopeOnly { rows = CarbonGrouping.mergeScopes(rows) }
        rows.sort { ($0.start ?? "", $0.label) < ($1.start ?? "", $1.label) }
        return EmissionSeries(organization: organization, from: Timestamp.format(ms: window.fromMs), to: Timestamp.format(ms: window.toMs),
                              bucket: bucket.rawValue, groupBy: groupBy?.rawValue, data: rows, basis: CarbonBasis(period, basis: basis))
    }

    /// The next `days` days from the daily totals of the `historyDays` complete days before today.
    public func forecast(_ organization: String, days: Int, historyDays: Int) async throws -> EmissionForecast {
        guard (1...31).contains(days) else { throw EcoError.badRequest("'days' must be 1 … 31, e.g. days=7.") }
        guard (14...730).contains(historyDays) else { throw EcoError.badRequest("'historyDays' must be 14 … 730, e.g. historyDays=56.") }
        let end = CarbonWindow.dayStart(clock.nowMs())
        let start = end - Int64(historyDays) * 86_400_000
        let period = try await ledger.load(organization, fromMs: start, toMs: end)
        let totals = Aggregator.aggregate(period.table, period.result, by: [.period(.day)], filter: period.filter)
        guard totals.count >= 7 else {
            throw EcoError.invalidArgument("\(organization) has activities on \(totals.count) of the last \(historyDays) days; a forecast needs at least 7 days with activity. Send more history or widen historyDays.")
        }
        var byDay = [Double](repeating: 0, count: historyDays)
        for total in totals { byDay[Int(((total.periodStartMs ?? start) - start) / 86_400_000)] = total.locationKg }
        let times = (0..<historyDays).map { start + Int64($0) * 86_400_000 }
        var options = ForecastOptions(horizon: days, levels: [80])
        options.validRange = 0...Double.infinity
        let result: Forecast
        do {
            result = try Forecaster.forecast(timestamps: times, values: byDay, options: options)
        } catch {
            throw EcoError.invalidArgument("The emission history could not be forecast: \(error).")
        }
        return EmissionForecast(
            organization: organization, historyFrom: Timestamp.format(ms: start), historyTo: Timestamp.format(ms: end),
            history: totals.sorted { ($0.periodStartMs ?? 0) < ($1.periodStartMs ?? 0) }.map { CarbonGroupFigure($0) },
            forecast: result.steps.map { .init(date: Timestamp.format(ms: $0.timeMs), kg: $0.mean, p10: $0.p10, p50: $0.p50, p90: $0.p90) },
            model: result.model.name, modelExplanation: result.model.selection.explanation, backtestMAE: result.backtest?.mae,
            basis: CarbonBasis(period))
    }
}

/// What totals can be grouped by in the API: `scope` (1, 2, 3), `category` (scopes with Scope 3 split
/// by category), `supplier`, `facility`, `kind`, `lane`, `cell`.
public enum CarbonGrouping: String, Sendable, CaseIterable {
    case scopeOnly = "scope", category, supplier, facility, kind, lane, cell

    /// The EcoCarbon dimension behind it (`scope` groups by category and is merged afterwards).
    func dimension(resolution: Int = 7) -> GroupDimension {
        switch self {
        case .scopeOnly, .category: .scope
        case .supplier: .supplier
        case .facility: .facility
        case .kind: .kind
        case .lane: .lane
        case .cell: .cell(resolution: resolution)
        }
    }

    var dimension: GroupDimension { dimension() }

    /// Rows of Scope 3 categories merged into one `Scope 3` row per bucket.
    static func mergeScopes(_ rows: [CarbonGroupFigure]) -> [CarbonGroupFigure] {
        var merged: [String: CarbonGroupFigure] = [:]
        var order: [String] = []
        for row in rows {
            var row = row
            row.label = scopeName(row.label)
            let key = "\(row.start ?? "")|\(row.label)"
            if var existing = merged[key] {
                existing.kg += row.kg
                existing.marketKg += row.marketKg
                existing.estimatedKg += row.estimatedKg
                existing.activities += row.activities
                existing.unaccounted += row.unaccounted
                merged[key] = existing
            } else {
                merged[key] = row
                order.append(key)
            }
        }
        return order.compactMap { merged[$0] }
    }

    /// `Scope 3 · 4 Upstream …` → `Scope 3`.
    static func scopeName(_ label: String) -> String {
        String(label.prefix(7))
    }
}
