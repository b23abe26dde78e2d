import EcoAnalytics
import EcoCore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// `GET /api/v1/health/vector-risk` through the real server: the synthetic landscape of the biodiversity tests
/// with *Aedes aegypti* records in its warm half; risk = the distribution model's probability × Mordecai's
/// relative R0 at the cell's mean temperature, recomputed here from the readings.
@Suite struct VectorRiskEndpointTests {
    static var occurrencesCSV: String {
        SyntheticLandscape.occurrencesCSV.replacingOccurrences(of: "Testus calidus Smith 1900", with: "Aedes aegypti")
            .replacingOccurrences(of: "Testus calidus", with: "Aedes aegypti")
    }

    /// Mean of the six readings (three days, 06:00 and 15:00) of the landscape's station at row, column.
    static func meanTemperature(row: Int, column: Int) -> Double {
        let base = SyntheticLandscape.isWarm(column: column) ? 22.0 : 6.0
        var sum = 0.0
        for day in 1...3 { for hour in [6, 15] { sum += base + Double(hour == 15 ? 4 : 0) + Double((row * 7 + column * 3 + day) % 5) * 0.3 } }
        return sum / 6
    }

    @Test func riskIsHabitatTimesThermalSuitabilityAndNeedsATrainedModel() async throws {
        try await LiveServer.with { server in
            let observations = try await server.request("POST", "/api/v1/observations", body: SyntheticLandscape.observationsCSV, contentType: "text/csv")
            #expect(observations.status == 200)
            let occurrences = try await server.request("POST", "/api/v1/biodiversity/occurrences", body: Self.occurrencesCSV, contentType: "text/csv")
            #expect(occurrences.status == 200, "\(occurrences.text)")

            let untrained = try await server.request("GET", "/api/v1/health/vector-risk?vector=aedes-aegypti")
            #expect(untrained.status == 404)
            #expect(untrained.text.contains(#"\"kind\": \"species-distribution\""#) || untrained.text.contains("species-distribution"), "\(untrained.text)")
            #expect(untrained.text.contains("biodiversity-sdm-aedes-aegypti-rf"), "\(untrained.text)")

            let parameters = JSONValue.object(["species": .string("Aedes aegypti"), "trees": .number(40), "cv": .number(3), "seed": .number(1)])
            _ = try await SpeciesDistributionJobKind().run(parameters, context: server.services.platform.trainingContext())
            let promoted = try await server.request("POST", "/api/v1/models/biodiversity-sdm-aedes-aegypti-rf/stage",
                                                    body: #"{"version":1,"stage":"Production"}"#, contentType: "application/json")
            #expect(promoted.status == 200, "\(promoted.text)")

            let reply = try await server.request("GET", "/api/v1/health/vector-risk")
            #expect(reply.status == 200, "\(reply.text)")
            let body = try reply.json()
            #expect(body["vector"] as? String == "aedes-aegypti" && body["temperatureEnd"] as? String == "2024-06-04T00:00:00Z")
            #expect(abs((body["thermalOptimumC"] as? Double ?? 0) - 29.04) < 0.01)
            let rows = body["data"] as? [[String: Any]] ?? []
            #expect(rows.count == 64)
            let curve = VectorThermalSuitability.aedesAegypti
            var checked = 0
            for row in 0..<8 {
                for column in 0..<8 {
                    let position = SyntheticLandscape.position(row, column)
                    let cell = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: position.lat, lng: position.lng), resolution: 7))
                    guard let entry = rows.first(where: { $0["h3Index"] as? String == cell }) else { Issue.record("no \(cell)"); continue }
                    let mean = Self.meanTemperature(row: row, column: column)
                    let habitat = entry["habitatProbability"] as? Double ?? .nan
                    #expect(abs((entry["meanTemperatureC"] as? Double ?? .nan) - mean) < 1e-9)
                    #expect(abs((entry["thermalSuitability"] as? Double ?? .nan) - curve.relative(at: mean)) < 1e-12)
                    #expect(abs((entry["risk"] as? Double ?? .nan) - habitat * curve.relative(at: mean)) < 1e-12)
                    // The cold half (6–10 °C) lies below the curve's 17.05 °C limit: no transmission whatever the habitat.
                    if !SyntheticLandscape.isWarm(column: column) { #expect(entry["risk"] as? Double == 0) }
                    checked += 1
                }
            }
            #expect(checked == 64)
            let risks = rows.map { $0["risk"] as? Double ?? -1 }
            #expect(risks == risks.sorted(by: >) && risks[0] > 0)
        }
    }

    @Test(arguments: [
        ("vector=anopheles-gambiae", 400, "Unknown vector 'anopheles-gambiae'; the vectors with a published temperature curve are aedes-aegypti"),
        ("days=0", 400, "'days' must be an integer from 1 to 365"),
        ("at=yesterday", 400, "'at' must be an RFC 3339 time"),
        ("", 404, "No distribution model of 'aedes-aegypti' is trained yet. Train one with POST /api/v1/models/train"),
    ])
    func badInputSaysWhatAndHowToFix(query: String, status: Int, message: String) async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("GET", "/api/v1/health/vector-risk?\(query)")
            #expect(reply.status == status, "\(query): \(reply.text)")
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(query): \(reply.text)")
        }
    }
}
