import EcoCore
import EcoStore
import Foundation

/// The promises of ``OccurrenceStore``: deduplication, species summaries, windows.
enum OccurrenceContract {
    static func oak(_ id: String? = nil, lat: Double = 51.5, lng: Double = -0.1, t: Int64 = 1_000, present: Bool = true) -> Occurrence {
        Occurrence(occurrenceID: id, speciesId: "quercus-robur", scientificName: "Quercus robur", lat: lat, lng: lng, observedAtMs: t,
                   present: present, basisOfRecord: "HumanObservation", coordinateUncertaintyMeters: 30, individualCount: 2)
    }

    static let cases: [ContractCase] = [
        ContractCase("OccurrenceStore", "records are deduplicated by occurrence i d or by species place and time") { subject in
            let store = subject.store
            let first = try await store.insertOccurrences([oak("a"), oak("b"), oak(lat: 52), oak(lat: 52)])
            try expect(first == OccurrenceInsertSummary(inserted: 3, duplicates: 1))
            // Same id elsewhere is the same record; the same place and time without an id is too.
            let again = try await store.insertOccurrences([oak("a", lat: 10), oak(lat: 52), oak(lat: 52, t: 2_000)])
            try expect(again == OccurrenceInsertSummary(inserted: 1, duplicates: 2))
            try expect(try await store.occurrences(ofSpecies: "quercus-robur", window: .all, limit: 100).count == 4)
        },
        ContractCase("OccurrenceStore", "species are listed with presence and absence counts") { subject in
            let store = subject.store
            var fox = oak(t: 500)
            fox.speciesId = "vulpes-vulpes"
            fox.scientificName = "Vulpes vulpes"
            _ = try await store.insertOccurrences([oak(t: 100), oak(t: 900), oak(lat: 50, t: 300, present: false), fox])
            let species = try await store.species()
            try expect(species == [
                SpeciesSummary(id: "quercus-robur", scientificName: "Quercus robur", presences: 2, absences: 1, firstObservedAtMs: 100, lastObservedAtMs: 900),
                SpeciesSummary(id: "vulpes-vulpes", scientificName: "Vulpes vulpes", presences: 1, absences: 0, firstObservedAtMs: 500, lastObservedAtMs: 500),
            ])
        },
        ContractCase("OccurrenceStore", "occurrences of a species come back whole oldest first within the window") { subject in
            let store = subject.store
            var bare = oak(lat: 40, t: 50)
            bare.basisOfRecord = nil
            bare.coordinateUncertaintyMeters = nil
            bare.individualCount = nil
            let records = [oak("x", t: 300), oak("y", t: 100, present: false), bare]
            _ = try await store.insertOccurrences(records)
            let all = try await store.occurrences(ofSpecies: "quercus-robur", window: .all, limit: 10)
            try expect(all == [bare, records[1], records[0]])
            let window = try await store.occurrences(ofSpecies: "quercus-robur", window: TimeWindow(startMs: 100, endMs: 300), limit: 10)
            try expect(window.map(\.occurrenceID) == ["y"])
            try expect(try await store.occurrences(ofSpecies: "quercus-robur", window: .all, limit: 2).count == 2)
            try expect(try await store.occurrences(ofSpecies: "nothing", window: .all, limit: 10).isEmpty)
        },
    ]
}
