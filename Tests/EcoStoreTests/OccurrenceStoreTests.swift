import EcoCore
@testable import EcoStore
import Testing

@Suite struct OccurrenceStoreTests {
    static func oak(_ id: String? = nil, lat: Double = 51.5, lng: Double = -0.1, t: Int64 = 1_000, present: Bool = true) -> Occurrence {
        Occurrence(occurrenceID: id, speciesId: "quercus-robur", scientificName: "Quercus robur", lat: lat, lng: lng, observedAtMs: t,
                   present: present, basisOfRecord: "HumanObservation", coordinateUncertaintyMeters: 30, individualCount: 2)
    }

    @Test func recordsAreDeduplicatedByOccurrenceIDOrBySpeciesPlaceAndTime() async throws {
        let store = try SQLiteStore.temporary()
        let first = try await store.insertOccurrences([Self.oak("a"), Self.oak("b"), Self.oak(lat: 52), Self.oak(lat: 52)])
        #expect(first == OccurrenceInsertSummary(inserted: 3, duplicates: 1))
        // Same id elsewhere is the same record; the same place and time without an id is too.
        let again = try await store.insertOccurrences([Self.oak("a", lat: 10), Self.oak(lat: 52), Self.oak(lat: 52, t: 2_000)])
        #expect(again == OccurrenceInsertSummary(inserted: 1, duplicates: 2))
        #expect(try await store.occurrences(ofSpecies: "quercus-robur", window: .all, limit: 100).count == 4)
        try await store.close()
    }

    @Test func speciesAreListedWithPresenceAndAbsenceCounts() async throws {
        let store = try SQLiteStore.temporary()
        var fox = Self.oak(t: 500)
        fox.speciesId = "vulpes-vulpes"
        fox.scientificName = "Vulpes vulpes"
        _ = try await store.insertOccurrences([Self.oak(t: 100), Self.oak(t: 900), Self.oak(lat: 50, t: 300, present: false), fox])
        let species = try await store.species()
        #expect(species == [
            SpeciesSummary(id: "quercus-robur", scientificName: "Quercus robur", presences: 2, absences: 1, firstObservedAtMs: 100, lastObservedAtMs: 900),
            SpeciesSummary(id: "vulpes-vulpes", scientificName: "Vulpes vulpes", presences: 1, absences: 0, firstObservedAtMs: 500, lastObservedAtMs: 500),
        ])
        try await store.close()
    }

    @Test func occurrencesOfASpeciesComeBackWholeOldestFirstWithinTheWindow() async throws {
        let store = try SQLiteStore.temporary()
        var bare = Self.oak(lat: 40, t: 50)
        bare.basisOfRecord = nil
        bare.coordinateUncertaintyMeters = nil
        bare.individualCount = nil
        let records = [Self.oak("x", t: 300), Self.oak("y", t: 100, present: false), bare]
        _ = try await store.insertOccurrences(records)
        let all = try await store.occurrences(ofSpecies: "quercus-robur", window: .all, limit: 10)
        #expect(all == [bare, records[1], records[0]])
        let window = try await store.occurrences(ofSpecies: "quercus-robur", window: TimeWindow(startMs: 100, endMs: 300), limit: 10)
        #expect(window.map(\.occurrenceID) == ["y"])
        #expect(try await store.occurrences(ofSpecies: "quercus-robur", window: .all, limit: 2).count == 2)
        #expect(try await store.occurrences(ofSpecies: "nothing", window: .all, limit: 10).isEmpty)
        try await store.close()
    }
}
