import EcoCarbon
import EcoCore
import EcoStoreSQLite
import Foundation
import Testing

@testable import EcoPipeline

/// A large NDJSON body is decoded and stored chunk by chunk, overlapped: the answer is the one the
/// whole-body path gives (counts, refused records with their body index and line, kg), and a client id
/// sent in two chunks ends with its later record.
struct CarbonPipelinedIngestTests {
    static let t0: Int64 = 1_740_787_200_000

    /// 45,000 electricity records (three chunks); line 30,001 has a negative kWh; client id `dup` is sent
    /// on line 11 (3 kWh) and again on line 44,999 (7 kWh).
    static func body() -> [UInt8] {
        var lines = (0..<45_000).map { k in
            #"{"type":"electricity","organization":"acme","facility":"site-\#(k % 7)","clientId":"c-\#(k)","time":\#(t0 + Int64(k) * 60_000),"kWh":\#(100 + k % 13),"region":"FR"}"#
        }
        lines[30_000] = #"{"type":"electricity","organization":"acme","time":\#(t0),"kWh":-5,"region":"FR"}"#
        lines[10] = #"{"type":"electricity","organization":"acme","clientId":"dup","time":\#(t0),"kWh":3,"region":"FR"}"#
        lines[44_998] = #"{"type":"electricity","organization":"acme","clientId":"dup","time":\#(t0),"kWh":7,"region":"FR"}"#
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test func chunksOverlappedAnswerAsTheWholeBodyAndKeepOrder() async throws {
        let body = Self.body()
        #expect(body.count >= ParallelActivityDecoder.parallelBytes)
        let piped = try await Platform(store: try SQLiteStore.temporary(), configuration: EcoConfiguration())
        let whole = try await Platform(store: try SQLiteStore.temporary(), configuration: EcoConfiguration())
        let a = try await piped.carbon.ingest.ingest(body, format: .ndjson, caller: .cli)
        let b = try await whole.carbon.ingest.ingestWhole(body, format: .ndjson, caller: .cli)
        #expect(a.accepted == 44_999 && a.rejected == 1)
        #expect(a.errors.map(\.index) == [30_000] && a.errors.map(\.line) == [30_001], "the bad line's place in the whole body")
        #expect((a.accepted, a.rejected, a.inserted, a.replaced, a.errors) == (b.accepted, b.rejected, b.inserted, b.replaced, b.errors))
        #expect(abs(a.co2eKg - b.co2eKg) <= 1e-9 * b.co2eKg)
        #expect(a.inserted == 44_998 && a.replaced == 1, "dup was sent twice")
        let dup = try await piped.store.carbonActivities(CarbonActivityQuery(organization: "acme", fromMs: Self.t0, toMs: Self.t0 + 1))
            .filter { $0.clientId == "dup" }
        #expect(dup.map(\.detail.quantity) == [7], "the later record wins")
    }
}
