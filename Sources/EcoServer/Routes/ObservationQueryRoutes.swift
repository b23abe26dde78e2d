import EcoCore
import EcoStore
import Hummingbird

/// Raw observation reads.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/observations | points by variable, h3 or bbox, time; keyset pages (JSON) or a full stream (NDJSON, CSV) |
/// | GET | /api/v1/observations/latest | latest value per cell at a resolution within a bbox |
struct ObservationQueryRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/observations", .readPublic, use: list)
        group.get("/observations/latest", .readPublic, use: latest)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request, context: context)
        let catalogue = services.catalogue
        let filter = try parameters.seriesFilter(catalogue: catalogue)
        let window = try parameters.window()
        let format = try OutputFormat.of(request, allowed: [.json, .ndjson, .csv])
        let cursor = try parameters.string("cursor").map(ObservationCursorCoding.decode)
        if format != .json {
            try context.require(.exportData, for: "Exporting observations as \(format.rawValue)")
            let limit = try parameters.int("limit", default: Int.max, range: 1...Int.max)
            return export(filter: filter, window: window, after: cursor, limit: limit, format: format, catalogue: catalogue)
        }
        return try JSONResponse.make(try await page(filter: filter, window: window, after: cursor, parameters: parameters, catalogue: catalogue))
    }

    /// One keyset page of observations; shared by the route and `ecotrack query observations`.
    func page(parameters: QueryParameters) async throws -> Page<ObservationDTO> {
        let catalogue = services.catalogue
        return try await page(filter: try parameters.seriesFilter(catalogue: catalogue), window: try parameters.window(),
                              after: try parameters.string("cursor").map(ObservationCursorCoding.decode), parameters: parameters, catalogue: catalogue)
    }

    private func page(filter: SeriesFilter, window: TimeWindow, after cursor: ObservationCursor?, parameters: QueryParameters,
                      catalogue: VariableCatalogue) async throws -> Page<ObservationDTO> {
        let limit = try parameters.int("limit", default: 1000, range: 1...services.configuration.maxPageSize)
        // One row more than asked tells whether another page exists, without counting.
        let rows = try await services.store.observations(filter, window: window, after: cursor, limit: limit + 1)
        let page = rows.prefix(limit)
        let next = rows.count > limit ? page.last.map { ObservationCursorCoding.encode(ObservationCursor(seriesID: $0.series.id, observedAtMs: $0.observedAtMs)) } : nil
        var total: Int?
        if parameters.string("count") == "exact" {
            let ids = try await services.store.series(matching: filter).map(\.id)
            total = try await services.store.aggregates(of: ids, window: window).values.reduce(0) { $0 + $1.count }
        }
        let data = page.map { ObservationDTO($0, unit: catalogue[$0.series.key.variable]?.unit ?? "") }
        return Page(data: data, pagination: Pagination(limit: limit, nextCursor: next, hasMore: next != nil, total: total))
    }

    /// Streams every matching row, paging through the store internally so memory stays flat.
    private func export(filter: SeriesFilter, window: TimeWindow, after start: ObservationCursor?, limit: Int,
                        format: OutputFormat, catalogue: VariableCatalogue) -> Response {
        let store = services.store
        let body = ResponseBody { writer in
            if format == .csv { try await writer.write(ByteBuffer(string: ObservationDTO.csvHeader)) }
            var cursor = start
            var remaining = limit
            while remaining > 0 {
                let rows = try await store.observations(filter, window: window, after: cursor, limit: min(remaining, 10_000))
                guard let last = rows.last else { break }
                var chunk = ""
                chunk.reserveCapacity(rows.count * 160)
                for row in rows {
                    let dto = ObservationDTO(row, unit: catalogue[row.series.key.variable]?.unit ?? "")
                    chunk += format == .csv ? dto.csvLine : dto.ndjsonLine
                }
                try await writer.write(ByteBuffer(string: chunk))
                remaining -= rows.count
                cursor = ObservationCursor(seriesID: last.series.id, observedAtMs: last.observedAtMs)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: format.contentType], body: body)
    }

    struct LatestCell: Encodable, Sendable {
        var h3Index: String
        var variable: String
        var unit: String
        /// Value of the most recent observation among the cell's series.
        var value: Double
        var observedAt: String
        /// Series (stations) in the cell.
        var stations: Int
        /// Mean of each series' latest value.
        var meanOfLatest: Double
    }

    @Sendable func latest(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await latest(parameters: QueryParameters(request, context: context)))
    }

    /// Latest value per cell; shared by the route and `ecotrack query latest`.
    func latest(parameters: QueryParameters) async throws -> Page<LatestCell> {
        let catalogue = services.catalogue
        let filter = try parameters.seriesFilter(catalogue: catalogue, requireVariable: true)
        let resolution = try parameters.resolution()
        let series = try await services.store.series(matching: filter)
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
        return Page(data: data, pagination: Pagination(limit: data.count, nextCursor: nil, hasMore: false))
    }
}
