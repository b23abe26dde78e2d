import EcoCore
import Foundation
import Testing

@testable import EcoPipeline
@testable import EcoServer

/// Bad carbon input through the real server: each bad record, row, factor set or request is refused
/// with a sentence saying what is wrong and how to fix it, and the good ones are kept. One server at a
/// time: each case starts a live server, and many at once starve the suites that race on timing.
@Suite(.serialized) struct CarbonBadInputTests {
    static let t = "2025-03-03T08:00:00Z"

    static func json(_ reply: LiveServer.Reply) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any], "\(reply.status) \(reply.text)")
    }

    static func errors(_ reply: LiveServer.Reply) throws -> [[String: Any]] {
        try json(reply)["errors"] as? [[String: Any]] ?? []
    }

    static func analyst(_ server: LiveServer, organization: String = "acme", role: Role = .analyst) async throws -> LiveServer.Credentials {
        .bearer(try await server.services.access.accounts.createUser(email: "\(role.rawValue)-\(UUID().uuidString)@acme.invalid", role: role,
                                                                     organization: organization).key.key)
    }

    @Test func badRecordsAreListedWithTheirLineFieldAndFixWhileGoodOnesAreStored() async throws {
        try await LiveServer.with { server in
            let body = [
                #"{"type":"transport","organization":"acme","supplier":"haulier","time":"\#(Self.t)","mode":"road","vehicle":"articulated_truck","distanceKm":420,"loadKg":18000,"region":"FR"}"#,
                #"{"type":"transport","organization":"acme","time":"\#(Self.t)","mode":"teleport","distanceKm":420,"loadKg":18000}"#,
                #"{"type":"combustion","organization":"acme","time":"\#(Self.t)","fuel":"unobtainium","quantity":10,"unit":"L"}"#,
                #"{"type":"transport","organization":"acme","time":"\#(Self.t)","mode":"road","distanceKm":-5,"loadKg":1000}"#,
                #"{"type":"transport","organization":"acme","time":"\#(Self.t)","mode":"road","vehicle":"articulated_truck","distanceKm":100,"loadKg":500000}"#,
                #"{"type":"combustion","organization":"acme","time":"\#(Self.t)","fuel":"diesel","quantity":10,"unit":"tkm"}"#,
                "not json",
                #"{"type":"electricity","organization":"other-co","time":"\#(Self.t)","kWh":100,"region":"FR"}"#,
                #"{"type":"electricity","organization":"acme","facility":"hq","time":"\#(Self.t)","kWh":1250,"region":"FR"}"#,
            ].joined(separator: "\n")
            let reply = try await server.request("POST", "/api/v1/carbon/activities", body: body, contentType: "application/x-ndjson",
                                                 as: try await Self.analyst(server))
            #expect(reply.status == 200, "\(reply.text)")
            let report = try Self.json(reply)
            #expect(report["accepted"] as? Int == 2)
            #expect(report["rejected"] as? Int == 7)
            let errors = try Self.errors(reply)
            let byLine = Dictionary(uniqueKeysWithValues: errors.map { ($0["line"] as? Int ?? 0, $0) })
            #expect(byLine.keys.sorted() == [2, 3, 4, 5, 6, 7, 8])
            #expect((byLine[2]?["reason"] as? String)?.contains("'teleport' is not a transport mode; send one of road, rail") == true)
            #expect((byLine[3]?["reason"] as? String)?.contains("'unobtainium' is not a known fuel") == true)
            #expect(byLine[4]?["field"] as? String == "distanceKm")
            #expect((byLine[5]?["reason"] as? String)?.contains("500.0 t is more than a vehicle of type articulated_truck can carry") == true)
            #expect((byLine[6]?["reason"] as? String)?.contains("tkm measures freight, which does not fit a fuel quantity") == true)
            #expect((byLine[7]?["reason"] as? String)?.contains("not valid JSON") == true)
            #expect((byLine[8]?["reason"] as? String)?.contains("you may write activities of acme only") == true)
            let stored = try Self.json(try await server.request("GET", "/api/v1/carbon/activities?organization=acme"))["data"] as? [[String: Any]] ?? []
            #expect(stored.count == 2, "the good records, and only them, are stored")
            let provenance = try #require(stored.first?["provenance"] as? [String: Any])
            #expect(provenance["status"] as? String == "accounted")
            #expect(provenance["fallback"] as? Bool == true, "the EPA truck factor is the WORLD default, used with the fallback flag for a French supplier")
            #expect((provenance["fallbackReason"] as? String)?.contains("used WORLD") == true)
        }
    }

    @Test func bodiesWithNothingUsableAreRefusedWithWhatToSend() async throws {
        try await LiveServer.with { server in
            let allBad = try await server.request("POST", "/api/v1/carbon/activities", body: #"[{"type":"transport","organization":"acme","time":"\#(Self.t)","mode":"road"}]"#,
                                                  contentType: "application/json")
            #expect(allBad.status == 422)
            #expect(allBad.contentType.hasPrefix("application/problem+json"))
            #expect((try Self.errors(allBad).first?["reason"] as? String)?.contains("needs tonneKm, or loadKg and distanceKm") == true)
            let notArray = try await server.request("POST", "/api/v1/carbon/activities", body: "{}", contentType: "application/json")
            #expect(notArray.status == 400)
            #expect(notArray.text.contains("not a JSON array of activity objects"))
            let csv = try await server.request("POST", "/api/v1/carbon/activities", body: "type,organization,time\n", contentType: "text/csv")
            #expect(csv.status == 415)
            #expect(csv.text.contains("/api/v1/carbon/import"))
            let empty = try await server.request("POST", "/api/v1/carbon/activities", body: "\n\n", contentType: "application/x-ndjson")
            #expect(empty.status == 400)
            let noHeader = try await server.request("POST", "/api/v1/carbon/import", body: "kind,org\nx,y\n", contentType: "text/csv")
            #expect(noHeader.status == 400)
            #expect(noHeader.text.contains("no type column"))
        }
    }

    @Test func aCSVImportKeepsGoodRowsAndOffersTheBadOnesForDownload() async throws {
        try await LiveServer.with { server in
            var rows = ["type,organization,supplier,time,mode,distanceKm,loadKg,kWh,region,clientId"]
            for day in 1...20 { rows.append("electricity,acme,mill,2025-03-\(String(format: "%02d", day))T12:00:00Z,,,,\(1000 + day),PL,power-\(day)") }
            rows.insert("transport,acme,haulier,2025-03-02T08:00:00Z,hovercraft,100,1000,,,bad-mode", at: 5)
            rows.insert("transport,acme,haulier,2025-03-02T08:00:00Z,road,100,\"1,000\",,,bad-number", at: 9)
            rows.insert("electricity,acme,mill,yesterday,,,,5,PL,bad-time", at: 12)
            let submitted = try await server.request("POST", "/api/v1/carbon/import?fileName=march.csv", body: rows.joined(separator: "\n") + "\n",
                                                     contentType: "text/csv")
            #expect(submitted.status == 202, "\(submitted.text)")
            let id = try #require(try Self.json(submitted)["id"] as? String)
            #expect(submitted.headers["location"] == "/api/v1/carbon/import/\(id)")
            var job: [String: Any] = [:]
            for _ in 0..<100 {
                job = try Self.json(try await server.request("GET", "/api/v1/carbon/import/\(id)"))
                if job["status"] as? String == "succeeded" || job["status"] as? String == "failed" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(job["status"] as? String == "succeeded", "\(job)")
            #expect(job["accepted"] as? Int == 20)
            #expect(job["rejected"] as? Int == 3)
            #expect(job["progress"] as? Double == 1)
            let download = try await server.request("GET", "/api/v1/carbon/import/\(id)/errors?format=csv")
            #expect(download.status == 200)
            #expect(download.contentType.hasPrefix("text/csv"))
            let lines = download.text.split(separator: "\n")
            #expect(lines.first == "index,line,field,reason")
            #expect(lines.count == 4)
            #expect(lines[1].hasPrefix("4,6,mode,"), "row 4 of the data is line 6 of the file: \(lines[1])")
            #expect(lines.contains { $0.contains(",loadKg,") && $0.contains("'1,000' is not a number") })
            #expect(lines.contains { $0.contains(",time,") && $0.contains("'yesterday' is not RFC 3339") })
            let again = try await server.request("POST", "/api/v1/carbon/import", body: rows.joined(separator: "\n"), contentType: "text/csv")
            let second = try #require(try Self.json(again)["id"] as? String)
            for _ in 0..<100 {
                job = try Self.json(try await server.request("GET", "/api/v1/carbon/import/\(second)"))
                if job["status"] as? String == "succeeded" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(job["replaced"] as? Int == 20, "a second import of the same client ids replaces, never doubles")
            #expect(try await server.request("GET", "/api/v1/carbon/import/\(UUID().uuidString)").status == 404)
        }
    }

    @Test func aFactorSetWithHolesOrDuplicatesIsRefusedAndAPublishedOneNeverChanges() async throws {
        try await LiveServer.with { server in
            let header = "id,family,subject,region,unit,co2e,scope,year,document,table,row"
            let broken = [header, "f1,electricity,grid,FR,kWh,0.05,2,2024,Acme grid study,T1,FR",
                          "f2,electricity,grid,FR,kWh,0.06,2,2024,Acme grid study,T1,FR again",
                          "f3,electricity,grid,DE,L,0.3,2,2024,Acme grid study,T1,DE",
                          "f4,electricity,grid,PL,kWh,,2,2024,Acme grid study,T1,PL"].joined(separator: "\n")
            let refused = try await server.request("POST", "/api/v1/carbon/factor-sets?name=acme&version=1", body: broken, contentType: "text/csv")
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.text.contains("share the key electricity/grid@fr"))
            #expect(refused.text.contains("is per L"))
            #expect(refused.text.contains("Factor f4 has no figure"))
            let good = [header, "fr,electricity,grid,FR,kWh,0.1,2,2024,Acme grid study,T1,FR", "w,electricity,grid,WORLD,kWh,0.5,2,2024,Acme grid study,T1,World"]
                .joined(separator: "\n")
            let analyst = try await Self.analyst(server)
            let draft = try await server.request("POST", "/api/v1/carbon/factor-sets?name=acme&version=1", body: good, contentType: "text/csv", as: analyst)
            #expect(draft.status == 201, "\(draft.text)")
            let id = try #require(try Self.json(draft)["id"] as? String)
            #expect(try Self.json(draft)["status"] as? String == "draft")
            let early = try await server.request("PUT", "/api/v1/carbon/settings?organization=acme", body: #"{"factorSetId":"\#(id)"}"#, contentType: "application/json")
            #expect(early.status == 422 && early.text.contains("is a draft; publish it"), "\(early.text)")
            #expect(try await server.request("POST", "/api/v1/carbon/factor-sets/\(id)/publish", as: analyst).status == 403)
            let published = try await server.request("POST", "/api/v1/carbon/factor-sets/\(id)/publish")
            #expect(try Self.json(published)["status"] as? String == "published", "\(published.text)")
            #expect(try await server.request("POST", "/api/v1/carbon/factor-sets/\(id)/publish").status == 409)
            let overwrite = try await server.request("POST", "/api/v1/carbon/factor-sets?name=acme&version=1", body: good, contentType: "text/csv")
            #expect(overwrite.status == 409 && overwrite.text.contains("published"), "\(overwrite.text)")

            // The same French kWh under the built-in set and under the published one, with both figures.
            _ = try await server.request("POST", "/api/v1/carbon/activities", body: #"[{"type":"electricity","organization":"acme","facility":"hq","time":"\#(Self.t)","kWh":1000,"region":"FR"}]"#,
                                         contentType: "application/json")
            let report = try Self.json(try await server.request("GET", "/api/v1/carbon/report?organization=acme&from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&restateWith=\(id)"))
            let restatement = try #require(report["restatement"] as? [String: Any])
            #expect(restatement["restatedKg"] as? Double == 100, "1000 kWh × 0.1 kg/kWh from the uploaded set")
            let settings = try await server.request("PUT", "/api/v1/carbon/settings?organization=acme", body: #"{"factorSetId":"\#(id)","gwpBasis":"AR5"}"#,
                                                    contentType: "application/json")
            #expect(try Self.json(settings)["factorSetId"] as? String == id, "\(settings.text)")
            let after = try Self.json(try await server.request("GET", "/api/v1/carbon/report?organization=acme&from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"))
            #expect(after["scope2LocationKg"] as? Double == 100)
        }
    }

    static let badScenarios = [
        (#"{"levers":[{"type":"teleport"}]}"#, "levers[0].type 'teleport' is not a lever"),
        (#"{"levers":[{"type":"shiftMode","from":"road","to":"rail","share":1.5}]}"#, "levers[0]: shiftMode share 1.5 must be 0 … 1"),
        (#"{"levers":[{"type":"shiftMode","from":"truck","to":"rail","share":0.3}]}"#, "levers[0].from 'truck' is unknown; use one of road"),
        (#"{"levers":[]}"#, "levers is missing or empty"),
        (#"{"levers":[{"type":"shiftMode","from":"road","to":"rail","share":0.3}],"from":"soon"}"#, "'from' must be an RFC 3339 time"),
        (#"{"levers":[{"type":"shiftMode","from":"road","to":"rail","share":0.3}],"to":1e30}"#, "'to' must be whole epoch milliseconds"),
    ]

    @Test func badScenariosSayWhichLeverAndFieldToFix() async throws {
        try await LiveServer.with { server in
            _ = try await server.request("POST", "/api/v1/carbon/activities", body: #"[{"type":"transport","organization":"acme","supplier":"h","time":"\#(Self.t)","mode":"road","distanceKm":400,"loadKg":10000}]"#,
                                         contentType: "application/json")
            for (body, message) in Self.badScenarios {
                let reply = try await server.request("POST", "/api/v1/carbon/simulate?organization=acme", body: body, contentType: "application/json")
                #expect([400, 422].contains(reply.status), "\(body): \(reply.text)")
                #expect(reply.text.contains(message), "\(body): \(reply.text)")
            }
            let farAway = try await server.request("GET", "/api/v1/carbon/hotspots?organization=acme&to=-9223372036854775808")
            #expect(farAway.status == 400 && farAway.text.contains("between 1900 and 2200"), "\(farAway.text)")
        }
    }

    @Test func aSimulationWritesNothing() async throws {
        try await LiveServer.with { server in
            _ = try await server.request("POST", "/api/v1/carbon/activities", body: #"[{"type":"transport","organization":"acme","supplier":"h","time":"\#(Self.t)","mode":"road","distanceKm":400,"loadKg":10000}]"#,
                                         contentType: "application/json")
            let before = try await server.request("GET", "/api/v1/carbon/activities?organization=acme").text
            let reply = try await server.request("POST", "/api/v1/carbon/simulate?organization=acme",
                                                 body: #"{"from":"2025-03-01T00:00:00Z","to":"2025-04-01T00:00:00Z","levers":[{"type":"shiftMode","from":"road","to":"rail","share":0.5}]}"#,
                                                 contentType: "application/json")
            let result = try Self.json(reply)
            #expect(result["dryRun"] as? Bool == true)
            #expect((result["deltaKg"] as? Double ?? 0) < 0, "rail emits less per tonne-km than road: \(reply.text)")
            #expect(try await server.request("GET", "/api/v1/carbon/activities?organization=acme").text == before)
        }
    }

    @Test func carbonDataStaysWithinItsOrganization() async throws {
        try await LiveServer.with { server in
            let acme = try await Self.analyst(server)
            let viewer = try await Self.analyst(server, role: .viewer)
            let loner = LiveServer.Credentials.bearer(try await server.services.access.accounts.createUser(email: "loner@x.invalid", role: .viewer).key.key)
            _ = try await server.request("POST", "/api/v1/carbon/activities", body: #"[{"type":"electricity","organization":"acme","time":"\#(Self.t)","kWh":10,"region":"FR"}]"#,
                                         contentType: "application/json", as: acme)
            let own = try await server.request("GET", "/api/v1/carbon/report?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", as: viewer)
            #expect(own.status == 200)
            #expect(try Self.json(own)["organization"] as? String == "acme", "a viewer reads their organization's data")
            let other = try await server.request("GET", "/api/v1/carbon/report?organization=globex", as: acme)
            #expect(other.status == 403 && other.text.contains("of acme only"))
            let none = try await server.request("GET", "/api/v1/carbon/report", as: loner)
            #expect(none.status == 400 && none.text.contains("belongs to no organization"))
            let targets = try await server.request("POST", "/api/v1/carbon/targets?organization=acme", body: #"{"baseYear":2030,"targetYear":2025,"reductionPercent":42}"#,
                                                   contentType: "application/json")
            #expect(targets.status == 422 && targets.text.contains("must come after the base year"), "\(targets.text)")
            let gwp = try await server.request("GET", "/api/v1/carbon/report?organization=acme&gwp=AR7")
            #expect(gwp.status == 400 && gwp.text.contains("AR4, AR5 or AR6"))
        }
    }
}
