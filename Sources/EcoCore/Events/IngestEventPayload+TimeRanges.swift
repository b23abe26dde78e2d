import Foundation

extension IngestEventPayload {
    /// One series' id and the time range an insert wrote to it.
    public struct TimeRange: Sendable, Equatable {
        public var seriesId: Int64
        public var fromMs: Int64
        public var toMs: Int64

        public init(seriesId: Int64, fromMs: Int64, toMs: Int64) {
            self.seriesId = seriesId
            self.fromMs = fromMs
            self.toMs = toMs
        }
    }

    /// The series ids and time ranges of an ingest event's payload, read without JSONDecoder.
    ///
    /// Detection reads every ingest payload, and with JSONDecoder that cost about as much CPU as
    /// scoring the points themselves. This reads the compact format's fixed shape byte by byte: for
    /// each run, `"fromMs":`, `"toMs":` and the `"seriesIds":[…]` list (a key's quoted name followed by
    /// a colon cannot occur inside a JSON string, whose quotes are escaped). Nil for anything else (the
    /// first format, a malformed payload); callers then decode in full.
    public static func timeRanges(inJSON text: String) -> [TimeRange]? {
        var text = text
        return text.withUTF8 { bytes -> [TimeRange]? in
            var ranges: [TimeRange] = []
            var index = 0
            var from: Int64?, to: Int64?
            while let (key, valueStart) = nextKey(in: bytes, from: index) {
                switch key {
                case .fromMs, .toMs:
                    guard let (value, end) = integer(in: bytes, at: valueStart) else { return nil }
                    if key == .fromMs { from = value } else { to = value }
                    index = end
                case .seriesIds:
                    guard let runFrom = from, let runTo = to, valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: "[") else { return nil }
                    index = valueStart + 1
                    while index < bytes.count, bytes[index] != UInt8(ascii: "]") {
                        guard let (id, end) = integer(in: bytes, at: index) else { return nil }
                        ranges.append(TimeRange(seriesId: id, fromMs: runFrom, toMs: runTo))
                        index = end
                        if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1 }
                    }
                    guard index < bytes.count else { return nil }
                    (from, to) = (nil, nil)
                }
            }
            // A time range left without its series list is not this format.
            return from == nil && to == nil ? ranges : nil
        }
    }

    private enum Key: CaseIterable {
        case fromMs, toMs, seriesIds

        var pattern: [UInt8] {
            switch self {
            case .fromMs: Array(#""fromMs":"#.utf8)
            case .toMs: Array(#""toMs":"#.utf8)
            case .seriesIds: Array(#""seriesIds":"#.utf8)
            }
        }
    }

    private static let patterns = Key.allCases.map { ($0, $0.pattern) }

    /// The next of the three keys at or after `start`, and where its value begins.
    private static func nextKey(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Key, Int)? {
        var index = start
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\"") {
                for (key, pattern) in patterns where index + pattern.count <= bytes.count {
                    if (0..<pattern.count).allSatisfy({ bytes[index + $0] == pattern[$0] }) { return (key, index + pattern.count) }
                }
            }
            index += 1
        }
        return nil
    }

    /// A JSON integer at `start` (optional minus, digits) and the index after it.
    private static func integer(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int64, Int)? {
        var index = start
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var value: Int64 = 0
        let digitsStart = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        guard index > digitsStart else { return nil }
        return (negative ? -value : value, index)
    }
}

extension IngestEventPayload {
    /// The series and time ranges an ingest event reports: the quick reading, or a full decoding when
    /// the quick reading cannot tell; nil when the payload is not an ingest payload.
    public static func timeRanges(of event: DomainEvent) -> [TimeRange]? {
        if let ranges = timeRanges(inJSON: event.payloadJSON) { return ranges }
        guard let payload = try? JSONDecoder().decode(IngestEventPayload.self, from: Data(event.payloadJSON.utf8)) else { return nil }
        return payload.timeRanges
    }
}
