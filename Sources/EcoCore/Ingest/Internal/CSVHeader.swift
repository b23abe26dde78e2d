/// The columns of a CSV body: which observation field each column holds.
struct CSVHeader: Sendable {
    /// Field of each column, nil for ignored columns.
    let columns: [ObservationField?]

    static let requirement =
        "The CSV header must name the columns variable, value and observedAt, and lat and lng or h3Index (names are case-sensitive; unit, source, stationId and quality are optional)."

    /// The header in the `count` bytes at `p` (a row without its line break), or why it is unusable.
    static func parse(_ p: UnsafePointer<UInt8>, count: Int) -> Result<CSVHeader, FieldIssue> {
        var names: [String] = []
        var splitter = CSVFieldSplitter(p, count: count)
        do {
            while let field = try splitter.next() {
                names.append(field.withBytes { String(decoding: UnsafeBufferPointer(start: $0, count: $1), as: UTF8.self) })
            }
        } catch {
            return .failure(FieldIssue(field: nil, reason: "The CSV header line is malformed: \(error.reason)"))
        }
        var columns: [ObservationField?] = []
        var seen = Set<Int>()
        for name in names {
            let field = ObservationField.allCases.first { $0.name == name }
            if let field, !seen.insert(field.rawValue).inserted {
                return .failure(FieldIssue(field: nil, reason: "The CSV header names the column \(name) twice; keep one."))
            }
            columns.append(field)
        }
        var missing = [ObservationField.variable, .value, .observedAt].filter { !seen.contains($0.rawValue) }
        if !seen.contains(ObservationField.h3Index.rawValue) {
            missing += [ObservationField.lat, .lng].filter { !seen.contains($0.rawValue) }
        }
        guard missing.isEmpty else {
            let listed = names.map { $0.isEmpty ? "(empty)" : $0 }.joined(separator: ", ")
            return .failure(FieldIssue(field: nil, reason: "\(requirement) Missing: \(missing.map(\.name).joined(separator: ", ")); the header has: \(listed)."))
        }
        return .success(CSVHeader(columns: columns))
    }
}

/// One field of a CSV row: a byte range, and whether doubled quotes inside it must be undone.
struct CSVField {
    let p: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    let hasDoubledQuotes: Bool

    /// Calls `body` with the field's content (quotes removed, `""` turned into `"`) and its length.
    func withBytes<R, E: Error>(_ body: (UnsafePointer<UInt8>, Int) throws(E) -> R) throws(E) -> R {
        guard hasDoubledQuotes else { return try body(p + start, end - start) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        var k = start
        while k < end {
            bytes.append(p[k])
            k += p[k] == UInt8(ascii: "\"") ? 2 : 1
        }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(E) -> R in try body(buffer.baseAddress!, buffer.count) }
    }
}

/// Splits one CSV row (RFC 4180) into fields, left to right.
struct CSVFieldSplitter {
    let p: UnsafePointer<UInt8>
    let n: Int
    private var k = 0
    private var done = false
    /// Zero-based number of the field `next()` returns next.
    private(set) var column = 0

    init(_ p: UnsafePointer<UInt8>, count: Int) {
        self.p = p
        self.n = count
    }

    /// The next field, or nil after the last one.
    mutating func next() throws(FieldIssue) -> CSVField? {
        guard !done else { return nil }
        defer { column += 1 }
        if k < n, p[k] == UInt8(ascii: "\"") {
            var j = k + 1
            var doubled = false
            while true {
                guard let quote = ByteSearch.first(UInt8(ascii: "\""), in: p, from: j, end: n) else {
                    throw FieldIssue(field: nil, reason: "The quoted field in column \(column + 1) has no closing quote; end it with \" and write quotes inside it as \"\".")
                }
                if quote + 1 < n, p[quote + 1] == UInt8(ascii: "\"") {
                    doubled = true
                    j = quote + 2
                    continue
                }
                let field = CSVField(p: p, start: k + 1, end: quote, hasDoubledQuotes: doubled)
                if quote + 1 == n {
                    done = true
                } else if p[quote + 1] == UInt8(ascii: ",") {
                    k = quote + 2
                } else {
                    throw FieldIssue(field: nil, reason: "Column \(column + 1) has text after its closing quote; quote the whole field and write quotes inside it as \"\".")
                }
                return field
            }
        }
        let comma = ByteSearch.first(UInt8(ascii: ","), in: p, from: k, end: n)
        let field = CSVField(p: p, start: k, end: comma ?? n, hasDoubledQuotes: false)
        if let comma { k = comma + 1 } else { done = true }
        return field
    }
}
