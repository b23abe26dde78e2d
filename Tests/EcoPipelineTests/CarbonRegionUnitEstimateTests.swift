import EcoCarbon
import EcoCore
import EcoStoreSQLite
import Foundation
import Testing

@testable import EcoPipeline

/// Through the store: electricity sent without its grid region and diesel sent without its unit are stored as sent,
/// read back estimated from the organization's history (the facility's records; the supplier's bookings of the fuel),
/// counted in the "X% measured | Y% estimated" figure, and replaced by the measurement when it arrives.
struct CarbonRegionUnitEstimateTests {
    static let start: Int64 = 1_740_787_200_000  // 2025-03-01
    static let day: Int64 = 86_400_000

    static func time(_ k: Int) -> Int64 { start + Int64(k) * day + 3_600_000 }

    static func power(_ id: String, kWh: Double, region: String?, day k: Int) -> String {
        let place = region.map { #","region":"\#($0)""# } ?? ""
        return #"{"type":"electricity","organization":"acme","facility":"lyon","clientId":"\#(id)","time":\#(time(k)),"kWh":\#(kWh)\#(place)}"#
    }

    static func diesel(_ id: String, _ quantity: Double, unit: String?, day k: Int) -> String {
        let u = unit.map { #","unit":"\#($0)""# } ?? ""
        return #"{"type":"combustion","organization":"acme","supplier":"boilers","facility":"lyon","clientId":"\#(id)","time":\#(time(k)),"fuel":"diesel","quantity":\#(quantity)\#(u)}"#
    }

    @Test func aMissingRegionAndUnitAreEstimatedOnReadAndGoWhenTheMeasurementArrives() async throws {
        let platform = try await Platform(store: try SQLiteStore.temporary(), configuration: EcoConfiguration())
        let carbon = platform.carbon
        var lines = (0..<10).map { Self.power("p-\($0)", kWh: 1_000, region: "FR", day: $0) }
        lines += (0..<6).map { Self.diesel("d-\($0)", 900 + 10 * Double($0), unit: "gal", day: $0) }
        lines += [Self.power("p-gap", kWh: 2_000, region: nil, day: 12), Self.diesel("d-gap", 905, unit: nil, day: 12),
                  Self.diesel("d-unknown", 910, unit: "unknown", day: 13)]
        let report = try await carbon.ingest.ingest(Array(lines.joined(separator: "\n").utf8), format: .ndjson, caller: .cli)
        #expect(report.accepted == 19 && report.rejected == 0 && report.unaccounted == 0, "\(report)")
        #expect(report.fieldsToEstimate == 3)

        let from = Self.start, to = Self.start + 30 * Self.day
        let accounted = try await carbon.ledger.load("acme", fromMs: from, toMs: to)
        let region = try #require(accounted.fieldEstimates.first { $0.field == "region" })
        #expect(region.estimate == "FR" && accounted.table.estimated[region.row])
        #expect(isClose(accounted.result.locationKg[region.row], 2_000 * 0.056039), "OWID/Ember FR 2023, 56.039 g/kWh")
        let units = accounted.fieldEstimates.filter { $0.field == "unit" }
        #expect(units.map(\.estimate) == ["gal", "gal"])
        let perGallon = 10.21 + 0.41e-3 * 27.9 + 0.08e-3 * 273  // EPA Table 1 diesel under the default AR6 GWPs (CH4 27.9, N2O 273)
        for estimate in units { #expect(accounted.result.status[estimate.row] == .accounted && accounted.table.estimated[estimate.row]) }
        #expect(isClose(accounted.result.locationKg[units[0].row], 905 * perGallon))

        let quality = try await carbon.quality.assess("acme", window: CarbonWindow(fromMs: from, toMs: to), period: .day)
        #expect(quality.estimatedPercent > 0 && quality.summary.contains("% estimated"), "\(quality.summary)")

        var query = CarbonActivityQuery(organization: "acme")
        query.facility = "lyon"
        let page = try await carbon.activities.page(query, cursor: nil, gwp: nil).data
        let listed = try #require(page.first { $0.provenance.fieldEstimate?.field == "region" })
        #expect(listed.activity["region"] == nil, "the stored record keeps what was sent")
        #expect(listed.provenance.estimateBasis?.contains("region estimated as FR") == true)
        #expect(listed.provenance.factorId == "owid-ember-fr" && listed.provenance.co2eLowKg != nil)

        let fix = Self.power("p-gap", kWh: 2_000, region: "DE", day: 12) + "\n" + Self.diesel("d-gap", 905, unit: "L", day: 12) + "\n"
            + Self.diesel("d-unknown", 910, unit: "gal", day: 13)
        let fixed = try await carbon.ingest.ingest(Array(fix.utf8), format: .ndjson, caller: .cli)
        #expect(fixed.replaced == 3 && fixed.fieldsToEstimate == 0)
        let after = try await carbon.ledger.load("acme", fromMs: from, toMs: to)
        #expect(after.fieldEstimates.isEmpty && !after.table.estimated.contains(true))
        #expect(after.table.count == 19)
        #expect((0..<after.table.count).contains { isClose(after.result.locationKg[$0], 2_000 * 0.38095) }, "the measured DE region, not the estimate")
        let fixedQuality = try await carbon.quality.assess("acme", window: CarbonWindow(fromMs: from, toMs: to), period: .day)
        #expect(fixedQuality.estimatedPercent == 0, "\(fixedQuality.summary)")

        // An unknown unit name is still refused, saying what to send.
        let bad = try await carbon.ingest.ingest(Array(Self.diesel("d-bad", 5, unit: "barrels", day: 14).utf8), format: .ndjson, caller: .cli)
        #expect(bad.accepted == 0 && bad.rejected == 1)
    }

    func isClose(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-9 * max(abs(b), 1) } ?? false }
}
