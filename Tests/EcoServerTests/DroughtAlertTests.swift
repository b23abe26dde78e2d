import EcoAnalytics
import EcoCore

@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Synchronization
import Testing

/// Drought alerts through the real server: a cell whose latest SPI-3 is severely dry or drier holds one `drought`
/// alert, with the value the pure SPI gives, resolved when a wet month lifts the index.
@Suite struct DroughtAlertTests {
    static let start = YearMonth(year: 1990, month: 1)
    static let dry = (lat: 48.85, lng: 2.35), normal = (lat: 48.95, lng: 2.60)

    /// 31 years of monthly totals (mm); `dryEnd` makes the last three months nearly rainless.
    static func totals(dryEnd: Bool) -> [Double] {
        (0..<372).map { index in
            if dryEnd && index >= 369 { return 2 }
            return 45 + 30 * sin(Double(index) * 0.52) + Double((index * 37) % 23)
        }
    }

    /// Daily NDJSON spreading each month's total evenly over its days (every day present, as the index wants).
    static func ndjson(_ totals: [Double], from first: YearMonth, at place: (lat: Double, lng: Double)) -> String {
        totals.enumerated().flatMap { offset, total in
            let month = first.advanced(by: offset)
            let days = CivilDate.daysInMonth(year: month.year, month: month.month)
            return (1...days).map { day in
                let ms = Int64(CivilDate.days(year: month.year, month: month.month, day: day)) * 86_400_000 + 12 * 3_600_000
                return #"{"variable":"precipitation","value":\#(total / Double(days)),"observedAt":\#(ms),"lat":\#(place.lat),"lng":\#(place.lng),"source":"gauge","stationId":"g\#(place.lat)"}"#
            }
        }.joined(separator: "\n")
    }

    static func ingest(_ server: LiveServer, _ totals: [Double], from first: YearMonth, at place: (lat: Double, lng: Double)) async throws {
        for year in stride(from: 0, to: totals.count, by: 60) {
            let part = Array(totals[year..<min(year + 60, totals.count)])
            try await AlertPipelineTests.ingest(server, ndjson(part, from: first.advanced(by: year), at: place))
        }
    }

    static func spi3(_ totals: [Double]) throws -> Double {
        try #require(try StandardizedPrecipitationIndex.compute(precipitation: totals, start: start, options: StandardizedIndexOptions(scale: 3)).values.last ?? nil)
    }

    static func alerts(_ server: LiveServer, status: String) async throws -> [[String: Any]] {
        try await AlertPipelineTests.alerts(server, "?status=\(status)").filter { $0["alertType"] as? String == "drought" }
    }

    static func wait(_ server: LiveServer, status: String, until done: ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
        var found: [[String: Any]] = []
        for _ in 0..<400 {
            found = try await alerts(server, status: status)
            if done(found) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return found
    }

    static func ms(_ year: Int, _ month: Int, _ day: Int) -> Int64 { Int64(CivilDate.days(year: year, month: month, day: day)) * 86_400_000 }

    @Test func aSeverelyDryCellHoldsOneAlertWithThePureIndexUntilAWetMonthLiftsIt() async throws {
        let dryTotals = Self.totals(dryEnd: true), normalTotals = Self.totals(dryEnd: false)
        let expectedDry = try Self.spi3(dryTotals), expectedNormal = try Self.spi3(normalTotals)
        #expect(expectedDry <= -1.5 && expectedNormal > -1.5, "fixture: \(expectedDry) \(expectedNormal)")
        let now = Mutex(Self.ms(2021, 1, 15))
        try await LiveServer.with(configure: { $0.droughtCheckSeconds = 0.2 }, clock: { now.withLock { $0 } }) { server in
            try await Self.ingest(server, dryTotals, from: Self.start, at: Self.dry)
            try await Self.ingest(server, normalTotals, from: Self.start, at: Self.normal)
            let cell = Spatial.hex(Spatial.parent(of: Spatial.cell15(lat: Self.dry.lat, lng: Self.dry.lng), resolution: 7))

            let firing = try await Self.wait(server, status: "firing") { !$0.isEmpty }
            #expect(firing.count == 1, "\(firing)")
            let alert = try #require(firing.first)
            let category = DroughtCategory(value: expectedDry)
            #expect(alert["h3Index"] as? String == cell && alert["domain"] as? String == "food")
            #expect(alert["severity"] as? String == (category == .extremelyDry ? "critical" : "warning"))
            let metadata = alert["metadata"] as? [String: Any] ?? [:]
            #expect(abs((metadata["value"] as? Double ?? .nan) - expectedDry) < 1e-6, "\(metadata)")
            #expect(metadata["month"] as? String == "2020-12" && metadata["category"] as? String == category.rawValue)
            // The endpoint agrees.
            let document = try await server.request("GET", "/api/v1/food/drought-index?h3=\(cell)&scale=3").json()
            let last = (document["data"] as? [[String: Any]])?.last
            #expect(abs((last?["value"] as? Double ?? .nan) - expectedDry) < 1e-9)

            // Checked again and again, the cell keeps its one alert.
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await Self.alerts(server, status: "firing").count == 1)

            // A very wet January lifts the three-month index; a month later the alert resolves.
            let wet = dryTotals + [400]
            let expectedWet = try Self.spi3(wet)
            #expect(expectedWet > -1.5)
            now.withLock { $0 = Self.ms(2021, 2, 10) }
            try await Self.ingest(server, [400], from: YearMonth(year: 2021, month: 1), at: Self.dry)
            let resolved = try await Self.wait(server, status: "resolved") { !$0.isEmpty }
            #expect(resolved.count == 1 && resolved.first?["h3Index"] as? String == cell)
            #expect(try await Self.alerts(server, status: "firing").isEmpty)
        }
    }

    @Test func anOldRecordRaisesNothing() async throws {
        // The same dry record, seen from 2022-06: its latest index is 18 months old.
        let now = Mutex(Self.ms(2022, 6, 1))
        try await LiveServer.with(configure: { $0.droughtCheckSeconds = 0.2 }, clock: { now.withLock { $0 } }) { server in
            try await Self.ingest(server, Self.totals(dryEnd: true), from: Self.start, at: Self.dry)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await Self.alerts(server, status: "firing").isEmpty)
        }
    }
}
