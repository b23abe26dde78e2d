import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoCore
@testable import EcoServer
import Foundation
import Testing

/// Restricted series stay inside their organization on every read path (issue #4).
@Suite struct RowLevelScopeTests {
    static func record(_ station: String, _ value: Double) -> String {
        #"{"variable":"pm25","value":\#(value),"observedAt":\#(IngestTests.t0),"lat":48.85,"lng":2.35,"stationId":"\#(station)"}"#
    }

    @Test func restrictedSeriesAreInvisibleOutsideTheirOrganization() async throws {
        try await LiveServer.with(configure: { $0.publicRead = true }) { server in
            let accounts = server.services.access.accounts
            let acme = try await accounts.createUser(email: "writer@acme.example", role: .contributor, organization: "acme").key.key
            let acmeAnalyst = try await accounts.createUser(email: "analyst@acme.example", role: .analyst, organization: "acme").key.key
            let otherAnalyst = try await accounts.createUser(email: "analyst@other.example", role: .analyst, organization: "other").key.key
            let viewer = try await accounts.createUser(email: "viewer@acme.example", role: .viewer, organization: "acme").key.key

            let secret = try await server.request("POST", "/api/v1/observations?visibility=organization", body: Self.record("private", 99),
                                                   contentType: "application/x-ndjson", as: .bearer(acme))
            #expect(secret.status == 200, "\(secret.text)")
            let open = try await server.request("POST", "/api/v1/observations", body: Self.record("public", 11),
                                                contentType: "application/x-ndjson", as: .bearer(acme))
            #expect(open.status == 200)

            let cell = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: 48.85, lng: 2.35), resolution: 7))
            let reads = [
                "/api/v1/observations?variable=pm25",
                "/api/v1/observations?variable=pm25&format=ndjson",
                "/api/v1/observations/latest?variable=pm25&bbox=2,48,3,49&resolution=7",
                "/api/v1/observations/\(cell)/timeseries?variable=pm25&bucket=raw",
                "/api/v1/cells?variable=pm25&resolution=7",
            ]
            for path in reads {
                for (who, credentials, seesSecret) in [("same-organization analyst", LiveServer.Credentials.bearer(acmeAnalyst), true),
                                                       ("admin", .admin, true),
                                                       ("other organization", .bearer(otherAnalyst), false),
                                                       ("viewer (read:public only)", .bearer(viewer), false),
                                                       ("anonymous", .none, false)] {
                    let reply = try await server.request("GET", path, as: credentials)
                    if path.contains("format=ndjson") && who == "viewer (read:public only)" { continue } // export needs export:data
                    if path.contains("format=ndjson") && who == "anonymous" { continue }
                    #expect(reply.status == 200, "\(who) \(path): \(reply.status) \(reply.text)")
                    #expect(reply.text.contains("99") == seesSecret, "\(who) \(path): \(reply.text)")
                    #expect(reply.text.contains("11"), "\(who) \(path) should see public data: \(reply.text)")
                }
            }
        }
    }

    @Test func organizationVisibilityNeedsAnOrganization() async throws {
        try await LiveServer.with { server in
            let reply = try await server.request("POST", "/api/v1/observations?visibility=organization", body: Self.record("x", 1), contentType: "application/x-ndjson")
            #expect(reply.status == 400)
            #expect(reply.text.contains("needs a user with an organization"))
            let bad = try await server.request("POST", "/api/v1/observations?visibility=secret", body: Self.record("x", 1), contentType: "application/x-ndjson")
            #expect(bad.status == 400)
        }
    }

    @Test func forecastsOfRestrictedDataAreNotSharedAcrossOrganizations() async throws {
        try await LiveServer.with { server in
            let accounts = server.services.access.accounts
            let acme = try await accounts.createUser(email: "writer@acme.example", role: .contributor, organization: "acme").key.key
            let other = try await accounts.createUser(email: "analyst@other.example", role: .analyst, organization: "other").key.key
            let lines = (0..<72).map { hour in
                #"{"variable":"pm25","value":\#(10 + hour % 24),"observedAt":\#(IngestTests.t0 + Int64(hour) * 3_600_000),"lat":48.85,"lng":2.35,"stationId":"p"}"#
            }.joined(separator: "\n")
            _ = try await server.request("POST", "/api/v1/observations?visibility=organization", body: lines, contentType: "application/x-ndjson", as: .bearer(acme))
            let path = "/api/v1/climate/forecasts?h3=\(ForecastTests.cell)&variable=pm25&horizon=3"
            #expect(try await server.request("GET", path, as: .bearer(acme)).status == 200)
            #expect(try await server.request("GET", path, as: .bearer(other)).status == 404)
        }
    }
}
