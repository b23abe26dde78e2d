import EcoCarbon
import Testing

/// The benchmark's synthetic chain is valid input, and its NDJSON form decodes back to it.
struct SyntheticChainTests {
    @Test func generatedActivitiesRoundTripThroughNDJSON() {
        var chain = SyntheticSupplyChain()
        chain.suppliers = 12
        chain.facilities = 3
        chain.days = 4
        let activities = chain.activities()
        #expect(activities.count == 12 * 6 * 4 + 3 * 3 * 4)
        let body = activities.map(ActivityJSON.line).joined(separator: "\n")
        let batch = ActivityDecoder.decode(Array(body.utf8), format: .ndjson)
        #expect(batch.errors.isEmpty, "\(batch.errors.prefix(3))")
        #expect(batch.activities.count == activities.count)
        // JSON numbers may come back one ulp off, so compare what matters: who, when, what, and the CO2e.
        #expect(batch.activities.map(\.supplier) == activities.map(\.supplier))
        #expect(batch.activities.map(\.timeMs) == activities.map(\.timeMs))
        #expect(batch.activities.map(\.kind) == activities.map(\.kind))
        let accountant = Accountant(set: .builtIn)
        let original = accountant.account(ActivityTable(activities)), decoded = accountant.account(ActivityTable(batch.activities))
        #expect(original.unaccountedCount == 0)
        #expect(isClose(decoded.totalLocationKg, original.totalLocationKg, relative: 1e-12))
    }
}
