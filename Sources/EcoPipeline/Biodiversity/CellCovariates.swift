import EcoCore
import EcoStore

/// One environmental feature of an H3 cell, computed from the stored observations of the series
/// inside it: the mean of a mean-aggregated variable (temperature, NDVI, elevation …) or the mean
/// daily total of a sum-aggregated one (precipitation).
public struct Covariate: Sendable, Equatable, Codable {
    /// How the cell's observations become one number.
    enum Statistic: String, Sendable, Codable {
        /// Mean of every observation in the window.
        case mean
        /// Mean over days of the day's total (per series, averaged over the cell's series).
        case dailyTotal = "daily_total"
    }

    var variable: String
    var statistic: Statistic

    /// The feature's column name in the model, e.g. `temperature_2m_mean`.
    var feature: String { "\(variable)_\(statistic.rawValue)" }

    init(variable: String, statistic: Statistic) {
        self.variable = variable
        self.statistic = statistic
    }

    /// The statistic a variable's aggregation calls for.
    init(_ variable: Variable) {
        self.init(variable: variable.name, statistic: variable.aggregation == .sum ? .dailyTotal : .mean)
    }
}

/// Covariates per cell at one resolution: a row of values (NaN where the cell has no series of
/// that variable) for every cell that has at least one covariate.
struct CovariateTable: Sendable {
    var resolution: Int
    var covariates: [Covariate]
    /// Cell → values in `covariates` order.
    var rows: [UInt64: [Double]]

    /// Cells in id order.
    var cells: [UInt64] { rows.keys.sorted() }

    /// Covariates with a value in at least one cell.
    var covariatesWithData: [Covariate] {
        covariates.indices.filter { j in rows.values.contains { !$0[j].isNaN } }.map { covariates[$0] }
    }

    /// The same cells with only `kept` columns (in `kept` order); cells left without any value are dropped.
    func selecting(_ kept: [Covariate]) -> CovariateTable {
        let positions = kept.map { covariate in covariates.firstIndex(of: covariate) }
        var selected: [UInt64: [Double]] = [:]
        for (cell, row) in rows {
            let values = positions.map { $0.map { row[$0] } ?? .nan }
            if values.contains(where: { !$0.isNaN }) { selected[cell] = values }
        }
        return CovariateTable(resolution: resolution, covariates: kept, rows: selected)
    }
}

/// Builds covariate tables from the observation store.
struct CovariateBuilder {
    let store: any ObservationStore
    let catalogue: VariableCatalogue

    /// The domains whose variables describe a species' environment, used when no list is given.
    static let environmentalDomains: Set<Domain> = [.climate, .biodiversity]

    /// The covariates for `names`, or by default every variable of the environmental domains
    /// (plus any variable called `elevation`).
    /// - Throws: `EcoError.badRequest` naming an unknown variable.
    func covariates(named names: [String]?) throws -> [Covariate] {
        guard let names else {
            return catalogue.all.filter { Self.environmentalDomains.contains($0.domain) || $0.name == "elevation" }.map(Covariate.init)
        }
        return try names.map { name in
            guard let variable = catalogue[name] else {
                throw EcoError.badRequest("covariates: unknown variable '\(name)'; GET /api/v1/variables lists them.")
            }
            return Covariate(variable)
        }
    }

    /// Each cell's value of each covariate over `window`. `scope` limits the series read
    /// (organizations, region); its variable is ignored.
    func table(_ covariates: [Covariate], resolution: Int, window: TimeWindow, scope: SeriesFilter = SeriesFilter()) async throws -> CovariateTable {
        var rows: [UInt64: [Double]] = [:]
        for (j, covariate) in covariates.enumerated() {
            var filter = scope
            filter.variable = covariate.variable
            let series = try await store.series(matching: filter)
            guard !series.isEmpty else { continue }
            var byCell: [UInt64: [Int64]] = [:]
            for item in series { byCell[Spatial.parent(of: item.key.cell, resolution: resolution), default: []].append(item.id) }
            let values: [UInt64: Double]
            switch covariate.statistic {
            case .mean: values = try await means(byCell, window: window)
            case .dailyTotal: values = try await dailyTotals(byCell, window: window)
            }
            for (cell, value) in values {
                rows[cell, default: [Double](repeating: .nan, count: covariates.count)][j] = value
            }
        }
        return CovariateTable(resolution: resolution, covariates: covariates, rows: rows)
    }

    private func means(_ byCell: [UInt64: [Int64]], window: TimeWindow) async throws -> [UInt64: Double] {
        let stats = try await store.aggregates(of: byCell.values.flatMap { $0 }, window: window)
        var values: [UInt64: Double] = [:]
        for (cell, ids) in byCell {
            var merged = RunningStats()
            for id in ids { if let item = stats[id] { merged.merge(item) } }
            if let mean = merged.mean { values[cell] = mean }
        }
        return values
    }

    /// Mean over days with data of the day's total, divided by the cell's series count so that
    /// a cell with two rain gauges does not look twice as wet.
    private func dailyTotals(_ byCell: [UInt64: [Int64]], window: TimeWindow) async throws -> [UInt64: Double] {
        var values: [UInt64: Double] = [:]
        for (cell, ids) in byCell {
            let days = try await store.buckets(of: ids, window: window, bucket: .day, rawValueLimit: 0).buckets
            guard !days.isEmpty else { continue }
            let total = days.reduce(0) { $0 + $1.stats.sum }
            values[cell] = total / Double(days.count) / Double(ids.count)
        }
        return values
    }
}
