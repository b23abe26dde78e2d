import Crypto
import EcoCore
import EcoObjectStorage
import EcoPipeline
@testable import EcoServer
import Foundation
import Logging
import Testing

/// Issue #18: entries with files through the real server — streamed multipart uploads, reads with
/// ETag and ranges, filters and formats, patches, deletion, and bad input that leaves nothing stored.
@Suite struct EntryEndpointTests {
    /// Bytes that start like a JPEG (SOI marker and a JFIF APP0 segment), then `count` more.
    static func jpeg(_ count: Int = 5_000, seed: UInt8 = 1) -> Data {
        Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) })
    }

    static let boundary = "ecotrack-test-7f3a"

    /// A multipart/form-data body: `parts` in order, each (name, file name, content type, bytes).
    static func multipart(_ parts: [(name: String, fileName: String?, contentType: String?, body: Data)], close: Bool = true) -> Data {
        var data = Data()
        for part in parts {
            data += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"".utf8)
            if let fileName = part.fileName { data += Data("; filename=\"\(fileName)\"".utf8) }
            data += Data("\r\n".utf8)
            if let type = part.contentType { data += Data("Content-Type: \(type)\r\n".utf8) }
            data += Data("\r\n".utf8) + part.body + Data("\r\n".utf8)
        }
        if close { data += Data("--\(boundary)--\r\n".utf8) }
        return data
    }

    static func upload(_ server: LiveServer, metadata: String, file: Data, contentType: String = "image/jpeg",
                       fileName: String = "reef.jpg") async throws -> LiveServer.Reply {
        let body = multipart([("metadata", nil, "application/json", Data(metadata.utf8)), ("file", fileName, contentType, file)])
        return try await server.request("POST", "/api/v1/entries", bytes: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Files in the object store (objects/ and incoming/).
    static func storedFiles(_ server: LiveServer) -> [String] {
        let enumerator = FileManager.default.enumerator(at: server.objectRoot, includingPropertiesForKeys: [.isRegularFileKey])
        return (enumerator?.allObjects as? [URL] ?? []).filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .map(\.lastPathComponent)
    }

    /// A sweeper over the server's object store and entries, with a one-hour grace period, as if run `hoursLater`.
    static func sweeper(_ server: LiveServer, hoursLater: Int64) throws -> ObjectSweeper {
        let later = Int64(Date().timeIntervalSince1970 * 1000) + hoursLater * 3_600_000
        let store = server.services.platform.store
        return ObjectSweeper(objects: try FileObjectStore(root: server.objectRoot), references: [{ try await store.entryReferences(sha256: $0) }],
                             grace: .seconds(3600), interval: .seconds(3600), metrics: EcoMetrics(), clock: WallClock { later },
                             logger: Logger(label: "test"))
    }

    static func listed(_ server: LiveServer, _ query: String = "") async throws -> [[String: Any]] {
        let reply = try await server.request("GET", "/api/v1/entries\(query)")
        #expect(reply.status == 200, "\(query): \(reply.text)")
        return try reply.json()["data"] as? [[String: Any]] ?? []
    }

    static let metadata = #"{"dataType": "image", "source": "buoy-17", "timestamp": "2026-05-01T09:30:00Z", "lat": 43.29, "lng": 5.37, "tags": ["Plastic Bottle", "reef"], "metadata": {"depth_m": 3}}"#

    @Test func anUploadIsStoredReadBackWithETagAndRangesAndAnsweredOnceForTheSameBytes() async throws {
        try await LiveServer.with { server in
            let file = Self.jpeg()
            let created = try await Self.upload(server, metadata: Self.metadata, file: file)
            #expect(created.status == 201, "\(created.text)")
            let entry = try created.json()
            let id = try #require(entry["id"] as? String)
            let sha = SHA256Hex.of(file)
            #expect((entry["file"] as? [String: Any])?["sha256"] as? String == sha)
            #expect((entry["file"] as? [String: Any])?["size"] as? Int == file.count)
            #expect(entry["tags"] as? [String] == ["plastic-bottle", "reef"])
            #expect(entry["h3Index"] as? String == Spatial.hex(Spatial.cell15(lat: 43.29, lng: 5.37)))
            #expect(created.headers["location"] == "/api/v1/entries/\(id)")

            let download = try await server.request("GET", "/api/v1/entries/\(id)/file")
            #expect(download.status == 200 && download.body == file)
            #expect(download.contentType == "image/jpeg")
            #expect(download.headers["etag"] == "\"\(sha)\"")
            #expect(download.headers["content-length"] == "\(file.count)")
            let unchanged = try await server.request("GET", "/api/v1/entries/\(id)/file", headers: ["If-None-Match": "\"\(sha)\""])
            #expect(unchanged.status == 304 && unchanged.body.isEmpty)
            let part = try await server.request("GET", "/api/v1/entries/\(id)/file", headers: ["Range": "bytes=2-9"])
            #expect(part.status == 206 && part.body == file[2...9])
            #expect(part.headers["content-range"] == "bytes 2-9/\(file.count)")
            let tail = try await server.request("GET", "/api/v1/entries/\(id)/file", headers: ["Range": "bytes=-4"])
            #expect(tail.status == 206 && tail.body == file.suffix(4))
            let outside = try await server.request("GET", "/api/v1/entries/\(id)/file", headers: ["Range": "bytes=\(file.count)-"])
            #expect(outside.status == 416 && outside.contentType.hasPrefix("application/problem+json"))
            #expect(outside.headers["content-range"] == "bytes */\(file.count)")

            // The same bytes from the same source: the stored entry, 200, nothing new.
            let again = try await Self.upload(server, metadata: Self.metadata, file: file)
            let againID = try again.json()["id"] as? String
            #expect(again.status == 200 && againID == id)
            #expect(Self.storedFiles(server).count == 1)
            #expect(try await Self.listed(server).count == 1)
            #expect(try await Self.listed(server, "?hash=\(sha)").count == 1)
            #expect(try await Self.listed(server, "?hash=\(String(repeating: "0", count: 64))").isEmpty)
        }
    }

    @Test func listingsFilterAndComeAsJSONGeoJSONAndCSV() async throws {
        try await LiveServer.with { server in
            let reef = try await Self.upload(server, metadata: Self.metadata, file: Self.jpeg(seed: 1))
            #expect(reef.status == 201)
            let sydney = #"{"dataType": "image", "source": "drone-2", "lat": -33.86, "lng": 151.2, "tags": ["algae"]}"#
            #expect(try await Self.upload(server, metadata: sydney, file: Self.jpeg(seed: 2)).status == 201)
            let note = try await server.request("POST", "/api/v1/entries", body: #"{"dataType": "sensor", "source": "buoy-17", "metadata": {"ph": 8.1}}"#,
                                                contentType: "application/json")
            #expect(note.status == 201, "\(note.text)")
            #expect(try await Self.listed(server).count == 3)
            #expect(try await Self.listed(server, "?tags=reef").count == 1)
            #expect(try await Self.listed(server, "?tags=reef,algae&match=any").count == 2)
            #expect(try await Self.listed(server, "?tags=no-such-tag").isEmpty)
            #expect(try await Self.listed(server, "?type=sensor").count == 1)
            #expect(try await Self.listed(server, "?source=drone-2").count == 1)
            #expect(try await Self.listed(server, "?bbox=5,43,6,44").count == 1)
            #expect(try await Self.listed(server, "?h3=\(Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: -33.86, lng: 151.2), resolution: 5)))").count == 1)
            #expect(try await Self.listed(server, "?start=2026-05-01T00:00:00Z&end=2026-05-02T00:00:00Z").count == 1)
            let page = try await server.request("GET", "/api/v1/entries?limit=2")
            let cursor = try #require((try page.json()["pagination"] as? [String: Any])?["nextCursor"] as? String)
            #expect(try await Self.listed(server, "?limit=2&cursor=\(cursor)").count == 1)

            let geo = try await server.request("GET", "/api/v1/entries?format=geojson")
            #expect(geo.contentType == "application/geo+json")
            let features = try geo.json()["features"] as? [[String: Any]] ?? []
            #expect(features.count == 3)
            #expect(features.contains { ($0["geometry"] as? [String: Any])?["coordinates"] as? [Double] == [151.2, -33.86] })
            let csv = try await server.request("GET", "/api/v1/entries", headers: ["Accept": "text/csv"])
            #expect(csv.contentType.hasPrefix("text/csv"))
            #expect(csv.text.split(separator: "\n").count == 4 && csv.text.hasPrefix("id,dataType,source"))
            let bad = try await server.request("GET", "/api/v1/entries?type=hologram")
            #expect(bad.status == 400 && bad.text.contains("image, video, sensor, document"))
        }
    }

    @Test func patchesChangeTagsAndMetadataAndTheSweeperCollectsTheLastReference() async throws {
        try await LiveServer.with { server in
            let file = Self.jpeg()
            let first = try await Self.upload(server, metadata: Self.metadata, file: file).json()["id"] as! String
            let other = #"{"dataType": "image", "source": "diver-3"}"#
            let second = try await Self.upload(server, metadata: other, file: file)
            #expect(second.status == 201, "another source's copy is its own entry")
            let secondID = try second.json()["id"] as! String

            let patched = try await server.request("PATCH", "/api/v1/entries/\(first)", body: """
                {"addTags": ["Bloom"], "removeTags": ["reef"], "metadata": {"depth_m": null, "crew": "north"}, "label": "plastic"}
                """, contentType: "application/json")
            #expect(patched.status == 200, "\(patched.text)")
            let entry = try patched.json()
            #expect(entry["tags"] as? [String] == ["bloom", "plastic-bottle"])
            #expect(entry["metadata"] as? [String: String] == ["crew": "north"])
            #expect(entry["label"] as? String == "plastic")
            #expect(try await Self.listed(server, "?label=plastic").count == 1)

            #expect(try await server.request("DELETE", "/api/v1/entries/\(first)").status == 204)
            #expect(Self.storedFiles(server).count == 1, "the other entry still references the file")
            let gone = try await server.request("GET", "/api/v1/entries/\(first)/file")
            #expect(gone.status == 404 && gone.text.contains("was deleted"))
            #expect(try await server.request("GET", "/api/v1/entries/\(secondID)/file").body == file)
            #expect(try await server.request("DELETE", "/api/v1/entries/\(secondID)").status == 204)
            #expect(Self.storedFiles(server).count == 1, "deletion leaves the object to the sweeper")
            let sweeper = try Self.sweeper(server, hoursLater: 0)
            #expect(try await sweeper.sweep() == .init(objects: 0, incoming: 0), "within the grace period the object stays")
            #expect(try await Self.sweeper(server, hoursLater: 2).sweep() == .init(objects: 1, incoming: 0))
            #expect(Self.storedFiles(server).isEmpty, "no entry references the file any more and the grace period has passed")
            let never = try await server.request("GET", "/api/v1/entries/no-such-id")
            #expect(never.status == 404 && !never.text.contains("deleted"))
            let jsonOnly = try await server.request("POST", "/api/v1/entries", body: #"{"dataType": "document", "source": "lab"}"#, contentType: "application/json")
            let noFile = try await server.request("GET", "/api/v1/entries/\(try jsonOnly.json()["id"] as! String)/file")
            #expect(noFile.status == 404 && noFile.text.contains("no file"))
        }
    }

    @Test func badUploadsAreRefusedClearlyAndStoreNothing() async throws {
        try await LiveServer.with(configure: { $0.maxEntryBytes = 64 * 1024 }) { server in
            func expectRefused(_ reply: LiveServer.Reply, _ status: Int, _ words: String, _ what: String) {
                #expect(reply.status == status, "\(what): \(reply.status) \(reply.text)")
                #expect(reply.contentType.hasPrefix("application/problem+json"), "\(what)")
                #expect(reply.text.contains(words), "\(what): \(reply.text)")
            }
            let png = try await Self.upload(server, metadata: Self.metadata, file: Self.jpeg(), contentType: "image/png")
            expectRefused(png, 415, "not those of image/png", "a JPEG declared as PNG")
            let pdf = try await Self.upload(server, metadata: Self.metadata, file: Data("%PDF-1.7 ...".utf8), contentType: "application/pdf")
            expectRefused(pdf, 415, "not accepted for image entries", "a content type the data type does not take")
            let big = try await Self.upload(server, metadata: Self.metadata, file: Self.jpeg(100_000))
            expectRefused(big, 413, "65536-byte limit", "a file over maxEntryBytes")
            let lat = try await Self.upload(server, metadata: #"{"dataType": "image", "source": "b", "lat": 95, "lng": 0}"#, file: Self.jpeg())
            expectRefused(lat, 422, "lat 95.0 must lie in -90", "a latitude out of range")
            let half = try await Self.upload(server, metadata: #"{"dataType": "image", "source": "b", "lat": 10}"#, file: Self.jpeg())
            expectRefused(half, 422, "lat and lng go together", "a latitude without a longitude")
            let type = "multipart/form-data; boundary=\(Self.boundary)"
            let unclosed = Self.multipart([("metadata", nil, "application/json", Data(Self.metadata.utf8)), ("file", "a.jpg", "image/jpeg", Self.jpeg())],
                                          close: false)
            let truncated = unclosed.prefix(unclosed.count - 2)
            expectRefused(try await server.request("POST", "/api/v1/entries", bytes: Data(truncated), contentType: type), 400, "malformed", "no closing boundary")
            let noFile = Self.multipart([("metadata", nil, "application/json", Data(Self.metadata.utf8))])
            expectRefused(try await server.request("POST", "/api/v1/entries", bytes: noFile, contentType: type), 400, "no 'file' part", "no file part")
            let fileFirst = Self.multipart([("file", "a.jpg", "image/jpeg", Self.jpeg()), ("metadata", nil, "application/json", Data(Self.metadata.utf8))])
            expectRefused(try await server.request("POST", "/api/v1/entries", bytes: fileFirst, contentType: type), 400, "must come before", "file before metadata")
            let noBoundary = try await server.request("POST", "/api/v1/entries", bytes: noFile, contentType: "multipart/form-data")
            expectRefused(noBoundary, 400, "no boundary", "no boundary parameter")
            let badJSON = Self.multipart([("metadata", nil, "application/json", Data("{not json".utf8)), ("file", "a.jpg", "image/jpeg", Self.jpeg())])
            expectRefused(try await server.request("POST", "/api/v1/entries", bytes: badJSON, contentType: type), 400, "metadata part", "metadata not JSON")
            let text = try await server.request("POST", "/api/v1/entries", body: "hello", contentType: "text/plain")
            expectRefused(text, 415, "multipart/form-data", "neither multipart nor JSON")

            #expect(Self.storedFiles(server).isEmpty, "no object, not even a partial upload, was left: \(Self.storedFiles(server))")
            #expect(try await Self.listed(server).isEmpty, "no entry was stored")
        }
    }

    @Test func aViewerReadsButCannotUpload() async throws {
        try await LiveServer.with { server in
            let viewer = try await server.services.access.accounts.createUser(email: "viewer-\(UUID().uuidString)@test.invalid", role: .viewer, tier: .free).key.key
            let refused = try await server.request("POST", "/api/v1/entries", body: #"{"dataType": "document", "source": "lab"}"#,
                                                   contentType: "application/json", as: .bearer(viewer))
            #expect(refused.status == 403)
            #expect(try await server.request("GET", "/api/v1/entries", as: .bearer(viewer)).status == 200)
        }
    }
}

/// The lowercase hex SHA-256 of test data.
enum SHA256Hex {
    static func of(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }
}
