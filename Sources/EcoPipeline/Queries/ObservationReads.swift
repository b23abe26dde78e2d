import EcoCore
import EcoStore

/// Raw observation reads (`GET /api/v1/observations` pages, `/observations/latest`, `ecotrack query`).
public struct ObservationReads: Sendable {
    let observations: any ObservationStore
    let variables: VariableRegistry
    /// Most rows a JSON page returns.
    let maxPageSize: Int
    /// Where store time is recorded (`store_operation_duration_seconds`).
    let metrics: EcoMetrics?

    public init(observations: any ObservationStore, variables: VariableRegistry, maxPageSize: Int, metrics: EcoMetrics? = nil) {
        self.observations = observations
        self.variables = variables
        self.maxPageSize = maxPageSize
        self.metrics = metrics
    }

    /// One keyset page of observations; shared by the route and `ecotrack query observations`.
    public func page(parameters: QueryParameters) async throws -> Page<ObservationDTO> {
        try await page(filter: try parameters.seriesFilter(catalogue: variables.catalogue), window: try parameters.window(),
                       after: try parameters.string("cursor").map(ObservationCursorCoding.decode), parameters: parameters)
    }

    /// One keyset page of the filter's observations (`limit`, `count=exact` from `parameters`).
    public func page(filter: SeriesFilter, window: TimeWindow, after cursor: ObservationCursor?,
                     parameters: QueryParameters) async throws -> Page<ObservationDTO> {
        let catalogue = variables.catalogue
        let limit = try parameters.int("limit", default: 1000, range: 1...maxPageSize)
        // One row more than asked tells whether another page exists, without counting.
        let rows = try await EcoMetrics.timingStore(metrics, "read_observations") {
            try await observations.observations(filter, window: window, after: cursor, limit: limit + 1)
        }
        let page = rows.prefix(limit)
        let next = rows.count > limit ? page.last.map { ObservationCursorCoding.encode(ObservationCursor(seriesID: $0.series.id, observedAtMs: $0.observedAtMs)) } : nil
        var total: Int?
        if parameters.string("count") == "exact" {
            let ids = try await observations.series(matching: filter).map(\.id)
            total = try await observations.aggregates(of: ids, window: window).values.reduce(0) { $0 + $1.count }
        }
        let data = page.map { ObservationDTO($0, unit: catalogue[$0.series.key.variable]?.unit ?? "") }
        return Page(data: data, pagination: Pagination(limit: limit, nextCursor: next, hasMore: next != nil, total: total))
    }

    public struct LatestCell: Encodable, Sendable {
        public var h3Index: String
        public var variable: String
        public var unit: String
        /// Value of the most recent observation among the cell's series.
        public var value: Double
        public var observedAt: String
        /// Series (stations) in the cell.
        public var stations: Int
        /// Mean of each series' latest value.
        public var meanOfLatest: Double
    }

    /// Latest value per cell; shared by the route and `ecotrack query latest`.
    public func latest(parameters: QueryParameters) async throws -> Page<LatestCell> {
        let catalogue = variables.catalogue
        let filter = try parameters.seriesFilter(catalogue: catalogue, requireVariable: true)
        let resolution = try parameters.resolution()
        let series = try await EcoMetrics.timingStore(metrics, "read_series") { try await observations.series(matching: filter) }
        var cells: [UInt64: (latest: SeriesInfo, count: Int, sum: Double)] = [:]
        for item in series {
            let cell = Spatial.parent(of: item.key.cell, resolution: resolution)
            if var entry = cells[cell] {
                if item.lastObservedAtMs > entry.latest.lastObservedAtMs { entry.latest = item }
                entry.count += 1
                entry.sum += item.lastValue
                cells[cell] = entry
            } else {
                cells[cell] = (item, 1, item.lastValue)
            }
        }
        let unit = filter.variable.flatMap { catalogue[$0]?.unit } ?? ""
        let data = cells.map { cell, entry in
            LatestCell(h3Index: Spatial.hex(cell), variable: entry.latest.key.variable, unit: unit, value: entry.latest.lastValue,
                       observedAt: Timestamp.format(ms: entry.latest.lastObservedAtMs), stations: entry.count,
                       meanOfLatest: entry.sum / Double(entry.count))
        }.sorted { $0.h3Index < $1.h3Index }
        return Page.whole(data, limit: try parameters.optionalLimit(maximum: maxPageSize))
    }
}
