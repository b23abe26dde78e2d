import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// Biodiversity: occurrence records and species distribution maps (issue #7).
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | POST | /api/v1/biodiversity/occurrences | write:data | import Darwin Core CSV/TSV; report accepted, duplicates and rejected rows |
/// | GET | /api/v1/biodiversity/species | read:public | species with record counts and their model name |
/// | GET | /api/v1/biodiversity/species/{id}/occurrences | read:public | a species' records as JSON or GeoJSON points |
/// | GET | /api/v1/biodiversity/species/{id}/distribution | read:public | predicted occurrence probability per H3 cell, JSON or GeoJSON hexagons |
struct BiodiversityRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/biodiversity/occurrences", .writeData, use: importOccurrences)
        group.get("/biodiversity/species", .readPublic, use: species)
        group.get("/biodiversity/species/:id/occurrences", .readPublic, use: occurrences)
        group.get("/biodiversity/species/:id/distribution", .readPublic, use: distribution)
    }

    /// Most rejected rows listed in a report; the count is always complete.
    static let reportedErrors = 100

    struct ImportReport: Encodable, Sendable {
        var accepted: Int
        var duplicates: Int
        var rejected: Int
        var species: [String]
        var errors: [RowError]
        var errorsTruncated: Bool
        struct RowError: Encodable, Sendable { var index: Int; var line: Int?; var field: String?; var reason: String }
    }

    @Sendable func importOccurrences(request: Request, context: AppRequestContext) async throws -> Response {
        // Past the route's limit (`BodyLimits`), `collect` stops and the registrar answers 413.
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let batch = body.withUnsafeReadableBytes { DarwinCoreOccurrences.parse($0) }
        if let headerError = batch.headerError { throw Problem.badRequest(headerError) }
        let errors = batch.errors.prefix(Self.reportedErrors).map { ImportReport.RowError(index: $0.index, line: $0.line, field: $0.field, reason: $0.reason) }
        guard !batch.occurrences.isEmpty else {
            if batch.errors.isEmpty { throw Problem.badRequest("The body has a header but no records; add one row per occurrence.") }
            throw Problem(.unprocessableContent, title: "Occurrences rejected",
                          detail: "All \(batch.errors.count) rows were rejected; nothing was stored. See errors for each row's line, field and reason.",
                          extensions: ["accepted": .number(0), "rejected": .number(Double(batch.errors.count)),
                                       "errors": (try? JSONValue(encodable: errors)) ?? .array([]),
                                       "errorsTruncated": .bool(batch.errors.count > errors.count)])
        }
        let summary = try await services.store.insertOccurrences(batch.occurrences)
        services.metrics.ingested(format: "darwin-core", accepted: summary.inserted, rejected: batch.errors.count)
        return try JSONResponse.make(ImportReport(
            accepted: summary.inserted, duplicates: summary.duplicates, rejected: batch.errors.count,
            species: Set(batch.occurrences.map(\.speciesId)).sorted(), errors: errors, errorsTruncated: batch.errors.count > errors.count))
    }

    struct SpeciesDTO: Encodable, Sendable {
        var id: String
        var scientificName: String
        var presences: Int
        var absences: Int
        var firstObservedAt: String
        var lastObservedAt: String
        /// The registry name its distribution model is trained under.
        var distributionModel: String

        init(_ summary: SpeciesSummary) {
            id = summary.id
            scientificName = summary.scientificName
            presences = summary.presences
            absences = summary.absences
            firstObservedAt = Timestamp.format(ms: summary.firstObservedAtMs)
            lastObservedAt = Timestamp.format(ms: summary.lastObservedAtMs)
            distributionModel = SpeciesDistribution.modelName(species: summary.id)
        }
    }

    @Sendable func species(request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request, context: context).string("q")?.lowercased()
        let data = try await services.store.species()
            .filter { query == nil || $0.id.contains(query!) || $0.scientificName.lowercased().contains(query!) }
            .map(SpeciesDTO.init)
        return try JSONResponse.make(Page.whole(data, limit: try QueryParameters(request, context: context).optionalLimit(maximum: services.configuration.maxPageSize)))
    }

    struct OccurrenceDTO: Encodable, Sendable {
        var occurrenceID: String?
        var scientificName: String
        var lat: Double
        var lng: Double
        var h3Index: String
        var eventDate: String
        var occurrenceStatus: String
        var basisOfRecord: String?
        var coordinateUncertaintyInMeters: Double?
        var individualCount: Int?

        init(_ record: Occurrence) {
            occurrenceID = record.occurrenceID
            scientificName = record.scientificName
            lat = record.lat
            lng = record.lng
            h3Index = Spatial.hex(record.cell15)
            eventDate = Timestamp.format(ms: record.observedAtMs)
            occurrenceStatus = record.present ? "present" : "absent"
            basisOfRecord = record.basisOfRecord
            coordinateUncertaintyInMeters = record.coordinateUncertaintyMeters
            individualCount = record.individualCount
        }
    }

    /// The species named by the path, or a 404 that says where the ids come from.
    private func knownSpecies(_ context: AppRequestContext) async throws -> String {
        let raw = context.parameters.get("id") ?? ""
        let id = raw.removingPercentEncoding ?? raw
        let slug = SpeciesName.slug(id) ?? id
        guard try await services.store.species().contains(where: { $0.id == slug }) else {
            throw Problem.notFound("No occurrences of species '\(id)'; GET /api/v1/biodiversity/species lists the species, POST /api/v1/biodiversity/occurrences imports Darwin Core records.")
        }
        return slug
    }

    @Sendable func occurrences(request: Request, context: AppRequestContext) async throws -> Response {
        let format = try OutputFormat.of(request, allowed: [.json, .geojson])
        let parameters = QueryParameters(request, context: context)
        let species = try await knownSpecies(context)
        let limit = try parameters.int("limit", default: 1000, range: 1...10_000)
        let records = try await services.store.occurrences(ofSpecies: species, window: parameters.window(), limit: limit + 1)
        let page = records.prefix(limit).map(OccurrenceDTO.init)
        if format == .geojson {
            let features = page.map { record in
                JSONValue.object([
                    "type": .string("Feature"),
                    "geometry": .object(["type": .string("Point"), "coordinates": .array([.number(record.lng), .number(record.lat)])]),
                    "properties": (try? JSONValue(encodable: record)) ?? .null,
                ])
            }
            return try JSONResponse.make(GeoJSON.featureCollection(features), contentType: format.contentType)
        }
        return try JSONResponse.make(Page(data: Array(page), pagination: Pagination(limit: limit, nextCursor: nil, hasMore: records.count > limit)))
    }

    @Sendable func distribution(request: Request, context: AppRequestContext) async throws -> Response {
        let format = try OutputFormat.of(request, allowed: [.json, .geojson])
        let parameters = QueryParameters(request, context: context)
        let species = try await knownSpecies(context)
        let (version, model, trained) = try await DistributionMap.model(species: species, reference: parameters.string("model"), registry: services.store, models: services.models)
        let resolution = try parameters.resolution(default: trained.resolution)
        let window: TimeWindow? = parameters.string("start") == nil && parameters.string("end") == nil ? nil : try parameters.window()
        var scope = SeriesFilter()
        if let cell = try parameters.cell("h3") { scope.cellRanges = [Spatial.range15(of: cell)] }
        if let box = try parameters.bbox() {
            scope.boundingBox = box
            if scope.cellRanges == nil { scope.cellRanges = Spatial.ranges(covering: box) }
        }
        // Row-level scope: covariates come only from series the caller may read.
        scope.organizations = parameters.readableOrganizations
        let started = ContinuousClock.now
        let map = try await DistributionMap.make(species: species, version: version, model: model, parameters: trained,
                                                 resolution: resolution, window: window, scope: scope, observations: services.store,
                                                 catalogue: services.catalogue)
        services.metrics.inference(model: version.name, rows: map.data.count, seconds: (ContinuousClock.now - started).seconds)
        if format == .geojson { return try JSONResponse.make(map.geoJSON, contentType: format.contentType) }
        return try JSONResponse.make(map)
    }
}
