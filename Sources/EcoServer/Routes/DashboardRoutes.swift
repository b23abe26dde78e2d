import EcoCore
import EcoPipeline
import Hummingbird

/// The web dashboard: a page and its static files, open to anyone (the data behind it is not:
/// the page calls the public API with the user's own credentials).
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | / | the dashboard page; revalidated on every load (`no-cache`) |
/// | GET | /assets/{name} | a script, style sheet or data file by content-hashed name; cached for a year (`immutable`) |
///
/// Both answer with gzip when the request accepts it (`Vary: Accept-Encoding`) and honour `If-None-Match`.
struct DashboardRoutes {
    let assets: DashboardAssets

    func register(on router: RouteRegistrar<Router<AppRequestContext>>) {
        let assets = assets
        router.get("/", .anonymous) { request, _ in
            Self.respond(with: assets.index, to: request, cacheControl: "no-cache")
        }
        router.get("/assets/:name", .anonymous) { request, context in
            guard let name = context.parameters.get("name"), let asset = assets.byName[name] else {
                throw Problem(.notFound, detail: "No dashboard file of that name; file names change with every release, so reload the page at /.")
            }
            return Self.respond(with: asset, to: request, cacheControl: "public, max-age=31536000, immutable")
        }
    }

    static func respond(with asset: StaticAsset, to request: Request, cacheControl: String) -> Response {
        var headers: HTTPFields = [.cacheControl: cacheControl, .eTag: asset.etag, .vary: "Accept-Encoding"]
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        if let gzipped = asset.gzipped, StaticAsset.acceptsGzip(request.headers[.acceptEncoding]) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzipped))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }
}
