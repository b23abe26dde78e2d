import EcoCore
import EcoStore

/// The promises of ``ObservationStore``: idempotent inserts, rollups exact over any window, region
/// reads by cell ranges, keyset paging, buckets with raw values.
enum ObservationContract {
    static let hour = Fixture.hour

    static func o(_ station: String, _ cell: UInt64, _ t: Int64, _ value: Double) -> Observation {
        Fixture.observation(station, cell: cell, t: t, value)
    }

    static let cases: [ContractCase] = [
        ContractCase("ObservationStore", "insert then read back") { subject in
            let store = subject.store
            let hour = hour
            let summary = try await store.insert([o("a", 10, 0, 1), o("a", 10, hour, 2), o("b", 20, 0, 3)])
            try expect(summary == InsertSummary(inserted: 3, replaced: 0, newSeries: 2))
            let rows = try await store.observations(SeriesFilter(variable: "temperature_2m"), window: .all, after: nil, limit: 10)
            try expect(rows.map(\.value) == [1, 2, 3])
            try expect(rows.map(\.series.key.stationId) == ["a", "a", "b"])
        },
        ContractCase("ObservationStore", "resend replaces value and rollup") { subject in
            let store = subject.store
            let hour = hour
            _ = try await store.insert([o("a", 10, 0, 1), o("a", 10, 60_000, 5)])
            let summary = try await store.insert([o("a", 10, 60_000, 2)])
            try expect(summary.replaced == 1 && summary.inserted == 0)
            let rows = try await store.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
            try expect(rows.map(\.value) == [1, 2])
            let stats = try await store.aggregates(of: [rows[0].series.id], window: TimeWindow(startMs: 0, endMs: hour))
            try expect(stats.values.first == RunningStats(count: 2, sum: 3, min: 1, max: 2, sumOfSquares: 5))
        },
        ContractCase("ObservationStore", "paging by cursor visits every row once") { subject in
            let store = subject.store
            let hour = hour
            let batch = (0..<25).map { (i: Int) -> Observation in o(i % 2 == 0 ? "a" : "b", 10, Int64(i) * hour, Double(i)) }
            _ = try await store.insert(batch)
            var cursor: ObservationCursor?
            var seen: [Double] = []
            while true {
                let page = try await store.observations(SeriesFilter(), window: .all, after: cursor, limit: 4)
                seen += page.map(\.value)
                guard page.count == 4, let last = page.last else { break }
                cursor = ObservationCursor(seriesID: last.series.id, observedAtMs: last.observedAtMs)
            }
            try expect(seen.sorted() == (0..<25).map(Double.init))
            try expect(Set(seen).count == 25)
        },
        ContractCase("ObservationStore", "cell ranges select series") { subject in
            let store = subject.store
            _ = try await store.insert([o("a", 100, 0, 1), o("b", 200, 0, 2), o("c", 300, 0, 3)])
            let inside = try await store.series(matching: SeriesFilter(cellRanges: [150...250, 290...310]))
            try expect(inside.map(\.key.stationId) == ["b", "c"])
            let none = try await store.series(matching: SeriesFilter(variable: "pm25", cellRanges: [0...1000]))
            try expect(none.isEmpty)
        },
        ContractCase("ObservationStore", "aggregates match raw over any window") { subject in
            let store = subject.store
            let hour = hour
            // 3 days of 10-minute data; windows cut through days, hours and minutes.
            let day0: Int64 = 1_700_000_000_000 / 86_400_000 * 86_400_000
            let batch = (0..<432).map { (i: Int) -> Observation in o("a", 10, Int64(i) * 600_000 + day0, Double(i % 37)) }
            _ = try await store.insert(batch)
            let id = try unwrap(try await store.series(matching: SeriesFilter()).first?.id)
            let base = batch[0].observedAtMs
            for (start, end) in [(0, 432), (7, 300), (150, 151), (1, 431), (144, 288)] {
                let window = TimeWindow(startMs: base + Int64(start) * 600_000 - 1, endMs: base + Int64(end) * 600_000 - 1)
                var expected = RunningStats()
                for obs in batch where obs.observedAtMs >= window.startMs && obs.observedAtMs < window.endMs { expected.add(obs.value) }
                let got = try await store.aggregates(of: [id], window: window)[id] ?? RunningStats()
                try expect(got.count == expected.count && got.sum == expected.sum && got.min == expected.min && got.max == expected.max)
            }
        },
        ContractCase("ObservationStore", "sparse series turning dense keeps exact aggregates") { subject in
            let store = subject.store
            let hour = hour
            // Hourly values first (no hourly rollup needed), then 10-minute values in later batches.
            let sparse = (0..<30).map { (i: Int) -> Observation in o("a", 10, Int64(i) * hour, Double(i)) }
            let dense = (0..<60).map { (i: Int) -> Observation in o("a", 10, 30 * hour + Int64(i) * 600_000, Double(100 + i)) }
            _ = try await store.insert(sparse)
            _ = try await store.insert(Array(dense[0..<20]))
            _ = try await store.insert(Array(dense[20...]))
            let all = sparse + dense
            let id = try unwrap(try await store.series(matching: SeriesFilter()).first?.id)
            for (start, end) in [(0, 40 * hour), (hour / 2, 35 * hour + 1), (31 * hour, 32 * hour)] {
                var expected = RunningStats()
                for obs in all where obs.observedAtMs >= start && obs.observedAtMs < end { expected.add(obs.value) }
                let got = try await store.aggregates(of: [id], window: TimeWindow(startMs: start, endMs: end))[id] ?? RunningStats()
                try expect(got.count == expected.count && got.sum == expected.sum && got.min == expected.min && got.max == expected.max)
            }
            let hourlyRollup = try await store.buckets(of: [id], window: TimeWindow(startMs: 0, endMs: 40 * hour), bucket: .hour, rawValueLimit: 0).buckets
            let hourlyRaw = try await store.buckets(of: [id], window: TimeWindow(startMs: 0, endMs: 40 * hour), bucket: .hour, rawValueLimit: .max).buckets
            try expect(hourlyRollup.map(\.stats) == hourlyRaw.map(\.stats))
            try expect(hourlyRollup.count == 40)
        },
        ContractCase("ObservationStore", "daily bucket values match raw whatever the history") { subject in
            let store = subject.store
            let hour = hour
            // Hourly values in three batches (one day split across two of them), a replaced value,
            // and a dense day with more values than the daily rollup keeps: every daily bucket's
            // values must equal the raw rows'.
            let day: Int64 = 86_400_000
            let first = (0..<36).map { (i: Int) -> Observation in o("a", 10, Int64(i) * hour, Double(i)) }
            let second = (36..<96).map { (i: Int) -> Observation in o("a", 10, Int64(i) * hour, Double(i * 2)) }
            let dense = (0..<200).map { (i: Int) -> Observation in o("a", 10, 4 * day + Int64(i) * 60_000, Double(i % 13)) }
            _ = try await store.insert(first)
            _ = try await store.insert(second)
            _ = try await store.insert([o("a", 10, 50 * hour, -7)])
            _ = try await store.insert(dense)
            let id = try unwrap(try await store.series(matching: SeriesFilter()).first?.id)
            let window = TimeWindow(startMs: 0, endMs: 5 * day)
            let (fromDays, usedValues) = try await store.buckets(of: [id], window: window, bucket: .day, rawValueLimit: .max)
            try expect(usedValues)
            let rows = try await store.observations(SeriesFilter(), window: window, after: nil, limit: 10_000)
            var expected: [Int64: [Double]] = [:]
            for row in rows { expected[row.observedAtMs / day * day, default: []].append(row.value) }
            try expect(fromDays.map(\.startMs) == expected.keys.sorted())
            for bucket in fromDays {
                try expect(bucket.values.sorted() == (expected[bucket.startMs] ?? []).sorted(), "day \(bucket.startMs / day)")
                try expect(bucket.stats.count == expected[bucket.startMs]?.count)
            }
            let weekly = try await store.buckets(of: [id], window: TimeWindow(startMs: 0, endMs: 7 * day), bucket: .week, rawValueLimit: .max).buckets
            try expect(weekly.reduce(0) { $0 + $1.values.count } == rows.count)
        },
        ContractCase("ObservationStore", "buckets merge series") { subject in
            let store = subject.store
            let hour = hour
            _ = try await store.insert([o("a", 10, 0, 1), o("b", 11, 600_000, 3), o("a", 10, hour, 5)])
            let ids = try await store.series(matching: SeriesFilter()).map(\.id)
            let raw = try await store.buckets(of: ids, window: TimeWindow(startMs: 0, endMs: 2 * hour), bucket: .hour, rawValueLimit: .max).buckets
            try expect(raw.map(\.startMs) == [0, hour])
            try expect(raw.map { $0.values.sorted() } == [[1, 3], [5]])
            let rolled = try await store.buckets(of: ids, window: TimeWindow(startMs: 0, endMs: 2 * hour), bucket: .hour, rawValueLimit: 0).buckets
            try expect(rolled.map(\.stats.mean) == [2, 5])
        },
        ContractCase("ObservationStore", "latest value follows newest time") { subject in
            let store = subject.store
            let hour = hour
            _ = try await store.insert([o("a", 10, hour, 7), o("a", 10, 0, 1)])
            _ = try await store.insert([o("a", 10, 30_000, 9)])
            let series = try unwrap(try await store.series(matching: SeriesFilter()).first)
            try expect(series.lastObservedAtMs == hour && series.lastValue == 7)
        },
        ContractCase("ObservationStore", "data survives reopening") { subject in
            _ = try await subject.store.insert([Fixture.observation("a", cell: 5, t: 0, 21.5)])
            _ = try await subject.store.insert([Fixture.observation("a", cell: 5, t: 60_000, 22.5), Fixture.observation("a", cell: 5, t: 30_000, 9)])
            let reopened = try await subject.reopen()
            let rows = try await reopened.observations(SeriesFilter(), window: .all, after: nil, limit: 5)
            try expectEqual(rows.map(\.value), [21.5, 9, 22.5], "values after reopening")
            let series = try await reopened.series(matching: SeriesFilter())
            try expectEqual(series.count, 1, "series after reopening")
            try expect(series.first?.lastObservedAtMs == 60_000 && series.first?.lastValue == 22.5, "the newest value after reopening: \(series)")
        },
        ContractCase("ObservationStore", "concurrent inserts into the same series keep rollups equal to the raw rows") { subject in
            let store = subject.store
            // 8 writers, 3 shared series, minutes that interleave, and re-sent values that replace others'.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for round in 0..<12 {
                            var batch: [Observation] = []
                            for series in 0..<3 {
                                for i in 0..<5 {
                                    let minute = ((round * 5 + i) * 8 + writer) % 700
                                    let value = Double(writer * 100 + round + i)
                                    batch.append(Fixture.observation("shared-\(series)", cell: UInt64(series + 1), t: Int64(minute) * 300_000, value))
                                }
                            }
                            _ = try await store.insert(batch)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let all = try await store.series(matching: SeriesFilter())
            try expectEqual(all.count, 3, "series")
            for info in all {
                let rows = try await store.observations(SeriesFilter(ids: [info.id]), window: .all, after: nil, limit: 100_000)
                var raw = RunningStats()
                for row in rows { raw.add(row.value) }
                let stats = try await store.aggregates(of: [info.id], window: .all)[info.id] ?? RunningStats()
                try expect(stats.count == raw.count && stats.sum == raw.sum && stats.min == raw.min && stats.max == raw.max,
                           "aggregates \(stats) vs raw \(raw) for \(info.key.stationId)")
                let days = try await store.buckets(of: [info.id], window: TimeWindow(startMs: 0, endMs: 4 * 86_400_000), bucket: .day, rawValueLimit: 0).buckets
                try expectEqual(days.reduce(0) { $0 + $1.stats.count }, rows.count, "daily rollup counts")
                let hours = try await store.buckets(of: [info.id], window: TimeWindow(startMs: 0, endMs: 4 * 86_400_000), bucket: .hour, rawValueLimit: 0).buckets
                let rawHours = try await store.buckets(of: [info.id], window: TimeWindow(startMs: 0, endMs: 4 * 86_400_000), bucket: .hour, rawValueLimit: .max).buckets
                try expectEqual(hours.map(\.stats.count), rawHours.map(\.stats.count), "hourly rollup counts")
                try expectEqual(hours.map(\.stats.sum), rawHours.map(\.stats.sum), "hourly rollup sums")
            }
        },
        ContractCase("ObservationStore", "concurrent inserts lose nothing") { subject in
            let store = subject.store
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<8 {
                        group.addTask {
                            for round in 0..<10 {
                                let batch = (0..<50).map { i in
                                    Fixture.observation("w\(writer)", cell: UInt64(writer), t: Int64(round * 50 + i) * 1000, Double(i))
                                }
                                _ = try await store.insert(batch)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let ids = try await store.series(matching: SeriesFilter()).map(\.id)
                try expectEqual(ids.count, 8, "series")
                try expectEqual(try await store.estimatedCount(of: ids, window: .all), 8 * 500, "rows")
        },
    ]
}
