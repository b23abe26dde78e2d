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

    /// The series ids and time ranges of an ingest event's payload, read without decoding the rest.
    ///
    /// Detection reads every ingest payload, and with JSONDecoder that cost about as much CPU as
    /// scoring the points themselves. The keys are found by their quoted names followed by a colon,
    /// which cannot occur inside a JSON string (its quotes are escaped). Nil when a series entry lacks
    /// one of the three numbers; callers then decode the payload in full.
    public static func timeRanges(inJSON text: String) -> [TimeRange]? {
        var text = text
        return text.withUTF8 { bytes -> [TimeRange]? in
            var ranges: [TimeRange] = []
            var current: (id: Int64?, from: Int64?, to: Int64?) = (nil, nil, nil)
            var index = 0
            func finish() -> Bool {
                guard current.id != nil || current.from != nil || current.to != nil else { return true }
                guard let id = current.id, let from = current.from, let to = current.to else { return false }
                ranges.append(TimeRange(seriesId: id, fromMs: from, toMs: to))
                current = (nil, nil, nil)
                return true
            }
            while let (key, valueStart) = nextKey(in: bytes, from: index) {
                guard let (value, end) = integer(in: bytes, at: valueStart) else { return nil }
                index = end
                switch key {
                case .seriesId:
                    guard finish() else { return nil }
                    current.id = value
                case .fromMs: current.from = value
                case .toMs: current.to = value
                }
            }
            return finish() ? ranges : nil
        }
    }

    private enum Key: CaseIterable {
        case seriesId, fromMs, toMs

        var pattern: [UInt8] {
            switch self {
            case .seriesId: Array(#""seriesId":"#.utf8)
            case .fromMs: Array(#""fromMs":"#.utf8)
            case .toMs: Array(#""toMs":"#.utf8)
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
        return payload.series.map { TimeRange(seriesId: $0.seriesId, fromMs: $0.fromMs, toMs: $0.toMs) }
    }
}
