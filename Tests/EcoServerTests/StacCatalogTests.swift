import EcoCore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// The STAC catalog (`/api/v1/catalog`) through the real server: documents, filters, paging, errors and scope.
/// The object schemas and API conformance are checked by the reference validators in scripts/checks/stac.sh.
@Suite struct StacCatalogTests {
    static let hour: Int64 = 3_600_000
    static let t0 = IngestTests.t0

    /// Five PM2.5 stations on a diagonal, each reporting over its own hours, and one O3 station.
    static let stations: [(name: String, lat: Double, lng: Double, hours: Range<Int>)] = [
        ("a", 48.80, 2.30, 0..<5), ("b", 48.85, 2.35, 3..<8), ("c", 48.90, 2.40, 6..<10), ("d", 48.95, 2.45, 0..<10), ("e", 49.00, 2.50, 8..<12),
    ]

    static func line(_ variable: String, station: String, lat: Double, lng: Double, hour: Int) -> String {
        #"{"variable":"\#(variable)","value":\#(10 + hour),"observedAt":\#(t0 + Int64(hour) * Self.hour),"lat":\#(lat),"lng":\#(lng),"source":"stac","stationId":"\#(station)"}"#
    }

    static func seed(_ server: LiveServer) async throws {
        var lines: [String] = []
        for station in stations {
            for hour in station.hours { lines.append(line("pm25", station: station.name, lat: station.lat, lng: station.lng, hour: hour)) }
        }
        for hour in 0..<3 { lines.append(line("o3", station: "a", lat: 48.80, lng: 2.30, hour: hour)) }
        try await AlertPipelineTests.ingest(server, lines.joined(separator: "\n"))
    }

    static func time(_ hour: Int) -> String { Timestamp.format(ms: t0 + Int64(hour) * Self.hour) }

    static func get(_ server: LiveServer, _ path: String, as credentials: LiveServer.Credentials = .admin) async throws -> [String: Any] {
        let reply = try await server.request("GET", path, as: credentials)
        #expect(reply.status == 200, "\(path): \(reply.text)")
        return try reply.json()
    }

    static func features(_ page: [String: Any]) -> [[String: Any]] { page["features"] as? [[String: Any]] ?? [] }

    /// The stations of the items of a page, sorted.
    static func stationsOf(_ page: [String: Any]) -> [String] {
        features(page).compactMap { ($0["properties"] as? [String: Any])?["ecotrack:station"] as? String }.sorted()
    }

    static func link(_ document: [String: Any], _ rel: String) -> [String: Any]? {
        (document["links"] as? [[String: Any]])?.first { $0["rel"] as? String == rel }
    }

    /// The path and query of an absolute link, to send it to the test server.
    static func relative(_ href: String) -> String {
        let url = URL(string: href)!
        return url.path + (url.query.map { "?" + $0 } ?? "")
    }

    static func query(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    @Test func landingConformanceAndCollectionsDescribeTheVariablesWithData() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let landing = try await Self.get(server, "/api/v1/catalog")
            #expect(landing["type"] as? String == "Catalog" && landing["stac_version"] as? String == "1.1.0")
            #expect((landing["conformsTo"] as? [String] ?? []).contains("https://api.stacspec.org/v1.0.0/item-search"))
            let children = (landing["links"] as? [[String: Any]] ?? []).filter { $0["rel"] as? String == "child" }.compactMap { $0["title"] as? String }
            #expect(children == ["o3", "pm25"])
            #expect((Self.link(landing, "self")?["href"] as? String)?.hasPrefix(server.baseURL.absoluteString) == true)
            let conformance = try await Self.get(server, "/api/v1/catalog/conformance")
            #expect(conformance["conformsTo"] as? [String] == StacCatalog.conformance)

            let collections = try await Self.get(server, "/api/v1/catalog/collections")["collections"] as? [[String: Any]] ?? []
            #expect(collections.compactMap { $0["id"] as? String } == ["o3", "pm25"])
            let pm25 = try await Self.get(server, "/api/v1/catalog/collections/pm25")
            #expect(pm25["type"] as? String == "Collection" && pm25["license"] as? String == "other")
            let extent = pm25["extent"] as? [String: Any]
            let box = ((extent?["spatial"] as? [String: Any])?["bbox"] as? [[Double]])?.first ?? []
            #expect(box.count == 4 && abs(box[0] - 2.30) < 1e-9 && abs(box[1] - 48.80) < 1e-9 && abs(box[2] - 2.50) < 1e-9 && abs(box[3] - 49.00) < 1e-9, "\(box)")
            let interval = ((extent?["temporal"] as? [String: Any])?["interval"] as? [[String?]])?.first ?? []
            #expect(interval.last == Self.time(11), "\(interval)")
            // Rounded down to the first day of the month of the first observation.
            #expect(interval.first??.hasSuffix("-01T00:00:00Z") == true && (interval.first??.prefix(7)).map(String.init) == String(Self.time(0).prefix(7)))

            let missing = try await server.request("GET", "/api/v1/catalog/collections/so2")
            #expect(missing.status == 404 && missing.contentType.hasPrefix("application/problem+json"))
            #expect(missing.text.contains("/api/v1/catalog/collections lists them"))
        }
    }

    @Test func itemsPageThroughEverySeriesOnceWithTheirTimeRangeAndAssets() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            var path: String? = "/api/v1/catalog/collections/pm25/items?limit=2"
            var seen: [String] = [], pages = 0
            while let next = path {
                let reply = try await server.request("GET", next)
                #expect(reply.status == 200 && reply.contentType.hasPrefix("application/geo+json"), "\(reply.text)")
                let page = try reply.json()
                pages += 1
                #expect(page["numberReturned"] as? Int == Self.features(page).count)
                for item in Self.features(page) {
                    let properties = item["properties"] as? [String: Any] ?? [:]
                    let station = Self.stations.first { $0.name == properties["ecotrack:station"] as? String }!
                    #expect(item["collection"] as? String == "pm25" && item["type"] as? String == "Feature")
                    #expect(properties["start_datetime"] as? String == Self.time(station.hours.lowerBound))
                    #expect(properties["end_datetime"] as? String == Self.time(station.hours.upperBound - 1))
                    #expect(properties["datetime"] is NSNull)
                    #expect((item["geometry"] as? [String: Any])?["coordinates"] as? [Double] == [station.lng, station.lat])
                    let assets = item["assets"] as? [String: [String: Any]] ?? [:]
                    #expect(Set(assets.keys) == ["csv", "ndjson", "timeseries"])
                    // The CSV asset downloads exactly this series.
                    let csv = try await server.request("GET", Self.relative(assets["csv"]?["href"] as? String ?? ""))
                    #expect(csv.status == 200 && csv.text.split(separator: "\n").count == station.hours.count + 1, "\(csv.text)")
                    // The item is also reachable on its own.
                    let own = try await Self.get(server, Self.relative(Self.link(item, "self")?["href"] as? String ?? ""))
                    #expect(own["id"] as? String == item["id"] as? String)
                    seen.append(station.name)
                }
                path = (Self.link(page, "next")?["href"] as? String).map(Self.relative)
                #expect(pages <= 3)
            }
            #expect(pages == 3 && seen.sorted() == ["a", "b", "c", "d", "e"] && Set(seen).count == 5)
            let unknown = try await server.request("GET", "/api/v1/catalog/collections/pm25/items/series-999999")
            #expect(unknown.status == 404 && unknown.text.contains("has no item 'series-999999'"))
            let wrongCollection = try await server.request("GET", "/api/v1/catalog/collections/o3/items/" + ((Self.features(
                try await Self.get(server, "/api/v1/catalog/search?collections=pm25&limit=1")).first?["id"] as? String) ?? ""))
            #expect(wrongCollection.status == 404)
        }
    }

    @Test(arguments: [
        ("bbox=2.32,48.82,2.42,48.92", ["b", "c"]),
        ("datetime=\(query(time(5)))/\(query(time(7)))", ["b", "c", "d"]),
        ("datetime=../\(query(time(2)))", ["a", "d"]),
        ("datetime=\(query(time(9)))", ["c", "d", "e"]),
        ("datetime=\(query(time(10)))/..", ["e"]),
        ("intersects=\(query(#"{"type":"Polygon","coordinates":[[[2.32,48.82],[2.42,48.82],[2.42,48.92],[2.32,48.92],[2.32,48.82]]]}"#))", ["b", "c"]),
        ("intersects=\(query(#"{"type":"Point","coordinates":[2.45,48.95]}"#))", ["d"]),
        ("intersects=\(query(#"{"type":"LineString","coordinates":[[2.30,48.80],[2.40,48.90]]}"#))", ["a", "b", "c"]),
        ("bbox=2.32,48.82,2.52,49.1&datetime=\(query(time(0)))/\(query(time(4)))", ["b", "d"]),
    ])
    func searchFiltersByPlaceAndTimeAlikeWithGetAndPost(filter: String, expected: [String]) async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let viaGet = try await Self.get(server, "/api/v1/catalog/search?collections=pm25&\(filter)")
            #expect(Self.stationsOf(viaGet) == expected, "GET \(filter)")
            // The same filter as a POST body.
            var body: [String: Any] = ["collections": ["pm25"]]
            for pair in filter.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let value = parts[1].removingPercentEncoding!
                switch parts[0] {
                case "bbox": body["bbox"] = value.split(separator: ",").map { Double($0)! }
                case "intersects": body["intersects"] = try JSONSerialization.jsonObject(with: Data(value.utf8))
                default: body[parts[0]] = value
                }
            }
            let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
            let viaPost = try await server.request("POST", "/api/v1/catalog/search", body: text, contentType: "application/json")
            #expect(viaPost.status == 200, "\(viaPost.text)")
            #expect(Self.stationsOf(try viaPost.json()) == expected, "POST \(text)")
        }
    }

    @Test func searchAcrossCollectionsByIdAndPostPagingRepeatsTheBody() async throws {
        try await LiveServer.with { server in
            try await Self.seed(server)
            let all = Self.features(try await Self.get(server, "/api/v1/catalog/search?limit=100"))
            #expect(all.count == 6 && Set(all.compactMap { $0["collection"] as? String }) == ["o3", "pm25"])
            let ids = all.prefix(2).compactMap { $0["id"] as? String }
            let byID = try await Self.get(server, "/api/v1/catalog/search?ids=\(ids.joined(separator: ","))")
            #expect(Self.features(byID).compactMap { $0["id"] as? String } == ids)

            var body = #"{"collections":["pm25"],"limit":3}"#
            var seen: [String] = []
            for page in 0..<2 {
                let reply = try await server.request("POST", "/api/v1/catalog/search", body: body, contentType: "application/json")
                let json = try reply.json()
                seen += Self.stationsOf(json)
                let next = Self.link(json, "next")
                #expect((next != nil) == (page == 0), "\(reply.text)")
                guard let next else { break }
                #expect(next["method"] as? String == "POST")
                let nextBody = next["body"] as? [String: Any] ?? [:]
                #expect(nextBody["collections"] as? [String] == ["pm25"] && nextBody["limit"] as? Int == 3 && nextBody["token"] is String)
                body = String(decoding: try JSONSerialization.data(withJSONObject: nextBody), as: UTF8.self)
            }
            #expect(seen.sorted() == ["a", "b", "c", "d", "e"])
        }
    }

    @Test(arguments: [
        ("GET", "/api/v1/catalog/search?bbox=2,48,3", "'bbox' must be 4 numbers west,south,east,north"),
        ("GET", "/api/v1/catalog/search?bbox=2,49,3,48", "bbox"),
        ("GET", "/api/v1/catalog/search?datetime=yesterday", "'datetime' must be an RFC 3339 date-time"),
        ("GET", "/api/v1/catalog/search?datetime=2024-02-30T00:00:00Z", "'datetime' must be an RFC 3339 date-time"),
        ("GET", "/api/v1/catalog/search?datetime=2024-05-02T00:00:00Z/2024-05-01T00:00:00Z", "start before end"),
        ("GET", "/api/v1/catalog/search?datetime=../..", "'datetime' must be"),
        ("GET", "/api/v1/catalog/search?limit=0", "'limit' must be 1 or more"),
        ("GET", "/api/v1/catalog/search?limit=ten", "'limit' must be a whole number"),
        ("GET", "/api/v1/catalog/search?token=page2", "is not a paging token"),
        ("GET", "/api/v1/catalog/collections/pm25/items?bbox=a,b,c,d", "'bbox' must be 4 numbers"),
        ("POST", #"{"bbox":[2,48,3,49],"intersects":{"type":"Point","coordinates":[2.3,48.8]}}"#, "not both"),
        ("POST", #"{"intersects":{"type":"Polygon","coordinates":[[[2,48],[3,48],[3,49],[2,49]]]}}"#, "must be closed"),
        ("POST", #"{"intersects":{"type":"Circle","coordinates":[2,48]}}"#, "is not a GeoJSON geometry"),
        ("POST", #"{"intersects":{"type":"Point","coordinates":[200,48]}}"#, "not [longitude, latitude]"),
        ("POST", #"{"collections":"pm25"}"#, "'collections' must be an array of strings"),
        ("POST", #"{"limit":2.5}"#, "'limit' must be a whole number"),
        ("POST", #"[1,2]"#, "must be a JSON object"),
    ])
    func badSearchesAreProblemsSayingWhatIsWrong(method: String, target: String, message: String) async throws {
        try await LiveServer.with { server in
            let reply = method == "GET"
                ? try await server.request("GET", target)
                : try await server.request("POST", "/api/v1/catalog/search", body: target, contentType: "application/json")
            #expect(reply.status == 400, "\(target): \(reply.status) \(reply.text)")
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(target): \(reply.text)")
        }
    }

    @Test func restrictedSeriesAreCataloguedOnlyForTheirOrganization() async throws {
        try await LiveServer.with(configure: { $0.publicRead = true }) { server in
            try await Self.seed(server)
            let accounts = server.services.access.accounts
            let writer = try await accounts.createUser(email: "writer@acme.example", role: .contributor, organization: "acme").key.key
            let insider = try await accounts.createUser(email: "analyst@acme.example", role: .analyst, organization: "acme").key.key
            let outsider = try await accounts.createUser(email: "analyst@other.example", role: .analyst, organization: "other").key.key
            let secret = Self.line("no2", station: "secret", lat: 48.86, lng: 2.36, hour: 1)
            let written = try await server.request("POST", "/api/v1/observations?visibility=organization", body: secret,
                                                   contentType: "application/x-ndjson", as: .bearer(writer))
            #expect(written.status == 200, "\(written.text)")
            for (who, credentials, sees) in [("insider", LiveServer.Credentials.bearer(insider), true), ("outsider", .bearer(outsider), false),
                                              ("anonymous", .none, false)] {
                let collections = try await Self.get(server, "/api/v1/catalog/collections", as: credentials)["collections"] as? [[String: Any]] ?? []
                #expect(collections.contains { $0["id"] as? String == "no2" } == sees, "\(who)")
                let search = try await Self.get(server, "/api/v1/catalog/search?limit=100", as: credentials)
                #expect(Self.stationsOf(search).contains("secret") == sees, "\(who)")
                #expect(Self.features(search).count == (sees ? 7 : 6), "\(who)")
                let collection = try await server.request("GET", "/api/v1/catalog/collections/no2", as: credentials)
                #expect(collection.status == (sees ? 200 : 404), "\(who): \(collection.text)")
            }
        }
    }
}
