import CompressNIO
import EcoPipeline
@testable import EcoServer
import EcoTestSupport
import Foundation
import NIOCore
import Testing

@Suite struct DashboardTests {
    private func client(_ server: LiveServer) -> LoopbackHTTPClient {
        LoopbackHTTPClient(port: server.baseURL.port!)
    }

    private func gunzip(_ bytes: [UInt8]) throws -> String {
        var buffer = ByteBuffer(bytes: bytes)
        let plain = try buffer.decompress(with: .gzip())
        return String(buffer: plain)
    }

    @Test func rootServesThePageRevalidatedAndGzipped() async throws {
        try await LiveServer.with { server in
            let page = try await client(server).send("GET", "/", headers: ["Accept-Encoding": "gzip, br"])
            #expect(page.status == 200)
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.headers["cache-control"] == "no-cache")
            #expect(page.headers["content-encoding"] == "gzip")
            #expect(page.headers["vary"] == "Accept-Encoding")
            let html = try gunzip(page.body)
            #expect(html.contains("<title>EcoTrack</title>"))
            // References are rewritten to hashed names: no relative reference is left.
            #expect(!html.contains("\"./"))
            #expect(html.contains(#"src="/assets/main."#))

            let again = try await client(server).send("GET", "/", headers: ["If-None-Match": page.headers["etag"] ?? "-"])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
        }
    }

    @Test func assetsHaveHashedNamesLongCacheAndGzipWhenAccepted() async throws {
        try await LiveServer.with { server in
            let html = try await client(server).send("GET", "/").body
            let page = String(decoding: html, as: UTF8.self)
            let match = try #require(page.firstMatch(of: /\/assets\/main\.[0-9a-f]{10}\.js/))
            let path = String(match.output)

            let plain = try await client(server).send("GET", path)
            #expect(plain.status == 200)
            #expect(plain.headers["content-type"] == "text/javascript; charset=utf-8")
            #expect(plain.headers["cache-control"] == "public, max-age=31536000, immutable")
            #expect(plain.headers["content-encoding"] == nil)
            let script = String(decoding: plain.body, as: UTF8.self)
            // Its imports point at hashed names too.
            #expect(script.firstMatch(of: /from '\/assets\/dom\.[0-9a-f]{10}\.js'/) != nil)
            #expect(script.firstMatch(of: /import\('\/assets\/page-overview\.[0-9a-f]{10}\.js'\)/) != nil)

            let zipped = try await client(server).send("GET", path, headers: ["Accept-Encoding": "deflate, gzip;q=0.8"])
            #expect(zipped.headers["content-encoding"] == "gzip")
            #expect(zipped.body.count < plain.body.count)
            #expect(try gunzip(zipped.body) == script)

            let refused = try await client(server).send("GET", path, headers: ["Accept-Encoding": "gzip;q=0"])
            #expect(refused.headers["content-encoding"] == nil)

            let unknown = try await client(server).send("GET", "/assets/main.0000000000.js")
            #expect(unknown.status == 404)
        }
    }

    @Test func aChangedModuleRenamesItselfAndItsImportersOnly() throws {
        let files: [String: [UInt8]] = [
            "index.html": Array(#"<script type="module" src="./main.js"></script>"#.utf8),
            "main.js": Array("import { a } from './a.js';".utf8),
            "a.js": Array("export const a = 1;".utf8),
            "b.js": Array("export const b = 2;".utf8),
        ]
        var changed = files
        changed["a.js"] = Array("export const a = 3;".utf8)
        let before = Set(try DashboardAssets(files: files).byName.keys)
        let after = Set(try DashboardAssets(files: changed).byName.keys)
        #expect(before.filter { $0.hasPrefix("b.") } == after.filter { $0.hasPrefix("b.") })
        #expect(before.filter { $0.hasPrefix("a.") } != after.filter { $0.hasPrefix("a.") })
        #expect(before.filter { $0.hasPrefix("main.") } != after.filter { $0.hasPrefix("main.") })
    }

    @Test func aReferenceToAMissingFileIsRefusedAtStart() {
        let files: [String: [UInt8]] = ["index.html": Array(#"<link href="./missing.css">"#.utf8)]
        #expect(throws: DashboardAssets.LoadError.self) { try DashboardAssets(files: files) }
    }

    @Test func withoutTilesTheBasemapSaysSoAndImagesComeFromTheServerOnly() async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("GET", "/api/v1/basemap", as: .none)
            #expect(reply.status == 200)
            #expect(reply.text == #"{"tiles":null}"#)
            #expect(reply.headers["content-security-policy"]?.contains("img-src 'self' data:;") == true, "\(reply.headers)")
        }
    }

    @Test func configuredTilesAreInTheBasemapAndTheirOriginAloneIsAllowedForImages() async throws {
        let tiles = try MapTileSettings(urlTemplate: "http://127.0.0.1:8099/tiles/{z}/{x}/{y}.png")
        try await LiveServer.with(configure: { $0.mapTiles = tiles; $0.mapTilesAttribution = "© Test tiles" }) { server in
            let reply = try await server.request("GET", "/api/v1/basemap", as: .none)
            let body = try JSONSerialization.jsonObject(with: reply.body) as? [String: [String: String]]
            #expect(body?["tiles"] == ["url": "http://127.0.0.1:8099/tiles/{z}/{x}/{y}.png", "attribution": "© Test tiles"])
            let page = try await server.request("GET", "/", as: .none)
            let policy = try #require(page.headers["content-security-policy"])
            #expect(policy.contains("img-src 'self' data: http://127.0.0.1:8099;"), "\(policy)")
            #expect(policy.contains("default-src 'self';"), "scripts, styles and connections stay on the server's own origin: \(policy)")
        }
        let unnamed = try MapTileSettings(urlTemplate: "https://tiles.example.org/{z}/{x}/{y}.png")
        try await LiveServer.with(configure: { $0.mapTiles = unnamed }) { server in
            let text = try await server.request("GET", "/api/v1/basemap", as: .none).text
            #expect(text.contains("Map tiles: tiles.example.org"), "without an attribution, the tile host is named: \(text)")
        }
    }

    @Test(arguments: [("gzip", true), ("br, gzip", true), ("gzip;q=0", false), ("identity", false), ("*", true), ("deflate, GZIP ; q=0.5", true)])
    func acceptEncoding(header: String, gzip: Bool) {
        #expect(StaticAsset.acceptsGzip(header) == gzip)
    }
}
