import EcoCarbon
import EcoCore
import Foundation
import Synchronization

/// Where the records of an NDJSON or CSV body start, so a large body can be decoded in parts (on
/// both cores, or a CSV import in steps with progress) with record indexes and lines as if whole.
struct ActivityBodyLayout: Sendable {
    /// Byte offset after the CSV header line (0 for NDJSON).
    let headerEnd: Int
    /// Byte offsets where records start: after each line break outside quotes, after the header (0 first for NDJSON).
    let lineStarts: [Int]
    /// For each start, the number of line breaks before it (quoted ones included).
    let startLines: [Int]
    let count: Int

    /// The layout of `body`; `csv` skips the header line and respects quoted line breaks.
    init(_ body: [UInt8], csv: Bool) {
        var starts: [Int] = csv ? [] : [0]
        var lines: [Int] = csv ? [] : [0]
        var inQuotes = false
        var header = 0
        var breaks = 0
        for (offset, byte) in body.enumerated() {
            if csv && byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            guard byte == UInt8(ascii: "\n") else { continue }
            breaks += 1
            guard !inQuotes else { continue }
            if csv && header == 0 { header = offset + 1 }
            starts.append(offset + 1)
            lines.append(breaks)
        }
        if csv && header == 0 { header = body.count }
        if let last = starts.last, last >= body.count {
            starts.removeLast()
            lines.removeLast()
        }
        headerEnd = header
        lineStarts = starts
        startLines = lines
        count = body.count
    }

    /// Number of line breaks before `offset` (a record start), quoted ones included: the 0-based line it starts on.
    func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count
        while low < high {
            let mid = (low + high) / 2
            if lineStarts[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low < startLines.count ? startLines[low] : startLines.last ?? 0
    }
}

/// Decodes activity bodies with EcoCarbon's `ActivityDecoder`, NDJSON and CSV in parts on every core
/// when the body is large; indexes and lines are those of the whole body.
enum ParallelActivityDecoder {
    /// Bodies below this many bytes are decoded in one piece.
    static let parallelBytes = 1 << 20

    static func decode(_ body: [UInt8], format: ObservationFormat) -> ActivityBatch {
        let parts = ProcessInfo.processInfo.activeProcessorCount
        guard format != .json, body.count >= parallelBytes, parts > 1 else { return ActivityDecoder.decode(body, format: format) }
        let layout = ActivityBodyLayout(body, csv: format == .csv)
        let ranges = split(layout, parts: parts)
        return decode(body, format: format, layout: layout, ranges: ranges)
    }

    /// Byte ranges of about equal size, each starting at a record.
    static func split(_ layout: ActivityBodyLayout, parts: Int) -> [Range<Int>] {
        guard let first = layout.lineStarts.first else { return [] }
        return split(layout, within: first..<layout.count, parts: parts)
    }

    /// `range` (from a record start to a record start or the end) cut into byte ranges of about equal
    /// size, each starting at a record.
    static func split(_ layout: ActivityBodyLayout, within range: Range<Int>, parts: Int) -> [Range<Int>] {
        let starts = layout.lineStarts
        guard !starts.isEmpty, !range.isEmpty else { return [] }
        var cuts = [range.lowerBound]
        for k in 1..<max(parts, 1) {
            let target = range.lowerBound + range.count * k / parts
            var low = 0, high = starts.count
            while low < high {
                let mid = (low + high) / 2
                if starts[mid] < target { low = mid + 1 } else { high = mid }
            }
            if low < starts.count, starts[low] > cuts.last!, starts[low] < range.upperBound { cuts.append(starts[low]) }
        }
        cuts.append(range.upperBound)
        return zip(cuts, cuts.dropFirst()).map { $0..<$1 }
    }

    /// Decodes each range (with the CSV header in front) and merges the parts in order; record indexes
    /// start at `start` (the records before the first range).
    static func decode(_ body: [UInt8], format: ObservationFormat, layout: ActivityBodyLayout, ranges: [Range<Int>],
                       indexOffset start: Int = 0) -> ActivityBatch {
        let header = Array(body[0..<layout.headerEnd])
        let parts = Mutex([ActivityBatch?](repeating: nil, count: ranges.count))
        DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
            let batch = ActivityDecoder.decode(header + body[ranges[k]], format: format)
            parts.withLock { $0[k] = batch }
        }
        var merged = ActivityBatch()
        var indexOffset = start
        for (k, part) in parts.withLock({ $0 }).enumerated() {
            guard let part else { continue }
            if let error = part.batchError, merged.batchError == nil { merged.batchError = error }
            // Lines inside a part count from its first line (after the header for CSV); shift to the body's.
            let lineOffset = layout.lineIndex(of: ranges[k].lowerBound) - (format == .csv ? 1 : 0)
            merged.activities += part.activities
            merged.positions += part.positions.map { (index: $0.index + indexOffset, line: $0.line.map { $0 + lineOffset }) }
            merged.errors += part.errors.map {
                RecordError(index: $0.index + indexOffset, line: $0.line.map { $0 + lineOffset }, field: $0.field, reason: $0.reason)
            }
            indexOffset += part.activities.count + part.errors.count
        }
        return merged
    }
}
