import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// Issue #7, "How it must be shown": import occurrences, train a species model as a job, watch
/// its progress, promote it to Production, request a distribution map — all over HTTP.
@Suite struct SpeciesDistributionEndToEndTests {
    @Test func importTrainAsAJobWatchPromoteAndMap() async throws {
        try await LiveServer.with { server in
            // 1. Environmental observations and Darwin Core occurrences.
            let observations = try await server.request("POST", "/api/v1/observations", body: SyntheticLandscape.observationsCSV, contentType: "text/csv")
            #expect(observations.status == 200, "\(observations.text)")
            let imported = try await server.request("POST", "/api/v1/biodiversity/occurrences", body: SyntheticLandscape.occurrencesCSV, contentType: "text/csv")
            #expect(imported.status == 200, "\(imported.text)")
            #expect(try imported.json()["accepted"] as? Int == 15)

            // 2. A species-distribution training job.
            let name = SyntheticLandscape.modelName
            let body = #"{"kind":"species-distribution","name":"\#(name)","parameters":{"species":"testus-calidus","trees":150,"cv":3,"seed":1}}"#
            let submitted = try await server.request("POST", "/api/v1/models/train", body: body, contentType: "application/json")
            #expect(submitted.status == 202, "\(submitted.text)")
            let id = try #require(try submitted.json()["id"] as? String)

            // 3. Watch it: progress only goes up, and ends at 100 % with the model registered.
            var seen: [Double] = []
            let job = try await TrainingJobTests.job(server, id, seconds: 60) { job in
                if let percent = job["percent"] as? Double { seen.append(percent) }
                let status = job["status"] as? String
                return status != "queued" && status != "running"
            }
            #expect(job["status"] as? String == "succeeded", "\(job)")
            #expect(seen.last == 100)
            #expect(seen == seen.sorted(), "progress went back: \(seen)")
            #expect(job["totalIterations"] as? Int == 600)
            let result = try #require(job["result"] as? [String: Any])
            #expect(result["name"] as? String == name && result["version"] as? Int == 1)
            #expect(((result["metrics"] as? [String: Any])?["rocAuc"] as? Double ?? 0) > 0.7)
            let logs = try await TrainingJobTests.logText(server, id)
            #expect(logs.contains("covariates: precipitation_daily_total, temperature_2m_mean"), "\(logs)")

            // 4. Promote to Production.
            let promoted = try await server.request("POST", "/api/v1/models/\(name)/stage", body: #"{"version":1,"stage":"Production"}"#, contentType: "application/json")
            #expect(promoted.status == 200, "\(promoted.text)")

            // 5. The distribution map, as GeoJSON hexagons.
            let map = try await server.request("GET", "/api/v1/biodiversity/species/testus-calidus/distribution?resolution=7&format=geojson")
            #expect(map.status == 200, "\(map.text)")
            #expect(map.contentType.hasPrefix("application/geo+json"))
            let geo = try map.json()
            #expect((geo["model"] as? [String: Any])?["stage"] as? String == "Production")
            let features = geo["features"] as? [[String: Any]] ?? []
            #expect(features.count == 64)
            let byWarmth = features.map { feature -> (Double, Double) in
                let properties = feature["properties"] as? [String: Any] ?? [:]
                return (properties["temperature_2m_mean"] as? Double ?? .nan, properties["probability"] as? Double ?? .nan)
            }
            let warm: [Double] = byWarmth.filter { $0.0 > 15 }.map { $0.1 }
            let cold: [Double] = byWarmth.filter { $0.0 <= 15 }.map { $0.1 }
            let warmMean: Double = warm.reduce(0, +) / Double(max(warm.count, 1))
            let coldMean: Double = cold.reduce(0, +) / Double(max(cold.count, 1))
            #expect(warm.count == 32 && cold.count == 32)
            #expect(warmMean > coldMean + 0.2, "warm \(warmMean) vs cold \(coldMean)")
        }
    }
}
