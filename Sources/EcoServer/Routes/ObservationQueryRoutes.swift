import EcoCore
import EcoPipeline
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
        return try JSONResponse.make(try await services.observationReads.page(filter: filter, window: window, after: cursor, parameters: parameters))
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

    @Sendable func latest(request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request, context: context)
        return try await services.readCache.respond(to: request, scope: parameters.readableOrganizations, version: services.store.dataVersion()) {
            try JSONResponse.answer(try await services.observationReads.latest(parameters: parameters))
        }
    }
}
