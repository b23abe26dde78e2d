import EcoCore
import EcoRandom
import EcoStore
@testable import EcoStoreSQLite
import Testing

/// The in-memory series index, updated one series at a time, answers like one built from scratch.
@Suite struct SeriesIndexTests {
    @Test func incrementalUpdatesMatchAFreshIndex() {
        var generator = SplitMix64(seed: 7)
        var index = SeriesIndex()
        var latest: [Int64: SeriesInfo] = [:]
        for round in 0..<400 {
            var updates: [SeriesInfo] = []
            for _ in 0..<Int(generator.next() % 5 + 1) {
                let id = Int64(generator.next() % 120) + 1
                let variable = ["pm25", "no2", "temperature_2m"][Int(id % 3)]
                let cell = UInt64(id * 7919 % 1000)
                let info = SeriesInfo(id: id, key: SeriesKey(variable: variable, source: "s", stationId: "st\(id)", cell: cell),
                                      lat: 0, lng: 0, lastObservedAtMs: Int64(round), lastValue: Double(round))
                updates.append(info)
                latest[id] = info
            }
            index.apply(updates)
        }
        let fresh = SeriesIndex(Array(latest.values))
        for filter in [SeriesFilter(), SeriesFilter(variable: "pm25"), SeriesFilter(variable: "no2", cellRanges: [100...400, 700...900]),
                       SeriesFilter(cellRanges: [0...50])] {
            #expect(index.matching(filter) == fresh.matching(filter))
        }
    }
}
