import EcoCarbon
import EcoCore
import EcoStoreSQLite
import Foundation
import Testing

@testable import EcoPipeline

/// Through the store: a freight leg sent without its load is stored as sent, read back with an estimated
/// load (marked estimated, with its basis and band), and the estimate goes when the load is sent.
struct CarbonFieldEstimateTests {
    static let start: Int64 = 1_740_787_200_000  // 2025-03-01
    static let day: Int64 = 86_400_000

    static func line(_ supplier: String, _ clientId: String, km: Double, loadKg: Double?, day k: Int) -> String {
        let load = loadKg.map { #","loadKg":\#($0)"# } ?? ""
        return #"{"type":"transport","organization":"acme","supplier":"\#(supplier)","clientId":"\#(clientId)","time":\#(start + Int64(k) * day + 3_600_000),"mode":"rail","distanceKm":\#(km)\#(load)}"#
    }

    @Test func aMissingLoadIsEstimatedOnReadAndGoesWhenTheMeasurementArrives() async throws {
        let platform = try await Platform(store: try SQLiteStore.temporary(), configuration: EcoConfiguration())
        let carbon = platform.carbon
        var lines = (0..<20).map { Self.line("rail-a", "a-\($0)", km: 100 + 40 * Double($0), loadKg: 20_000, day: $0) }
        lines += (0..<20).map { Self.line("rail-b", "b-\($0)", km: 100 + 40 * Double($0), loadKg: 60_000, day: $0) }
        lines.append(Self.line("rail-a", "a-gap", km: 450, loadKg: nil, day: 21))
        let report = try await carbon.ingest.ingest(Array(lines.joined(separator: "\n").utf8), format: .ndjson, caller: .cli)
        #expect(report.accepted == 41 && report.rejected == 0 && report.unaccounted == 0)
        #expect(report.fieldsToEstimate == 1)

        let from = Self.start, to = Self.start + 30 * Self.day
        let accounted = try await carbon.ledger.load("acme", fromMs: from, toMs: to)
        let row = try #require((0..<accounted.table.count).first { abs(accounted.table.quantity[$0] - 20 * 450) < 1e-3 && accounted.table.estimated[$0] })
        #expect(accounted.result.status[row] == .accounted)
        let estimate = try #require(accounted.fieldEstimates.first)
        #expect(estimate.row == row && abs(estimate.value - 20_000) < 1e-6 * 20_000, "rail-a's own 20 t: \(estimate.value)")
        let railPerShortTonMile = 0.021 + 0.0016e-3 * 28 + 0.0005e-3 * 265  // EPA Table 8 rail, AR5
        let perShortTonMile = accounted.result.locationKg[row] / (20 * 450 / (0.90718474 * 1.609344))
        #expect(abs(perShortTonMile - railPerShortTonMile) < 0.001, "the Table 8 rail row per short ton-mile: \(perShortTonMile)")

        let quality = try await carbon.quality.assess("acme", window: CarbonWindow(fromMs: from, toMs: to), period: .day)
        #expect(quality.estimatedPercent > 0, "\(quality.summary)")

        var query = CarbonActivityQuery(organization: "acme")
        query.supplier = "rail-a"
        let page = try await carbon.activities.page(query, cursor: nil, gwp: nil).data
        let listed = try #require(page.first { $0.provenance.fieldEstimate != nil })
        #expect(listed.activity["loadKg"] == nil, "the stored record keeps what was sent")
        #expect(listed.provenance.estimateBasis?.contains("random forest") == true)
        #expect(try #require(listed.provenance.co2eLowKg) <= (listed.provenance.co2eKg ?? 0) * (1 + 1e-9))

        let fix = try await carbon.ingest.ingest(Array(Self.line("rail-a", "a-gap", km: 450, loadKg: 25_000, day: 21).utf8), format: .ndjson, caller: .cli)
        #expect(fix.replaced == 1 && fix.fieldsToEstimate == 0)
        let after = try await carbon.ledger.load("acme", fromMs: from, toMs: to)
        #expect(after.fieldEstimates.isEmpty)
        #expect(after.table.count == 41)
        #expect((0..<after.table.count).contains { after.table.quantity[$0] == 25 * 450 && !after.table.estimated[$0] }, "the measurement, not the estimate")
        let fixedQuality = try await carbon.quality.assess("acme", window: CarbonWindow(fromMs: from, toMs: to), period: .day)
        #expect(fixedQuality.estimatedPercent == 0, "\(fixedQuality.summary)")
    }
}
