import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoCore
import EcoML
@testable import EcoServer
import EcoStore
import Foundation
import Synchronization
import Testing

/// A synthetic landscape: an 8 × 8 grid of stations 0.06° apart (each in its own resolution-7
/// cell); the eastern half is warm and dry, the western half cold and wet. "Testus calidus"
/// lives in warm cells only, so its model must rank warm cells above cold ones.
enum SyntheticLandscape {
    static let species = "testus-calidus"
    static let modelName = "biodiversity-sdm-testus-calidus-rf"

    static func position(_ row: Int, _ column: Int) -> (lat: Double, lng: Double) { (45.0 + Double(row) * 0.06, 5.0 + Double(column) * 0.06) }
    static func isWarm(column: Int) -> Bool { column >= 4 }

    /// Observations CSV: two temperatures and one precipitation total per day for three days.
    static var observationsCSV: String {
        var lines = ["variable,value,observedAt,lat,lng,stationId,source"]
        for row in 0..<8 {
            for column in 0..<8 {
                let (lat, lng) = position(row, column)
                let base = isWarm(column: column) ? 22.0 : 6.0
                for day in 1...3 {
                    for hour in [6, 15] {
                        let value = base + Double(hour == 15 ? 4 : 0) + Double((row * 7 + column * 3 + day) % 5) * 0.3
                        lines.append("temperature_2m,\(value),2024-06-0\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z,\(lat),\(lng),st-\(row)-\(column),synthetic")
                    }
                    let rain = isWarm(column: column) ? 0.5 : 6.0 + Double(row % 3)
                    lines.append("precipitation,\(rain),2024-06-0\(day)T12:00:00Z,\(lat),\(lng),st-\(row)-\(column),synthetic")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Darwin Core records in 12 of the 32 warm cells (two records in some), plus two bad rows.
    static var occurrencesCSV: String {
        var lines = ["occurrenceID,scientificName,decimalLatitude,decimalLongitude,eventDate,occurrenceStatus"]
        var n = 0
        for row in 0..<8 {
            for column in 4..<8 where (row + column) % 3 != 0 {
                guard n < 12 else { break }
                let (lat, lng) = position(row, column)
                lines.append("occ-\(n),Testus calidus Smith 1900,\(lat),\(lng),2024-06-02,present")
                if n % 4 == 0 { lines.append("occ-\(n)b,Testus calidus,\(lat),\(lng),2024-06-03/2024-06-04,") }
                n += 1
            }
        }
        lines.append("occ-bad1,Testus calidus,91,5.0,2024-06-02,present")
        lines.append("occ-bad2,Testus calidus,45.0,5.0,June,present")
        return lines.joined(separator: "\n") + "\n"
    }

    static func load(_ server: LiveServer) async throws {
        let observations = try await server.request("POST", "/api/v1/observations", body: observationsCSV, contentType: "text/csv")
        #expect(observations.status == 200, "\(observations.text)")
        let occurrences = try await server.request("POST", "/api/v1/biodiversity/occurrences", body: occurrencesCSV, contentType: "text/csv")
        #expect(occurrences.status == 200, "\(occurrences.text)")
    }

    static let trainingParameters = JSONValue.object(["species": .string("Testus calidus"), "trees": .number(40), "cv": .number(3), "seed": .number(1)])
}

@Suite struct BiodiversityTests {
    @Test func importReportsAcceptedDuplicatesAndRejectedRowsByLine() async throws {
        try await LiveServer.with { server in
            let body = SyntheticLandscape.occurrencesCSV
            let first = try await server.request("POST", "/api/v1/biodiversity/occurrences", body: body, contentType: "text/csv")
            #expect(first.status == 200, "\(first.text)")
            let report = try first.json()
            #expect(report["accepted"] as? Int == 15)
            #expect(report["duplicates"] as? Int == 0)
            #expect(report["rejected"] as? Int == 2)
            #expect(report["species"] as? [String] == ["testus-calidus"])
            let errors = report["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["line"] as? Int } == [17, 18])
            #expect(errors.map { $0["field"] as? String } == ["decimalLatitude", "eventDate"])

            let again = try await server.request("POST", "/api/v1/biodiversity/occurrences", body: body, contentType: "text/csv").json()
            #expect(again["accepted"] as? Int == 0 && again["duplicates"] as? Int == 15)

            let species = try await server.request("GET", "/api/v1/biodiversity/species").json()
            let entry = (species["data"] as? [[String: Any]])?.first
            #expect(entry?["id"] as? String == "testus-calidus")
            #expect(entry?["scientificName"] as? String == "Testus calidus")
            #expect(entry?["presences"] as? Int == 15)
            #expect(entry?["distributionModel"] as? String == SyntheticLandscape.modelName)
        }
    }

    @Test(arguments: [
        ("scientificName,decimalLatitude\nQuercus robur,51\n", 400, "Missing: decimalLongitude, eventDate"),
        ("scientificName,decimalLatitude,decimalLongitude,eventDate\nQuercus robur,510,0.1,2020-01-01\n", 422, "All 1 rows were rejected"),
        ("scientificName,decimalLatitude,decimalLongitude,eventDate\n", 400, "no records"),
    ])
    func unusableImportsSayWhatToFix(body: String, status: Int, hint: String) async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("POST", "/api/v1/biodiversity/occurrences", body: body, contentType: "text/csv")
            #expect(reply.status == status, "\(reply.text)")
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect(reply.text.contains(hint), "\(reply.text)")
        }
    }

    @Test func occurrencesAreServedAsJSONAndGeoJSONPoints() async throws {
        try await LiveServer.with { server in
            try await SyntheticLandscape.load(server)
            let json = try await server.request("GET", "/api/v1/biodiversity/species/testus-calidus/occurrences?limit=5").json()
            let data = json["data"] as? [[String: Any]] ?? []
            #expect(data.count == 5)
            #expect(data.first?["eventDate"] as? String == "2024-06-02T00:00:00Z")
            #expect((json["pagination"] as? [String: Any])?["hasMore"] as? Bool == true)
            let reply = try await server.request("GET", "/api/v1/biodiversity/species/Testus%20calidus/occurrences?format=geojson")
            #expect(reply.contentType.hasPrefix("application/geo+json"))
            let geo = try reply.json()
            let features = geo["features"] as? [[String: Any]] ?? []
            #expect(features.count == 15)
            let point = features.first?["geometry"] as? [String: Any]
            #expect(point?["type"] as? String == "Point")
            let missing = try await server.request("GET", "/api/v1/biodiversity/species/nonexistent-species/occurrences")
            #expect(missing.status == 404 && missing.text.contains("GET /api/v1/biodiversity/species"))
        }
    }

    @Test func distributionNeedsATrainedAndPromotedModelAndSaysHowToGetOne() async throws {
        try await LiveServer.with { server in
            try await SyntheticLandscape.load(server)
            let untrained = try await server.request("GET", "/api/v1/biodiversity/species/testus-calidus/distribution")
            #expect(untrained.status == 404)
            #expect(untrained.text.contains("species-distribution"), "\(untrained.text)")
            _ = try await SpeciesDistributionJobKind().run(SyntheticLandscape.trainingParameters,
                                                           context: server.services.platform.trainingContext())
            let unpromoted = try await server.request("GET", "/api/v1/biodiversity/species/testus-calidus/distribution")
            #expect(unpromoted.status == 404)
            #expect(unpromoted.text.contains("none is in Production"), "\(unpromoted.text)")
            let named = try await server.request("GET", "/api/v1/biodiversity/species/testus-calidus/distribution?model=\(SyntheticLandscape.modelName)@1")
            #expect(named.status == 200, "\(named.text)")
        }
    }

    @Test func warmCellsGetHigherProbabilityThanColdOnesAsJSONAndGeoJSON() async throws {
        try await LiveServer.with { server in
            try await SyntheticLandscape.load(server)
            let steps = Mutex<[Int]>([])
            let lines = Mutex<[String]>([])
            let outcome = try await SpeciesDistributionJobKind().run(
                SyntheticLandscape.trainingParameters,
                context: server.services.platform.trainingContext(progress: { done, total in
                    steps.withLock { $0.append(done * 100 / total) }
                    return true
                }, log: { line in lines.withLock { $0.append(line) } }))
            #expect(outcome.registered.name == SyntheticLandscape.modelName && outcome.registered.version == 1)
            #expect(steps.withLock { $0.last } == 100)
            #expect(lines.withLock { $0.contains { $0.contains("registered \(SyntheticLandscape.modelName) version 1") } })

            let promoted = try await server.request("POST", "/api/v1/models/\(SyntheticLandscape.modelName)/stage",
                                                    body: #"{"version":1,"stage":"Production"}"#, contentType: "application/json")
            #expect(promoted.status == 200)
            let card = try await server.request("GET", "/api/v1/models/\(SyntheticLandscape.modelName)/info").json()
            let serving = card["serving"] as? [String: Any]
            let parameters = serving?["parameters"] as? [String: Any]
            #expect(parameters?["species"] as? String == "testus-calidus")
            #expect(parameters?["resolution"] as? Int == 7)
            #expect(parameters?["presenceCells"] as? Int == 12)
            #expect(parameters?["backgroundCells"] as? Int == 36)
            let covariates = (parameters?["covariates"] as? [[String: Any]])?.compactMap { $0["variable"] as? String }
            #expect(covariates == ["precipitation", "temperature_2m"])
            let auc = (serving?["metrics"] as? [String: Any])?["rocAuc"] as? Double
            #expect((auc ?? 0) > 0.7, "cross-validated AUC \(auc ?? .nan)")

            let reply = try await server.request("GET", "/api/v1/biodiversity/species/testus-calidus/distribution?resolution=7")
            #expect(reply.status == 200, "\(reply.text)")
            let map = try reply.json()
            #expect((map["model"] as? [String: Any])?["stage"] as? String == "Production")
            #expect(map["covariates"] as? [String] == ["precipitation_daily_total", "temperature_2m_mean"])
            let cells = map["data"] as? [[String: Any]] ?? []
            #expect(cells.count == 64)
            var warm: [Double] = [], cold: [Double] = []
            for cell in cells {
                let probability = cell["probability"] as? Double ?? .nan
                let p10 = cell["p10"] as? Double ?? .nan, p90 = cell["p90"] as? Double ?? .nan
                #expect((0...1).contains(probability) && p10 <= p90 && (0...1).contains(p10) && (0...1).contains(p90))
                let temperature = (cell["covariates"] as? [String: Any])?["temperature_2m_mean"] as? Double ?? .nan
                if temperature > 15 { warm.append(probability) } else { cold.append(probability) }
            }
            #expect(warm.count == 32 && cold.count == 32)
            let warmMean = warm.reduce(0, +) / Double(warm.count), coldMean = cold.reduce(0, +) / Double(cold.count)
            #expect(warmMean > coldMean + 0.2, "warm \(warmMean) vs cold \(coldMean)")
            #expect((cold.max() ?? 1) < 0.2, "cold cells \(cold)")

            let geoReply = try await server.request("GET", "/api/v1/biodiversity/species/testus-calidus/distribution?format=geojson")
            #expect(geoReply.contentType.hasPrefix("application/geo+json"))
            let geo = try geoReply.json()
            #expect(geo["type"] as? String == "FeatureCollection")
            let features = geo["features"] as? [[String: Any]] ?? []
            #expect(features.count == 64)
            let feature = try #require(features.first)
            let geometry = feature["geometry"] as? [String: Any]
            #expect(geometry?["type"] as? String == "Polygon")
            let ring = (geometry?["coordinates"] as? [[[Double]]])?.first ?? []
            #expect(ring.count == 7 && ring.first == ring.last)
            let properties = feature["properties"] as? [String: Any] ?? [:]
            for key in ["h3Index", "probability", "p10", "p90", "temperature_2m_mean", "precipitation_daily_total"] {
                #expect(properties[key] != nil, "missing \(key)")
            }
        }
    }

    @Test(arguments: [
        (JSONValue.object([:]), "parameters.species is required"),
        (JSONValue.object(["species": .string("Testus calidus"), "resolution": .number(16)]), "parameters.resolution"),
        (JSONValue.object(["species": .string("Testus calidus"), "cv": .number(1)]), "parameters.cv"),
        (JSONValue.object(["species": .string("Testus calidus"), "colour": .string("red")]), "parameters.colour is not a parameter"),
        (JSONValue.object(["species": .string("Testus calidus"), "backgroundRatio": .number(0)]), "parameters.backgroundRatio"),
    ])
    func badJobParametersSayWhatToFix(parameters: JSONValue, hint: String) {
        let error = #expect(throws: EcoError.self) { try SpeciesDistributionJobKind().validate(parameters) }
        #expect(error?.message.contains(hint) == true, "\(error?.message ?? "no error")")
    }

    @Test func trainingWithoutEnoughPresencesFailsWithAReason() async throws {
        try await LiveServer.with { server in
            let observations = try await server.request("POST", "/api/v1/observations", body: SyntheticLandscape.observationsCSV, contentType: "text/csv")
            #expect(observations.status == 200)
            let csv = "scientificName,decimalLatitude,decimalLongitude,eventDate\nTestus rarus,45.0,5.24,2024-06-01\n"
            _ = try await server.request("POST", "/api/v1/biodiversity/occurrences", body: csv, contentType: "text/csv")
            let platform = server.services.platform
            let error = await #expect(throws: EcoError.self) {
                _ = try await SpeciesDistribution.trainAndRegister(SpeciesDistribution.Request(species: "testus-rarus"), name: "", store: platform.store,
                                                                   catalogue: platform.catalogue, clock: platform.clock)
            }
            #expect(error?.message.contains("at least 5") == true, "\(error?.message ?? "no error")")
        }
    }

    @Test func backgroundSamplingIsSeededAndAvoidsPresenceCells() {
        let cells = (0..<50).map { UInt64(1000 + $0) }
        let table = CovariateTable(resolution: 7, covariates: [Covariate(variable: "temperature_2m", statistic: .mean)],
                                   rows: Dictionary(uniqueKeysWithValues: cells.map { ($0, [Double($0)]) }))
        let presences = Set(cells.prefix(5)), absences: Set<UInt64> = [1040]
        var options = PresenceBackground.Options()
        options.seed = 3
        let a = PresenceBackground.trainingSet(table: table, presenceCells: presences, absenceCells: absences, options: options)
        let b = PresenceBackground.trainingSet(table: table, presenceCells: presences, absenceCells: absences, options: options)
        #expect(a == b)
        #expect(a.presences == 5 && a.absences == 1 && a.background == 15)
        #expect(Set(a.cells).count == a.cells.count)
        #expect(a.labels.filter { $0 == 1 }.count == 5)
        options.seed = 4
        #expect(PresenceBackground.trainingSet(table: table, presenceCells: presences, absenceCells: absences, options: options).cells != a.cells)
    }

    @Test func demoOccurrencesFavourTheirHabitatsAndAreEnoughToTrainOn() {
        let batches: [[Observation]] = DemoData.observations(endMs: 1_717_200_000_000)
        let stations: [(lat: Double, lng: Double)] = batches.compactMap { (batch: [Observation]) -> (lat: Double, lng: Double)? in
            batch.first.map { ($0.lat, $0.lng) }
        }
        let records: [Occurrence] = DemoOccurrences.occurrences(stations: stations, endMs: 1_717_200_000_000)
        #expect(records == DemoOccurrences.occurrences(stations: stations, endMs: 1_717_200_000_000))
        let ids: Set<String> = Set(records.compactMap { (record: Occurrence) in record.occurrenceID })
        #expect(ids.count == records.count)
        func urban(_ record: Occurrence) -> Double { max(0, 1 - hypot(record.lat - 48.8566, record.lng - 2.3522) / 0.35) }
        for (species, prefersCity) in [("psittacula-krameri", true), ("quercus-robur", false)] {
            let own: [Occurrence] = records.filter { $0.speciesId == species }
            let cells: Set<UInt64> = Set(own.map { Spatial.parent(of: $0.cell15, resolution: 7) })
            #expect(cells.count >= PresenceBackground.minimumPresences * 2, "\(species): \(cells.count) cells")
            let meanUrban: Double = own.map(urban).reduce(0, +) / Double(max(own.count, 1))
            #expect(prefersCity ? meanUrban > 0.5 : meanUrban < 0.5, "\(species): mean urban index \(meanUrban)")
        }
    }
}
