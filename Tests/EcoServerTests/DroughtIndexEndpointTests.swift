import EcoAnalytics
import EcoCore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Testing

/// The food endpoints through the real server, checked against the pure SPI/SPEI functions of EcoAnalytics.
@Suite struct DroughtIndexEndpointTests {
    static let start = YearMonth(year: 1981, month: 1)

    /// 35 years of deterministic monthly precipitation (a few dry months) and temperature.
    static let precipitation: [Double?] = (0..<420).map { (index: Int) -> Double? in
        if index == 100 { return nil }
        if index % 97 == 13 { return 0 }
        let slow: Double = 35 * sin(Double(index) * 0.52)
        let fast: Double = 20 * sin(Double(index) * 1.9 + 0.4)
        return 55 + slow + fast + Double((index * 37) % 23)
    }
    static let temperature: [Double?] = (0..<420).map { (index: Int) -> Double? in
        let season: Double = cos(2 * Double.pi * Double(index % 12) / 12)
        let wobble: Double = Double((index * 13) % 7) * 0.2
        return 11 - 8 * season + wobble
    }

    static func body(index: String, scale: Int, months: Int = 420, extra: String = "") -> String {
        let rows = (0..<months).map { offset in
            let p = precipitation[offset].map { "\($0)" } ?? "null"
            return #"{"month":"\#(start.advanced(by: offset))","precipMm":\#(p),"tempC":\#(temperature[offset]!)}"#
        }
        return #"{"index":"\#(index)","scale":\#(scale),"latitude":45.2\#(extra),"months":[\#(rows.joined(separator: ","))]}"#
    }

    static func post(_ server: LiveServer, _ body: String) async throws -> LiveServer.Reply {
        try await server.request("POST", "/api/v1/food/drought-index/calculate", body: body, contentType: "application/json")
    }

    static func expectRows(_ rows: [[String: Any]], match series: StandardizedIndexSeries, tolerance: Double = 1e-12) {
        #expect(rows.count == series.values.count)
        for (offset, row) in rows.enumerated() {
            #expect(row["month"] as? String == series.start.advanced(by: offset).description)
            if let value = series.values[offset] {
                #expect(abs((row["value"] as? Double ?? .nan) - value) <= tolerance, "\(row)")
                #expect(row["category"] as? String == DroughtCategory(value: value).rawValue)
            } else {
                #expect(row["value"] is NSNull && row["category"] is NSNull, "\(row)")
            }
        }
    }

    @Test(arguments: [("spi", 1), ("spi", 3), ("spei", 3), ("spei", 12)])
    func calculatorMatchesThePureComputation(index: String, scale: Int) async throws {
        let options = StandardizedIndexOptions(scale: scale)
        let series = index == "spi"
            ? try StandardizedPrecipitationIndex.compute(precipitation: Self.precipitation, start: Self.start, options: options)
            : try StandardizedEvapotranspirationIndex.compute(
                precipitation: Self.precipitation,
                potentialEvapotranspiration: PotentialEvapotranspiration.thornthwaite(temperatureC: Self.temperature, start: Self.start, latitude: 45.2),
                start: Self.start, options: options)
        try await LiveServer.with { server in
            let reply = try await Self.post(server, Self.body(index: index, scale: scale))
            #expect(reply.status == 200, "\(reply.text)")
            let body = try reply.json()
            #expect(body["index"] as? String == index && body["scale"] as? Int == scale && body["minYears"] as? Int == 30)
            Self.expectRows(body["data"] as? [[String: Any]] ?? [], match: series)
            #expect(((body["data"] as? [[String: Any]])?.first?["value"] is NSNull) == (scale > 1))
            #expect(body["undefinedMonths"] as? [String: String] == [:])
        }
    }

    @Test(arguments: [
        (#"{"index":"spi","scale":0,"months":[{"month":"2000-01","precipMm":3}]}"#, 422, "Scale 0 is not a number of months; use 1 or more"),
        (#"{"index":"spx","scale":3,"months":[{"month":"2000-01","precipMm":3}]}"#, 400, "'index' must be spi or spei; got 'spx'."),
        (#"{"index":"spi","scale":3,"months":[]}"#, 422, "'months' is empty"),
        (#"{"index":"spi","scale":3,"months":[{"month":"2000-01","precipMm":3},{"month":"2000-03","precipMm":3}]}"#, 422,
         "months[1] is 2000-03 but follows 2000-01; months must be consecutive (send 2000-02 with precipMm null if it is missing)."),
        (#"{"index":"spi","scale":3,"months":[{"month":"Jan 2000","precipMm":3}]}"#, 422, "months[0].month 'Jan 2000' is not YYYY-MM"),
        (#"{"index":"spi","scale":3,"months":[{"month":"2000-01","precipMm":-3}]}"#, 422, "Precipitation -3.0 mm in 2000-01 is negative"),
        (#"{"index":"spei","scale":3,"months":[{"month":"2000-01","precipMm":3}]}"#, 422, "The SPEI needs potential evapotranspiration"),
        (#"{"index":"spei","scale":3,"months":[{"month":"2000-01","precipMm":3,"tempC":4}]}"#, 422, "Thornthwaite PET needs the latitude"),
        (#"{"index":"spi","scale":3,"minYears":2,"months":[{"month":"2000-01","precipMm":3}]}"#, 422, "minYears must be from 5 to 100"),
        (#"{"scale":3,"months":[]}"#, 400, "index is required"),
    ])
    func badBodiesAreProblemsSayingWhatAndHowToFix(body: String, status: Int, message: String) async throws {
        try await LiveServer.with { server in
            let reply = try await Self.post(server, body)
            #expect(reply.status == status, "\(reply.text)")
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(reply.text)")
        }
    }

    @Test func aRecordTooShortForTheFitSaysSoAndMinYearsLowersTheBar() async throws {
        try await LiveServer.with { server in
            let short = try await Self.post(server, Self.body(index: "spi", scale: 3, months: 120))
            #expect(short.status == 422)
            #expect((try short.json()["detail"] as? String ?? "").contains("The record has 10 years of data at scale 3"))
            #expect(short.text.contains("(minYears, at least 5)"))
            var options = StandardizedIndexOptions(scale: 3)
            options.minimumYears = 8
            let expected = try StandardizedPrecipitationIndex.compute(precipitation: Array(Self.precipitation.prefix(120)), start: Self.start, options: options)
            let reply = try await Self.post(server, Self.body(index: "spi", scale: 3, months: 120, extra: #","minYears":8"#))
            #expect(reply.status == 200, "\(reply.text)")
            Self.expectRows(try reply.json()["data"] as? [[String: Any]] ?? [], match: expected)
        }
    }

    // MARK: stored data

    /// The demo's long climate records, monthly as the pure functions want them: totals of complete months,
    /// means of months passing the WMO 3/5 rule (every day is there, so all of them), at `station`.
    static func demoMonthly(_ batches: [[Observation]], station: String) -> (start: YearMonth, precipitation: [Double?], temperature: [Double?]) {
        func monthly(_ variable: String) -> [YearMonth: (sum: Double, days: Int)] {
            var months: [YearMonth: (sum: Double, days: Int)] = [:]
            for observation in batches.joined() where observation.series.variable == variable && observation.series.stationId == station {
                let date = CivilDate.date(fromDays: Int(observation.observedAtMs / 86_400_000))
                months[YearMonth(year: date.year, month: date.month), default: (0, 0)].sum += observation.value
                months[YearMonth(year: date.year, month: date.month), default: (0, 0)].days += 1
            }
            return months.filter { $0.value.days == $0.key.dayCount }
        }
        let rain = monthly("precipitation"), heat = monthly("temperature_2m")
        let first = rain.keys.min()!, last = rain.keys.max()!
        let months = (0...(last.ordinal - first.ordinal)).map { first.advanced(by: $0) }
        return (first, months.map { rain[$0]?.sum }, months.map { heat[$0].map { $0.sum / Double($0.days) } })
    }

    @Test func storedIndexIsThePureIndexOfTheCellsCompleteMonths() async throws {
        let end: Int64 = 1_767_225_600_000 + 17 * 86_400_000   // 2026-01-18: the record starts and ends mid-month
        let batches = DemoClimate.observations(endMs: end)
        let station = DemoClimate.stations[0]
        let cell = Spatial.parent(of: Spatial.cell15(lat: station.lat, lng: station.lng), resolution: 7)
        let monthly = Self.demoMonthly(batches, station: station.id)
        #expect(monthly.start == YearMonth(year: 1986, month: 2))          // January 1986 is incomplete
        #expect(monthly.start.advanced(by: monthly.precipitation.count - 1) == YearMonth(year: 2025, month: 12))
        try await LiveServer.with { server in
            for batch in batches { _ = try await server.services.store.insert(batch) }
            let spi = try StandardizedPrecipitationIndex.compute(precipitation: monthly.precipitation, start: monthly.start,
                                                                   options: StandardizedIndexOptions(scale: 3))
            let body = try await server.request("GET", "/api/v1/food/drought-index?h3=\(Spatial.hex(cell))&scale=3&index=spi").json()
            #expect(body["stations"] as? Int == 1 && body["h3Index"] as? String == Spatial.hex(cell))
            let rows = body["data"] as? [[String: Any]] ?? []
            Self.expectRows(rows, match: spi, tolerance: 1e-9)
            // The demo's planned drought shows: months classed severely or extremely dry in its last year.
            let dry = rows.suffix(8).compactMap { $0["category"] as? String }.filter { $0.hasSuffix("dry") }
            #expect(!dry.isEmpty, "\(rows.suffix(8))")

            let latitude = Spatial.center(of: cell).lat
            let pet = try PotentialEvapotranspiration.thornthwaite(temperatureC: monthly.temperature, start: monthly.start, latitude: latitude)
            let spei = try StandardizedEvapotranspirationIndex.compute(precipitation: monthly.precipitation, potentialEvapotranspiration: pet,
                                                                        start: monthly.start, options: StandardizedIndexOptions(scale: 3))
            let speiBody = try await server.request("GET", "/api/v1/food/drought-index?h3=\(Spatial.hex(cell))&scale=3&index=spei").json()
            #expect(speiBody["petMethod"] as? String == "thornthwaite")
            #expect(abs((speiBody["latitude"] as? Double ?? 0) - latitude) < 1e-12)
            Self.expectRows(speiBody["data"] as? [[String: Any]] ?? [], match: spei, tolerance: 1e-9)
            let firstRow = (speiBody["data"] as? [[String: Any]])?.first ?? [:]
            #expect(abs((firstRow["precipitationMm"] as? Double ?? .nan) - monthly.precipitation[0]!) < 1e-9)
            #expect(abs((firstRow["petMm"] as? Double ?? .nan) - pet[0]!) < 1e-9)
        }
    }

    @Test func storedIndexErrorsSayWhatIsMissing() async throws {
        try await LiveServer.with { server in
            // One month of daily rain: no fit possible.
            let rain = (0..<31).map { day in
                #"{"variable":"precipitation","value":\#(Double(day % 4)),"observedAt":\#(1_767_225_600_000 + Int64(day) * 86_400_000),"lat":48.85,"lng":2.35,"stationId":"r"}"#
            }.joined(separator: "\n")
            try await AlertPipelineTests.ingest(server, rain)
            let cell = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: 48.85, lng: 2.35), resolution: 7))
            for (query, status, message) in [
                ("h3=\(cell)", 422, "The record has 0 years of data at scale 3"),
                ("h3=\(cell)&scale=0", 422, "Scale 0 is not a number of months"),
                ("h3=\(cell)&index=spei", 422, "has no temperature_2m month"),
                ("h3=872830828ffffff", 404, "No precipitation series lies in cell 872830828ffffff"),
                ("scale=3", 400, "Query parameter 'h3' is required"),
                ("h3=\(cell)&calibration=2020", 400, "'calibration' is FIRST-LAST"),
            ] {
                let reply = try await server.request("GET", "/api/v1/food/drought-index?\(query)")
                #expect(reply.status == status, "\(query): \(reply.text)")
                #expect((try reply.json()["detail"] as? String ?? "").contains(message), "\(query): \(reply.text)")
            }
        }
    }
}
