import EcoCore
import EcoStore
import H3

/// One insert's observations arranged for set-based statements: the distinct series (sorted by key, the
/// order their rows are locked in), and per series its points with one value per time (a time repeated
/// in the batch keeps its last value, as a re-send does), sorted by time.
struct InsertBatch {
    struct Series {
        var key: SeriesKey
        var lat: Double
        var lng: Double
        /// Where the batch first names this series.
        var firstSeen: Int
        /// (time, value, quality) by time, one per time.
        var points: [(t: Int64, value: Double, quality: Int16)]
        /// The newest point (its value, for the series row).
        var newest: (t: Int64, value: Double) { (points[points.count - 1].t, points[points.count - 1].value) }
    }

    /// Sorted by key: variable, source, station, cell, organization.
    let series: [Series]
    /// Points dropped because a later one in the batch had the same series and time (they count as replaced).
    let repeatedInBatch: Int

    private init(series: [Series], repeatedInBatch: Int) {
        self.series = series
        self.repeatedInBatch = repeatedInBatch
    }

    /// This batch without the series at `indices` (the in-batch repeats stay counted here).
    func without(_ indices: [Int]) -> InsertBatch {
        let left = Set(indices)
        return InsertBatch(series: series.indices.filter { !left.contains($0) }.map { series[$0] }, repeatedInBatch: repeatedInBatch)
    }

    init(_ batch: [Observation]) {
        var index: [SeriesKey: Int] = [:]
        var series: [Series] = []
        // Where the previous observation went: a feed usually sends a series' points together, and comparing keys
        // costs less than hashing one per point.
        var previous = -1
        for observation in batch {
            let point = (t: observation.observedAtMs, value: observation.value, quality: observation.quality.rawValue)
            if previous >= 0, series[previous].key == observation.series {
                series[previous].points.append(point)
            } else if let position = index[observation.series] {
                series[position].points.append(point)
                previous = position
            } else {
                previous = series.count
                index[observation.series] = series.count
                series.append(Series(key: observation.series, lat: observation.lat, lng: observation.lng, firstSeen: series.count, points: [point]))
            }
        }
        var repeated = 0
        for position in series.indices where !Self.isStrictlyIncreasing(series[position].points) {
            // A stable sort keeps batch order among equal times, so the last of them is the one kept.
            let sorted = series[position].points.enumerated().sorted { ($0.element.t, $0.offset) < ($1.element.t, $1.offset) }.map(\.element)
            var unique: [(t: Int64, value: Double, quality: Int16)] = []
            unique.reserveCapacity(sorted.count)
            for point in sorted {
                if unique.last?.t == point.t { unique[unique.count - 1] = point; repeated += 1 } else { unique.append(point) }
            }
            series[position].points = unique
        }
        // Every process locks series rows in this one order, so two inserts sharing series never deadlock.
        self.series = series.sorted {
            ($0.key.variable, $0.key.source, $0.key.stationId, $0.key.cell, $0.key.organization)
                < ($1.key.variable, $1.key.source, $1.key.stationId, $1.key.cell, $1.key.organization)
        }
        repeatedInBatch = repeated
    }

    /// Whether the times already increase (the common case of a feed sent in order): nothing to sort or drop.
    private static func isStrictlyIncreasing(_ points: [(t: Int64, value: Double, quality: Int16)]) -> Bool {
        var index = 1
        while index < points.count {
            if points[index - 1].t >= points[index].t { return false }
            index += 1
        }
        return true
    }

    /// How many points the batch holds once times repeated in it are dropped.
    var pointCount: Int { series.reduce(0) { $0 + $1.points.count } }

    /// The months the points fall in (each series' points are sorted, so a month is worked out once per run).
    var months: Set<MonthPartitions.Month> {
        var months: Set<MonthPartitions.Month> = []
        for entry in series {
            var month: MonthPartitions.Month?
            for point in entry.points where month.map({ point.t >= $0.endMs }) ?? true {
                month = MonthPartitions.Month(containing: point.t)
                months.insert(month!)
            }
        }
        return months
    }

    /// The points as columns per month, given each series' id.
    func pointsByMonth(ids: [Int64]) -> [MonthPartitions.Month: PointColumns] {
        var byMonth: [MonthPartitions.Month: PointColumns] = [:]
        for (entry, id) in zip(series, ids) {
            for point in entry.points { byMonth[MonthPartitions.Month(containing: point.t), default: PointColumns()].append(series: id, point) }
        }
        return byMonth
    }

    /// Whether a series' points put two values in one hour (then it keeps hourly rollups from now on).
    static func isDenserThanHourly(_ points: [(t: Int64, value: Double, quality: Int16)]) -> Bool {
        zip(points, points.dropFirst()).contains { TimeBucket.hour.start(ofMs: $0.t) == TimeBucket.hour.start(ofMs: $1.t) }
    }

    /// The `ecotrack.ingest.observations` events of this batch, given each series' id: one per resolution-3
    /// cell (ascending), listing in ``IngestEventPayload`` runs the series that got the same time range
    /// (runs by range, ids ascending in each).
    func ingestEvents(ids: [Int64], timeMs: Int64) throws -> [NewEvent] {
        var byRegion: [UInt64: [(id: Int64, from: Int64, to: Int64)]] = [:]
        for (entry, id) in zip(series, ids) {
            byRegion[H3.parent(ofResolution15: entry.key.cell, at: 3), default: []].append((id, entry.points[0].t, entry.newest.t))
        }
        return try byRegion.keys.sorted().map { region in
            var runs: [IngestEventPayload.Run] = []
            for touch in byRegion[region]!.sorted(by: { ($0.from, $0.to, $0.id) < ($1.from, $1.to, $1.id) }) {
                if let last = runs.last, last.fromMs == touch.from, last.toMs == touch.to {
                    runs[runs.count - 1].seriesIds.append(touch.id)
                } else {
                    runs.append(IngestEventPayload.Run(fromMs: touch.from, toMs: touch.to, seriesIds: [touch.id]))
                }
            }
            let payload = String(decoding: try ByteJSONEncoder.encode(IngestEventPayload(runs: runs)), as: UTF8.self)
            return NewEvent(topic: EventTopic.ingestObservations, key: String(region, radix: 16), timeMs: timeMs, payloadJSON: payload)
        }
    }
}

/// Column arrays of points, the shape `unnest` takes them in.
struct PointColumns {
    var series: [Int64] = []
    var times: [Int64] = []
    var values: [Double] = []
    var qualities: [Int16] = []

    var count: Int { series.count }

    mutating func append(series id: Int64, _ point: (t: Int64, value: Double, quality: Int16)) {
        series.append(id)
        times.append(point.t)
        values.append(point.value)
        qualities.append(point.quality)
    }
}
