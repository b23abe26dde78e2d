import Testing

@testable import EcoPipeline

/// The dashboard's optional raster tiles (issue #16): the template is checked at start, and its origin is what
/// the Content-Security-Policy adds.
struct MapTileSettingsTests {
    @Test(arguments: [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("http://127.0.0.1:8099/tiles/{z}/{x}/{y}.png?key=abc", "http://127.0.0.1:8099"),
        ("HTTPS://Tiles.Example.ORG:8443/{z}/{y}/{x}", "https://tiles.example.org:8443"),
    ])
    func theOriginIsSchemeHostAndPort(template: String, origin: String) throws {
        let settings = try MapTileSettings(urlTemplate: template)
        #expect(settings.origin == origin)
        #expect(settings.urlTemplate == template)
    }

    @Test(arguments: [
        ("https://tile.example.org/{z}/{x}.png", "{z}, {x} and {y}"),
        ("ftp://tile.example.org/{z}/{x}/{y}.png", "http(s) URL"),
        ("/tiles/{z}/{x}/{y}.png", "http(s) URL"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "one host"),
        ("https://user:secret@tile.example.org/{z}/{x}/{y}.png", "user name or password"),
    ])
    func aBadTemplateIsRefusedSayingWhy(template: String, reason: String) {
        let error = #expect(throws: ConfigurationError.self) { try MapTileSettings(urlTemplate: template) }
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "no error")")
        #expect(error?.description.contains("e.g. https://") == true)
    }

    @Test func theFlagEnvironmentAndFileAllReachTheConfiguration() throws {
        let template = "https://tile.example.org/{z}/{x}/{y}.png"
        let byEnvironment = try ConfigurationSources(environment: ["ECOTRACK_MAP_TILES": template, "ECOTRACK_MAP_TILES_ATTRIBUTION": "© Example"]).resolve()
        #expect(byEnvironment.mapTiles?.origin == "https://tile.example.org")
        #expect(byEnvironment.mapTilesAttribution == "© Example")
        #expect(try ConfigurationSources().resolve().mapTiles == nil)
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(file: ["mapTiles": "https://tile.example.org/"]).resolve() }
    }
}
