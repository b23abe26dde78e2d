import EcoCore
import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// Issue #18: labelled datasets made from tagged entries through the real server — versions, manifests in JSON and
/// CSV whose hashes are the uploaded files', splits that a seed reproduces and new entries do not reshuffle, and
/// refusals that store nothing.
@Suite struct DatasetEndpointTests {
    /// Uploads an image entry tagged `reef` and `class:LABEL` (no class tag when nil); answers its id and file hash.
    static func upload(_ server: LiveServer, index: Int, label: String?) async throws -> (id: String, sha256: String) {
        let file = EntryEndpointTests.jpeg(200 + index, seed: UInt8(index % 250))
        let tags = ["reef"] + (label.map { ["class:\($0)"] } ?? [])
        let metadata = #"{"dataType": "image", "source": "buoy-\#(index)", "tags": [\#(tags.map { "\"\($0)\"" }.joined(separator: ", "))]}"#
        let reply = try await EntryEndpointTests.upload(server, metadata: metadata, file: file)
        #expect(reply.status == 201, "\(reply.text)")
        return (try #require(try reply.json()["id"] as? String), SHA256Hex.of(file))
    }

    static func create(_ server: LiveServer, _ body: String) async throws -> LiveServer.Reply {
        try await server.request("POST", "/api/v1/datasets", body: body, contentType: "application/json")
    }

    /// CSV manifest rows as entry id → fields.
    static func manifest(_ server: LiveServer, _ name: String, _ version: Int) async throws -> (header: String, rows: [String: [String]]) {
        let reply = try await server.request("GET", "/api/v1/datasets/\(name)/versions/\(version)/manifest?format=csv")
        #expect(reply.status == 200 && reply.contentType.hasPrefix("text/csv"), "\(reply.text)")
        let lines = reply.text.split(separator: "\n").map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines.first ?? "", Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0) }))
    }

    static let request = #"{"name": "reef-debris", "query": {"tags": "reef"}, "labelSource": "tag:class:", "split": {"train": 0.5, "validation": 0.25, "test": 0.25}, "seed": 7}"#

    @Test func aDatasetFromTaggedEntriesHasAManifestWithHashesAndASplitTheSeedReproduces() async throws {
        try await LiveServer.with { server in
            var files: [String: (sha256: String, label: String)] = [:]
            for index in 0..<12 {
                let label = index % 3 == 0 ? "algae" : "plastic"
                let (id, sha) = try await Self.upload(server, index: index, label: label)
                files[id] = (sha, label)
            }
            _ = try await Self.upload(server, index: 50, label: nil)
            let note = try await server.request("POST", "/api/v1/entries", body: #"{"dataType": "sensor", "source": "buoy-1", "tags": ["reef"]}"#,
                                                contentType: "application/json")
            #expect(note.status == 201)
            _ = try await Self.upload(server, index: 60, label: "plastic") // tagged reef too: every reef entry is matched
            let created = try await Self.create(server, Self.request)
            #expect(created.status == 201, "\(created.text)")
            let version = try created.json()
            #expect(version["version"] as? Int == 1)
            #expect(version["matched"] as? Int == 15)
            #expect((version["skipped"] as? [String: Any])?["withoutFile"] as? Int == 1)
            #expect((version["skipped"] as? [String: Any])?["unlabelled"] as? Int == 1)
            #expect(version["members"] as? Int == 13)
            #expect(version["classes"] as? [String] == ["algae", "plastic"])
            #expect(created.headers["location"] == "/api/v1/datasets/reef-debris/versions/1/manifest")

            let (header, rows) = try await Self.manifest(server, "reef-debris", 1)
            #expect(header == "entry_id,sha256,size,content_type,label,split")
            #expect(rows.count == 13)
            let fractions = try SplitFractions(train: 0.5, validation: 0.25, test: 0.25)
            for (id, file) in files {
                let row = try #require(rows[id], "entry \(id) is in the manifest")
                #expect(row[1] == file.sha256 && row[3] == "image/jpeg" && row[4] == file.label)
                #expect(row[5] == DatasetSplitter.split(entryID: id, seed: 7, fractions: fractions).rawValue)
            }
            #expect(Set(rows.values.map { $0[5] }).count > 1, "13 entries do not all land in one split")

            // JSON has the same members.
            let json = try await server.request("GET", "/api/v1/datasets/reef-debris/versions/1/manifest")
            let entries = try json.json()["entries"] as? [[String: Any]] ?? []
            #expect(Set(entries.compactMap { $0["entryId"] as? String }) == Set(rows.keys))
            #expect(entries.allSatisfy { rows[$0["entryId"] as? String ?? ""]?[5] == $0["split"] as? String })

            // More entries and the same request: version 2, and no old entry changes split.
            for index in 100..<104 { _ = try await Self.upload(server, index: index, label: "algae") }
            let second = try await Self.create(server, Self.request)
            let secondVersion = try second.json()["version"] as? Int
            #expect(second.status == 201 && secondVersion == 2, "\(second.text)")
            let (_, rows2) = try await Self.manifest(server, "reef-debris", 2)
            #expect(rows2.count == 17)
            for (id, row) in rows { #expect(rows2[id]?[5] == row[5], "entry \(id) kept its split") }
            // Version 1 is unchanged.
            #expect(try await Self.manifest(server, "reef-debris", 1).rows == rows)

            let list = try await server.request("GET", "/api/v1/datasets")
            let data = try list.json()["data"] as? [[String: Any]] ?? []
            #expect(data.count == 1 && data.first?["versions"] as? Int == 2)
            let versions = try await server.request("GET", "/api/v1/datasets/reef-debris")
            #expect((try versions.json()["versions"] as? [[String: Any]])?.compactMap { $0["version"] as? Int } == [1, 2])

            // Another seed gives another split of the same entries.
            let reseeded = try await Self.create(server, Self.request.replacingOccurrences(of: "\"seed\": 7", with: "\"seed\": 8")
                .replacingOccurrences(of: "reef-debris", with: "reef-debris-8"))
            #expect(reseeded.status == 201)
            let (_, rows8) = try await Self.manifest(server, "reef-debris-8", 1)
            #expect(rows8.keys.sorted() == rows2.keys.sorted())
            #expect(rows8.contains { $0.value[5] != rows2[$0.key]?[5] }, "seed 8 splits differently from seed 7")
        }
    }

    @Test func refusalsSayWhatIsWrongAndStoreNothing() async throws {
        try await LiveServer.with { server in
            _ = try await Self.upload(server, index: 1, label: "plastic")
            _ = try await Self.upload(server, index: 2, label: nil)
            let cases: [(body: String, status: Int, says: String)] = [
                (#"{"name": "d", "query": {"tags": "no-such-tag"}}"#, 422, "matched no entries"),
                (#"{"name": "d", "query": {"tags": "reef"}, "labelSource": "tag:kind:"}"#, 422, "none has both a file and exactly one tag starting with 'kind:'"),
                (#"{"name": "d", "query": {"tags": "reef"}, "labelSource": "tag:class:", "split": {"train": 0.8, "validation": 0.3, "test": 0.1}}"#, 422, "must add up to 1"),
                (#"{"name": "d", "query": {"tags": "reef"}, "labelSource": "tag:class:", "split": {"train": 0, "validation": 0.5, "test": 0.5}}"#, 422, "split.train must be above 0"),
                (#"{"name": "d", "query": {"tags": "reef"}, "split": {"train": 1.5, "validation": -0.5, "test": 0}}"#, 422, "split.train must be a fraction"),
                (#"{"name": "Bad Name", "query": {"tags": "reef"}}"#, 422, "A dataset name is"),
                (#"{"name": "d", "query": {"cursor": "5"}}"#, 422, "query.cursor is not an entry filter"),
                (#"{"name": "d", "query": {"tags": "reef"}, "labelSource": "folder"}"#, 422, "labelSource must be 'label'"),
                (#"{"name": "d", "query": {"bbox": "1,2"}}"#, 400, "bbox"),
                (#"{"query": {"tags": "reef"}}"#, 400, "name"),
            ]
            for item in cases {
                let reply = try await Self.create(server, item.body)
                #expect(reply.status == item.status, "\(item.body): \(reply.status) \(reply.text)")
                #expect(reply.contentType.hasPrefix("application/problem+json"))
                #expect(reply.text.contains(item.says), "\(item.body): \(reply.text)")
            }
            #expect((try await server.request("GET", "/api/v1/datasets").json()["data"] as? [Any])?.isEmpty == true, "nothing stored")
            let unknown = try await server.request("GET", "/api/v1/datasets/nothing-here")
            #expect(unknown.status == 404 && unknown.text.contains("No dataset is called 'nothing-here'"))
            #expect(try await server.request("GET", "/api/v1/datasets/nothing-here/versions/1/manifest").status == 404)
            #expect(try await Self.create(server, #"{"name": "d", "query": {"tags": "reef"}, "labelSource": "tag:class:"}"#).status == 201)
            let missing = try await server.request("GET", "/api/v1/datasets/d/versions/3/manifest")
            #expect(missing.status == 404 && missing.text.contains("its versions are 1"))
            #expect(try await server.request("GET", "/api/v1/datasets/d/versions/one/manifest").status == 400)
            #expect(try await server.request("GET", "/api/v1/datasets/d/versions/1/manifest?format=xml").status == 400)
            // Reading is public to viewers; making a dataset is not.
            let viewer = try await server.services.access.accounts.createUser(email: "viewer@datasets.invalid", role: .viewer).key.key
            #expect(try await server.request("GET", "/api/v1/datasets", as: .bearer(viewer)).status == 200)
            let refused = try await server.request("POST", "/api/v1/datasets", body: #"{"name": "v", "query": {"tags": "reef"}}"#,
                                                   contentType: "application/json", as: .bearer(viewer))
            #expect(refused.status == 403)
        }
    }
}
