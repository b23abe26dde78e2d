import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoCore
@testable import EcoServer
import EcoStore
import Foundation
import Testing

@Suite struct DemoDataTests {
    static let end: Int64 = 1_767_225_600_000 // 2026-01-01

    @Test func demoDataIsDeterministicAndRealistic() {
        let first = DemoData.observations(endMs: Self.end)
        let second = DemoData.observations(endMs: Self.end)
        #expect(first == second)
        #expect(first.count == DemoData.stations)
        let all = first.flatMap { $0 }
        // 60 stations × 720 hours × 6 variables, less the hours after station 14 goes silent.
        #expect(all.count == (DemoData.stations * 720 - 120) * 6)
        let catalogue = VariableCatalogue()
        for observation in all {
            #expect(catalogue[observation.series.variable]?.accepts(observation.value) == true, "\(observation)")
            #expect(DemoData.region.contains(lat: observation.lat, lng: observation.lng))
        }
        // Station 8's thermometer sticks from hour 400: constant values after it.
        let stuck = first[7].filter { $0.series.variable == "temperature_2m" }.suffix(100).map(\.value)
        #expect(Set(stuck).count == 1)
    }

    @Test func seedingTwiceStoresOnce() async throws {
        try await LiveServer.with { server in
            let seeded = try await DemoData.seedIfEmpty(into: server.services.store, now: Date(timeIntervalSince1970: Double(Self.end) / 1000))
            #expect(seeded == (DemoData.stations * 720 - 120) * 6 + DemoClimate.stations.count * DemoClimate.dayCount * 2)
            #expect(try await DemoData.seedIfEmpty(into: server.services.store, now: Date()) == 0)
        }
    }
}
