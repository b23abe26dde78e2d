import EcoCore
import EcoML
import EcoRandom
import EcoStore
import Foundation

/// Occurrence records for the `--demo` dataset, around the demo stations of ``DemoData``: the
/// rose-ringed parakeet (*Psittacula krameri*), which in Paris lives in the warm city centre,
/// and the pedunculate oak (*Quercus robur*), commoner in the cooler woodland at the edges; and the
/// yellow-fever mosquito (*Aedes aegypti*), placed like the parakeet in the dense centre (a container
/// breeder of cities), so `GET /api/v1/health/vector-risk` has a vector to model once its distribution
/// model is trained. All synthetic: *Ae. aegypti* is not established around Paris; the records are
/// a made-up habitat for the demo, not survey data.
/// Seeded, so every run writes the same records; enough of each to train a distribution model.
public enum DemoOccurrences {
    struct Species { var name: String; var id: String; var prefersCity: Bool }
    static let species = [
        Species(name: "Psittacula krameri", id: "psittacula-krameri", prefersCity: true),
        Species(name: "Quercus robur", id: "quercus-robur", prefersCity: false),
        Species(name: "Aedes aegypti", id: "aedes-aegypti", prefersCity: true),
    ]

    /// Seeds when the demo species have no records yet (call after ``DemoData/seedIfEmpty(into:now:)``,
    /// whose stations it uses); returns the number of records written.
    public static func seedIfEmpty(into store: any ObservationStore & OccurrenceStore, now: Date) async throws -> Int {
        let known = Set(try await store.species().map(\.id))
        guard !species.contains(where: { known.contains($0.id) }) else { return 0 }
        let stations = try await store.series(matching: SeriesFilter(variable: "temperature_2m", source: DemoData.source))
        let end = Int64(now.timeIntervalSince1970 * 1000) / 86_400_000 * 86_400_000
        let records = occurrences(stations: stations.map { ($0.lat, $0.lng) }, endMs: end)
        return try await store.insertOccurrences(records).inserted
    }

    /// Records near `stations` over the `DemoData.days` days before `endMs`.
    static func occurrences(stations: [(lat: Double, lng: Double)], endMs: Int64) -> [Occurrence] {
        var random = Xoshiro256StarStar(seed: 7)
        var records: [Occurrence] = []
        for (s, item) in species.enumerated() {
            for (index, station) in stations.enumerated() {
                // Same urban index as the demo temperatures: 1 in the centre, 0 at the region's edge.
                let urban = max(0, 1 - hypot(station.lat - 48.8566, station.lng - 2.3522) / 0.35)
                // A clear habitat: most stations inside it have records, a few outside (vagrants, planted trees).
                let inHabitat = item.prefersCity ? urban > 0.4 : urban < 0.3
                let count = random.unit() < (inHabitat ? 0.85 : 0.05) ? 1 + random.below(4) : 0
                for k in 0..<count {
                    let day = Int64(random.below(DemoData.days))
                    records.append(Occurrence(
                        occurrenceID: "ecotrack-demo-\(s)-\(index)-\(k)", speciesId: item.id, scientificName: item.name,
                        lat: station.lat + (random.unit() - 0.5) * 0.002, lng: station.lng + (random.unit() - 0.5) * 0.002,
                        observedAtMs: endMs - (day + 1) * 86_400_000 + Int64(random.below(12) + 7) * 3_600_000,
                        basisOfRecord: "HumanObservation", coordinateUncertaintyMeters: 50, individualCount: 1 + random.below(3)))
                }
            }
        }
        return records
    }
}
