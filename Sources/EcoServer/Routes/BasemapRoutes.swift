import EcoPipeline
import Hummingbird

/// What a map client draws under its data: the server's configured raster tiles, if any (issue #16).
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/basemap | `{"tiles": {"url", "attribution"}}`, or `{"tiles": null}` when none are configured |
///
/// Open to anyone, like the dashboard page: the tile origin is in every response's Content-Security-Policy anyway.
struct BasemapRoutes {
    let configuration: EcoConfiguration

    struct Basemap: Encodable, Sendable {
        struct Tiles: Encodable, Sendable {
            /// URL template with `{z}`, `{x}` and `{y}` (Web Mercator tiles, 256 px).
            var url: String
            var attribution: String
        }
        var tiles: Tiles?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tiles, forKey: .tiles)  // null, not absent, when there are none
        }

        private enum CodingKeys: String, CodingKey { case tiles }
    }

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        let basemap = Basemap(tiles: configuration.mapTiles.map {
            Basemap.Tiles(url: $0.urlTemplate, attribution: configuration.mapTilesAttribution ?? "Map tiles: \($0.host)")
        })
        group.get("/basemap", .anonymous) { _, _ in try JSONResponse.make(basemap) }
    }
}
