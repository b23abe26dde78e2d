/// Reads occurrence records from Darwin Core text: CSV (quoted fields allowed) or tab-separated
/// (as in GBIF downloads), one record per row, terms as column names.
///
/// Required columns: `scientificName`, `decimalLatitude`, `decimalLongitude`, `eventDate`.
/// Optional: `occurrenceID`, `basisOfRecord`, `occurrenceStatus`, `coordinateUncertaintyInMeters`,
/// `individualCount`. Other columns are ignored; names may carry a `dwc:` prefix.
/// A bad row is reported (line, field, reason and how to fix it) and the good rows are kept.
public enum DarwinCoreOccurrences {
    /// The Darwin Core terms this reader uses.
    enum Term: String, CaseIterable {
        case scientificName, decimalLatitude, decimalLongitude, eventDate
        case occurrenceID, basisOfRecord, occurrenceStatus, coordinateUncertaintyInMeters, individualCount

        static let required: [Term] = [.scientificName, .decimalLatitude, .decimalLongitude, .eventDate]
    }

    /// What a body held: good records with their line, and rejected rows.
    public struct Batch: Sendable, Equatable {
        /// Readable records in body order, with the 1-based line each starts on.
        public var occurrences: [Occurrence] = []
        /// The line of each record in `occurrences`.
        public var lines: [Int] = []
        /// One entry per rejected row (`index` = data row, from 0).
        public var errors: [RecordError] = []
        /// Set when the header is unusable: then nothing was read.
        public var headerError: String?

        public init() {}
    }

    /// What the header must hold, for error messages.
    public static let requirement =
        "The header must name the Darwin Core columns scientificName, decimalLatitude, decimalLongitude and eventDate (occurrenceID, basisOfRecord, occurrenceStatus, coordinateUncertaintyInMeters and individualCount are optional)."

    /// Parses a whole body.
    public static func parse(_ body: some Collection<UInt8>) -> Batch {
        var bytes = ArraySlice(body)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let reader = DelimitedRecords(detectingFrom: bytes)
        let records = reader.records(bytes)
        var batch = Batch()
        guard let header = records.first else {
            batch.headerError = "The body is empty. \(requirement)"
            return batch
        }
        var columns: [Term: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            var name = String(name.trimmingASCIISpaces(lineBreaks: true))
            if name.hasPrefix("dwc:") { name.removeFirst(4) }
            guard let term = Term(rawValue: name) else { continue }
            if columns[term] != nil {
                batch.headerError = "The header names the column \(name) twice; keep one."
                return batch
            }
            columns[term] = position
        }
        let missing = Term.required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            batch.headerError = "\(requirement) Missing: \(missing.map(\.rawValue).joined(separator: ", ")); the header has: \(header.fields.joined(separator: ", "))."
            return batch
        }
        for (index, record) in records.dropFirst().enumerated() {
            do {
                if let issue = record.issue { throw RecordError(index: index, line: record.line, reason: issue) }
                guard record.fields.count == header.fields.count else {
                    throw RecordError(index: index, line: record.line,
                                      reason: "The row has \(record.fields.count) fields but the header has \(header.fields.count); quote fields that contain commas, e.g. \"Quercus robur L., 1753\".")
                }
                let occurrence = try read(record.fields, columns: columns)
                batch.occurrences.append(occurrence)
                batch.lines.append(record.line)
            } catch let error as RecordError {
                batch.errors.append(error)
            } catch let issue as FieldProblem {
                batch.errors.append(RecordError(index: index, line: record.line, field: issue.term.rawValue, reason: issue.reason))
            } catch {
                batch.errors.append(RecordError(index: index, line: record.line, reason: "\(error)"))
            }
        }
        return batch
    }

    struct FieldProblem: Error {
        var term: Term
        var reason: String
    }

    /// One record from a row's fields.
    static func read(_ fields: [String], columns: [Term: Int]) throws -> Occurrence {
        func text(_ term: Term) -> String? {
            guard let position = columns[term] else { return nil }
            let value = String(fields[position].trimmingASCIISpaces(lineBreaks: true))
            return value.isEmpty ? nil : value
        }
        guard let verbatim = text(.scientificName) else {
            throw FieldProblem(term: .scientificName, reason: "scientificName is empty; give the species' Latin name, e.g. Quercus robur.")
        }
        guard let name = SpeciesName.canonical(verbatim), let id = SpeciesName.slug(verbatim) else {
            throw FieldProblem(term: .scientificName, reason: "scientificName '\(verbatim)' is not a Latin name; start with the genus, e.g. Quercus robur.")
        }
        let lat = try coordinate(text(.decimalLatitude), term: .decimalLatitude, limit: 90, example: "51.5074")
        let lng = try coordinate(text(.decimalLongitude), term: .decimalLongitude, limit: 180, example: "-0.1278")
        if lat == 0 && lng == 0 {
            throw FieldProblem(term: .decimalLatitude, reason: "The position is 0, 0, which almost always means a missing coordinate; give the real position or leave the record out.")
        }
        guard let dateText = text(.eventDate) else {
            throw FieldProblem(term: .eventDate, reason: "eventDate is empty; give an ISO 8601 date, e.g. 2020-05-01, 2020-05-01T09:30:00Z or 2020-05-01/2020-05-31.")
        }
        guard let observedAtMs = eventStart(dateText) else {
            throw FieldProblem(term: .eventDate, reason: "eventDate '\(dateText)' is not an ISO 8601 date; use e.g. 2020-05-01, 2020-05, 2020-05-01T09:30:00Z or a range 2020-05-01/2020-05-31.")
        }
        var occurrence = Occurrence(occurrenceID: text(.occurrenceID), speciesId: id, scientificName: name, lat: lat, lng: lng,
                                    observedAtMs: observedAtMs, basisOfRecord: text(.basisOfRecord))
        if let uncertainty = text(.coordinateUncertaintyInMeters) {
            guard let meters = Double(uncertainty), meters.isFinite, meters >= 0 else {
                throw FieldProblem(term: .coordinateUncertaintyInMeters, reason: "coordinateUncertaintyInMeters '\(uncertainty)' is not a distance in metres ≥ 0; write e.g. 30 or leave it empty.")
            }
            occurrence.coordinateUncertaintyMeters = meters
        }
        if let count = text(.individualCount) {
            guard let number = Int(count), number >= 0 else {
                throw FieldProblem(term: .individualCount, reason: "individualCount '\(count)' is not a whole number ≥ 0; write e.g. 3 or leave it empty.")
            }
            occurrence.individualCount = number
        }
        switch text(.occurrenceStatus)?.lowercased() {
        case nil:
            // Darwin Core: a count of zero records an absence when no status says otherwise.
            occurrence.present = occurrence.individualCount != 0
        case "present": occurrence.present = true
        case "absent": occurrence.present = false
        case let other?:
            throw FieldProblem(term: .occurrenceStatus, reason: "occurrenceStatus '\(other)' must be present or absent (or empty, meaning present).")
        }
        return occurrence
    }

    private static func coordinate(_ text: String?, term: Term, limit: Double, example: String) throws -> Double {
        guard let text else {
            throw FieldProblem(term: term, reason: "\(term.rawValue) is empty; give decimal degrees (WGS 84), e.g. \(example).")
        }
        guard let value = Double(text), value.isFinite else {
            throw FieldProblem(term: term, reason: "\(term.rawValue) '\(text)' is not a number; give decimal degrees with a point, e.g. \(example) (not degrees-minutes-seconds).")
        }
        guard abs(value) <= limit else {
            throw FieldProblem(term: term, reason: "\(term.rawValue) \(text) is outside -\(Int(limit))…\(Int(limit)); check that latitude and longitude are not swapped.")
        }
        return value
    }

    /// Start of a Darwin Core `eventDate`, ms since the epoch: a date, a date-time, a year-month
    /// (`2020-05`), a year (`2020`), or the first part of an interval (`2020-05-01/2020-05-31`).
    public static func eventStart(_ text: String) -> Int64? {
        let start = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
        let parts = start.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.first?.count == 4, parts[0].allSatisfy(\.isASCIIDigit) else { return nil }
        // Checked before Timestamp.parse, which would read a bare year as epoch milliseconds.
        switch parts.count {
        case 1: return Timestamp.parse("\(start)-01-01")
        case 2: return parts[1].count == 2 && parts[1].allSatisfy(\.isASCIIDigit) ? Timestamp.parse("\(start)-01") : nil
        default: return Timestamp.parse(start)
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
