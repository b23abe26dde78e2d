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
        #expect(batch.activities == activities)
        let result = Accountant(set: .builtIn).account(ActivityTable(activities))
        #expect(result.unaccountedCount == 0)
    }
}
