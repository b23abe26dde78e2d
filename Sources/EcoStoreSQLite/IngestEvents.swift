import EcoCore
import EcoStore
import H3

/// What one insert wrote, per series, turned into `ecotrack.ingest.observations` events: one per
/// resolution-3 H3 cell touched, keyed by that cell, listing each series' time range.
///
/// The insert feeds it once per run of equal series (not per point), so it costs O(series).
struct IngestEvents {
    private struct Touch {
        var cell: UInt64
        var fromMs: Int64
        var toMs: Int64
    }

    private var bySeries: [Int64: Touch] = [:]

    var isEmpty: Bool { bySeries.isEmpty }

    /// Adds a run of `count` values of one series written between `fromMs` and `toMs`.
    mutating func add(seriesID: Int64, key: SeriesKey, fromMs: Int64, toMs: Int64, count: Int) {
        guard count > 0 else { return }
        if var touch = bySeries[seriesID] {
            touch.fromMs = min(touch.fromMs, fromMs)
            touch.toMs = max(touch.toMs, toMs)
            bySeries[seriesID] = touch
        } else {
            bySeries[seriesID] = Touch(cell: key.cell, fromMs: fromMs, toMs: toMs)
        }
    }

    /// The events, ordered by resolution-3 cell: in each, the series grouped into runs of equal time
    /// range (ordered by range, ids ascending), the compact ``IngestEventPayload``.
    func events(timeMs: Int64) -> [NewEvent] {
        var byCell: [UInt64: [(id: Int64, touch: Touch)]] = [:]
        for (id, touch) in bySeries {
            // Bit arithmetic only: stored cells are resolution 15 (ARCHITECTURE.md, "Space").
            byCell[H3.parent(ofResolution15: touch.cell, at: 3), default: []].append((id, touch))
        }
        return byCell.keys.sorted().map { cell in
            let entries = byCell[cell]!.sorted { ($0.touch.fromMs, $0.touch.toMs, $0.id) < ($1.touch.fromMs, $1.touch.toMs, $1.id) }
            // Bytes, not String interpolation: with one point per series per batch this runs once per observation.
            var json: [UInt8] = []
            json.reserveCapacity(64 + entries.count * 8)
            json.append(contentsOf: #"{"runs":["#.utf8)
            var run: (from: Int64, to: Int64)?
            for entry in entries {
                if let current = run, current == (entry.touch.fromMs, entry.touch.toMs) {
                    json.append(UInt8(ascii: ","))
                } else {
                    if run != nil { json.append(contentsOf: "]},".utf8) }
                    run = (entry.touch.fromMs, entry.touch.toMs)
                    json.append(contentsOf: #"{"fromMs":"#.utf8)
                    Self.appendDecimal(entry.touch.fromMs, to: &json)
                    json.append(contentsOf: #","toMs":"#.utf8)
                    Self.appendDecimal(entry.touch.toMs, to: &json)
                    json.append(contentsOf: #","seriesIds":["#.utf8)
                }
                Self.appendDecimal(entry.id, to: &json)
            }
            if run != nil { json.append(contentsOf: "]}".utf8) }
            json.append(contentsOf: "]}".utf8)
            let payload = String(decoding: json, as: UTF8.self)
            return NewEvent(topic: EventTopic.ingestObservations, key: String(cell, radix: 16), timeMs: timeMs, payloadJSON: payload)
        }
    }

    /// Appends `value` in decimal (as `String(value)` would).
    static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = out.count
        // Least significant digit first, then reversed in place.
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }
}
