@testable import EcoCore

/// Helpers shared by the ingest decoder tests.
enum IngestTest {
    /// Decodes `body` fed as one chunk.
    static func decode(_ body: String, _ format: ObservationFormat, limits: IngestLimits = IngestLimits()) -> DecodedBatch {
        ObservationDecoder.decode(Array(body.utf8), format: format, limits: limits)
    }

    /// Decodes `body` fed in chunks ending at `cuts` (sorted byte positions).
    static func decode(_ body: [UInt8], _ format: ObservationFormat, cuts: [Int], limits: IngestLimits = IngestLimits()) -> DecodedBatch {
        var decoder = ObservationDecoder(format: format, limits: limits)
        var batch = DecodedBatch()
        body.withUnsafeBytes { all in
            var start = 0
            for cut in cuts + [all.count] where cut >= start {
                decoder.feed(UnsafeRawBufferPointer(rebasing: all[start..<min(cut, all.count)])) { batch.append($0) }
                start = min(cut, all.count)
            }
        }
        decoder.finish { batch.append($0) }
        return batch
    }

    /// Every item decoded from `body` fed in chunks ending at `cuts`, in order.
    static func items(_ body: [UInt8], _ format: ObservationFormat, cuts: [Int], limits: IngestLimits = IngestLimits()) -> [DecodedItem] {
        var decoder = ObservationDecoder(format: format, limits: limits)
        var items: [DecodedItem] = []
        body.withUnsafeBytes { all in
            var start = 0
            for cut in cuts + [all.count] where cut >= start {
                decoder.feed(UnsafeRawBufferPointer(rebasing: all[start..<min(cut, all.count)])) { items.append($0) }
                start = min(cut, all.count)
            }
        }
        decoder.finish { items.append($0) }
        return items
    }

    /// The only error of a one-record body, or nil.
    static func onlyError(_ body: String, _ format: ObservationFormat, limits: IngestLimits = IngestLimits()) -> RecordError? {
        let batch = decode(body, format, limits: limits)
        guard batch.records.isEmpty, batch.errors.count == 1, batch.batchError == nil else { return nil }
        return batch.errors[0]
    }

    /// Whether records and errors together carry the indices 0, 1, 2 … each once, in order.
    static func indicesAreConsistent(_ items: [DecodedItem]) -> Bool {
        var expected = 0
        for (position, item) in items.enumerated() {
            switch item {
            case .record(let index, _, _):
                guard index == expected else { return false }
            case .error(let error):
                guard error.index == expected else { return false }
            case .batchError:
                return position == items.count - 1
            }
            expected += 1
        }
        return true
    }

    static let pm25 = ObservationRecord(
        variable: "pm25", value: 12.5, unit: "ug/m3", observedAtMs: 1_714_568_400_000,
        lat: 48.85, lng: 2.35, source: "demo", stationId: "st-001")

    static let pm25JSON =
        #"{"variable":"pm25","value":12.5,"unit":"ug/m3","observedAt":"2024-05-01T13:00:00Z","lat":48.85,"lng":2.35,"source":"demo","stationId":"st-001"}"#
}
