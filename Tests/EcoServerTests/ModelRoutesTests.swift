import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoML
@testable import EcoServer
import Foundation
import Testing

@Suite struct ModelRoutesTests {
    /// A small two-class problem: the class is "high" when x > 5.
    static let csv = "x,kind,label\n" + (0..<60).map { i in "\(Double(i % 11)),\(i % 2 == 0 ? "a" : "b"),\(i % 11 > 5 ? "high" : "low")" }.joined(separator: "\n") + "\n"

    static func register(_ server: LiveServer) async throws {
        let request = CSVTrainingRequest(target: "label", task: .classification, algorithm: .randomForest, folds: 3, seed: 1)
        _ = try await ModelTraining.trainAndRegister(csv: csv, request: request, name: "test-threshold-rf", registry: server.services.store)
    }

    @Test func registeredModelIsListedPromotedAndServesPredictions() async throws {
        try await LiveServer.with { server in
            try await Self.register(server)
            let list = try await server.request("GET", "/api/v1/models").json()
            #expect((list["data"] as? [[String: Any]])?.first?["name"] as? String == "test-threshold-rf")

            let promoted = try await server.request("POST", "/api/v1/models/test-threshold-rf/stage", body: #"{"version":1,"stage":"Production"}"#, contentType: "application/json")
            #expect(promoted.status == 200)
            let card = try await server.request("GET", "/api/v1/models/test-threshold-rf/info").json()
            #expect((card["serving"] as? [String: Any])?["stage"] as? String == "Production")
            #expect((card["history"] as? [[String: Any]])?.map { $0["event"] as? String } == ["registered", "stage:Production"])

            let body = #"{"rows":[{"x":9,"kind":"a"},{"x":1,"kind":"b"},{"x":9,"kind":"a"}]}"#
            let reply = try await server.request("POST", "/api/v1/predict/test-threshold-rf", body: body, contentType: "application/json")
            #expect(reply.status == 200, "\(reply.text)")
            let json = try reply.json()
            let classes = (json["predictions"] as? [[String: Any]])?.map { $0["class"] as? String }
            #expect(classes == ["high", "low", "high"])
            #expect(json["cacheHits"] as? Int == 1)
            let metrics = try await server.request("GET", "/metrics").text
            #expect(metrics.contains("ml_inference_total"))
            #expect(metrics.contains("ml_inference_duration_seconds"))
        }
    }

    @Test func listAndCardCarryTheAliasesOfEachVersion() async throws {
        try await LiveServer.with { server in
            try await Self.register(server)
            try await Self.register(server)
            func alias(_ name: String, _ version: Int) async throws {
                let reply = try await server.request("POST", "/api/v1/models/test-threshold-rf/aliases", body: #"{"version":\#(version),"alias":"\#(name)"}"#,
                                                     contentType: "application/json")
                #expect(reply.status == 200, "\(reply.text)")
            }
            func listed() async throws -> [Int: [String]] {
                let data = try #require(try await server.request("GET", "/api/v1/models").json()["data"] as? [[String: Any]])
                return Dictionary(uniqueKeysWithValues: data.map { ($0["version"] as? Int ?? 0, $0["aliases"] as? [String] ?? ["missing"]) })
            }
            #expect(try await listed() == [1: [], 2: []], "no alias yet: an empty list, not a missing field")
            try await alias("champion", 1)
            try await alias("challenger", 2)
            try await alias("baseline", 1)
            #expect(try await listed() == [1: ["baseline", "champion"], 2: ["challenger"]])
            try await alias("champion", 2)
            #expect(try await listed() == [1: ["baseline"], 2: ["challenger", "champion"]], "a moved alias leaves its old version")
            let card = try await server.request("GET", "/api/v1/models/test-threshold-rf/info").json()
            #expect((card["versions"] as? [[String: Any]])?.map { $0["aliases"] as? [String] ?? [] } == [["challenger", "champion"], ["baseline"]])
            #expect((card["serving"] as? [String: Any])?["aliases"] as? [String] == ["challenger", "champion"], "the newest version serves")
        }
    }

    @Test(arguments: [
        ("/api/v1/predict/nosuch", #"{"features":{"x":1}}"#, 404, "No model 'nosuch'"),
        ("/api/v1/predict/test-threshold-rf", #"{}"#, 400, "for one row"),
        ("/api/v1/predict/test-threshold-rf@7", #"{"features":{"x":1}}"#, 404, "No model"),
        ("/api/v1/models/test-threshold-rf/stage", #"{"version":9,"stage":"Production"}"#, 404, "no version 9"),
        ("/api/v1/models/test-threshold-rf/aliases", #"{"version":1,"alias":"3"}"#, 400, "alias must be"),
        ("/api/v1/models/test-threshold-rf/aliases", #"{"version":9,"alias":"champion"}"#, 404, "no version 9"),
        ("/api/v1/models/test-threshold-rf/aliases", #"{"alias":"champion"}"#, 400, "version"),
    ])
    func badModelRequestsSayWhatToFix(path: String, body: String, status: Int, hint: String) async throws {
        try await LiveServer.with { server in
            try await Self.register(server)
            let reply = try await server.request("POST", path, body: body, contentType: "application/json")
            #expect(reply.status == status, "\(reply.text)")
            #expect(reply.text.contains(hint), "\(reply.text)")
        }
    }
}
