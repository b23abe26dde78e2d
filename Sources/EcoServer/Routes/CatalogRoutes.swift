import EcoCore
import EcoPipeline
import Hummingbird

/// The data catalog as a STAC API 1.0.0 (docs/catalog.md): one collection per variable with data, one item
/// per series. Everything is a public read.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/catalog | landing page (STAC Catalog with `conformsTo`) |
/// | GET | /api/v1/catalog/conformance | conformance classes |
/// | GET | /api/v1/catalog/collections | collections |
/// | GET | /api/v1/catalog/collections/{collectionId} | one collection |
/// | GET | /api/v1/catalog/collections/{collectionId}/items | its items: `bbox`, `datetime`, `limit`, `token` |
/// | GET | /api/v1/catalog/collections/{collectionId}/items/{itemId} | one item |
/// | GET, POST | /api/v1/catalog/search | item search: `collections`, `ids`, `bbox`, `intersects`, `datetime`, `limit`, `token` |
///
/// The work is ``StacCatalog``'s; links are absolute, on the scheme and host of the request.
struct CatalogRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/catalog", .readPublic, use: landing)
        group.get("/catalog/conformance", .readPublic, use: conformance)
        group.get("/catalog/collections", .readPublic, use: collections)
        group.get("/catalog/collections/:collectionId", .readPublic, use: collection)
        group.get("/catalog/collections/:collectionId/items", .readPublic, use: items)
        group.get("/catalog/collections/:collectionId/items/:itemId", .readPublic, use: item)
        group.get("/catalog/search", .readPublic, use: searchGet)
        group.post("/catalog/search", .readPublic, use: searchPost)
    }

    static let forwardedProto = HTTPFields.Element.Name("X-Forwarded-Proto")!

    private var catalog: StacCatalog { StacCatalog(observations: services.store, variables: services.platform.variables) }

    /// `http://host:port` as the client addressed the server (`X-Forwarded-Proto` only behind a trusted proxy).
    private func base(_ request: Request) -> String {
        let forwarded = services.configuration.trustForwardedFor ? request.headers[Self.forwardedProto] : nil
        let host = request.head.authority ?? "\(services.configuration.host):\(services.configuration.port)"
        return "\(forwarded ?? "http")://\(host)"
    }

    private func query(_ request: Request) -> [String: String] {
        request.uri.queryParameters.reduce(into: [:]) { $0[String($1.key)] = String($1.value) }
    }

    private func scope(_ context: AppRequestContext) -> Set<String>? { context.auth.identity.readableOrganizations }

    @Sendable func landing(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await catalog.landing(base: base(request), scope: scope(context)))
    }

    @Sendable func conformance(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(catalog.conformanceDocument())
    }

    @Sendable func collections(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await catalog.collections(base: base(request), scope: scope(context)))
    }

    @Sendable func collection(request: Request, context: AppRequestContext) async throws -> Response {
        let id = context.parameters.get("collectionId") ?? ""
        return try JSONResponse.make(try await catalog.collection(id: id, base: base(request), scope: scope(context)))
    }

    @Sendable func items(request: Request, context: AppRequestContext) async throws -> Response {
        let id = context.parameters.get("collectionId") ?? ""
        let query = query(request)
        let page = try await catalog.items(collection: id, search: StacSearch(query: query), base: base(request), scope: scope(context),
                                           paging: .get(path: "/api/v1/catalog/collections/\(id)/items", query: query))
        return try JSONResponse.make(page, contentType: "application/geo+json")
    }

    @Sendable func item(request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await catalog.item(collection: context.parameters.get("collectionId") ?? "", item: context.parameters.get("itemId") ?? "",
                                           base: base(request), scope: scope(context))
        return try JSONResponse.make(found, contentType: "application/geo+json")
    }

    @Sendable func searchGet(request: Request, context: AppRequestContext) async throws -> Response {
        let query = query(request)
        let page = try await catalog.search(StacSearch(query: query), base: base(request), scope: scope(context),
                                            paging: .get(path: "/api/v1/catalog/search", query: query))
        return try JSONResponse.make(page, contentType: "application/geo+json")
    }

    @Sendable func searchPost(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decode(as: JSONValue.self, context: context)
        let page = try await catalog.search(StacSearch(body: body), base: base(request), scope: scope(context),
                                            paging: .post(path: "/api/v1/catalog/search"))
        return try JSONResponse.make(page, contentType: "application/geo+json")
    }
}
