import EcoCore
import Foundation

/// What one body of activity records held: the good ones (validated) and one error per bad one.
public struct ActivityBatch: Sendable {
    /// Valid activities in body order.
    public var activities: [Activity] = []
    /// For each activity, its zero-based index in the body and its line (nil inside a JSON array).
    public var positions: [(index: Int, line: Int?)] = []
    /// One entry per rejected record, with its index, line, field and a sentence saying how to fix it.
    public var errors: [RecordError] = []
    /// Set when the body as a whole is unusable (broken JSON array, CSV without a type column).
    public var batchError: BatchDecodeError?

    public init() {}
}

/// Decodes activity records from a JSON array, NDJSON or CSV (the formats of ``ObservationFormat``).
///
/// Field names are the same in every format (`type`, `organization`, `time`, `mode`, `distanceKm` …;
/// see docs/carbon.md). Each record is read and validated on its own: a bad record becomes a
/// ``RecordError`` and never costs the good ones.
public enum ActivityDecoder {
    /// Decodes and validates every record of `body`.
    public static func decode(_ body: some Collection<UInt8>, format: ObservationFormat, limits: IngestLimits = IngestLimits()) -> ActivityBatch {
        var batch = ActivityBatch()
        var bytes = ArraySlice(body)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        switch format {
        case .json: decodeArray(bytes, into: &batch)
        case .ndjson: decodeLines(bytes, limits: limits, into: &batch)
        case .csv: decodeCSV(bytes, limits: limits, into: &batch)
        }
        return batch
    }

    private static func add(_ fields: Result<[String: FieldValue], CarbonError>, index: Int, line: Int?, into batch: inout ActivityBatch) {
        do {
            let activity = try ActivityRecordReader(fields: fields.get()).read()
            batch.activities.append(activity)
            batch.positions.append((index, line))
        } catch {
            if case let .invalidActivity(field, reason) = error {
                batch.errors.append(RecordError(index: index, line: line, field: field, reason: "\(field) \(reason)."))
            } else {
                batch.errors.append(RecordError(index: index, line: line, reason: error.message))
            }
        }
    }

    private static func decodeArray(_ bytes: ArraySlice<UInt8>, into batch: inout ActivityBatch) {
        guard let array = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [Any] else {
            batch.batchError = BatchDecodeError(byteOffset: 0, line: 1, reason: "The body is not a JSON array of activity objects; send [{\"type\":\"electricity\", …}, …] or use NDJSON, one object per line.")
            return
        }
        for (index, element) in array.enumerated() {
            add(fields(of: element), index: index, line: nil, into: &batch)
        }
    }

    private static func decodeLines(_ bytes: ArraySlice<UInt8>, limits: IngestLimits, into batch: inout ActivityBatch) {
        var index = 0, line = 0
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            defer { index += 1 }
            guard raw.count <= limits.maxRecordBytes else {
                batch.errors.append(RecordError(index: index, line: line, reason: "The line is longer than \(limits.maxRecordBytes) bytes; send smaller records."))
                continue
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(raw)) else {
                batch.errors.append(RecordError(index: index, line: line, reason: "The line is not valid JSON; send one activity object per line."))
                continue
            }
            add(fields(of: object), index: index, line: line, into: &batch)
        }
    }

    private static func decodeCSV(_ bytes: ArraySlice<UInt8>, limits: IngestLimits, into batch: inout ActivityBatch) {
        let records = DelimitedRecords(detectingFrom: bytes).records(bytes)
        guard let header = records.first else {
            batch.batchError = BatchDecodeError(byteOffset: 0, line: 1, reason: "The CSV body is empty; send a header line naming the columns (type, organization, time, …) and one row per activity.")
            return
        }
        let names = header.fields.map { $0.trimmingSpaces() }
        for required in ["type", "organization", "time"] where !names.contains(required) {
            batch.batchError = BatchDecodeError(byteOffset: 0, line: header.line, reason: "The CSV header has no \(required) column; name the columns as the JSON fields (type, organization, time, …), case-sensitive.")
            return
        }
        for (index, record) in records.dropFirst().enumerated() {
            if let issue = record.issue {
                batch.errors.append(RecordError(index: index, line: record.line, reason: issue))
                continue
            }
            guard record.fields.count == names.count else {
                batch.errors.append(RecordError(index: index, line: record.line, reason: "The row has \(record.fields.count) fields but the header has \(names.count); quote fields that contain commas."))
                continue
            }
            var fields: [String: FieldValue] = [:]
            for (name, value) in zip(names, record.fields) where !value.isEmpty && ActivityFieldName.all.contains(name) {
                fields[name] = .text(value)
            }
            add(.success(fields), index: index, line: record.line, into: &batch)
        }
    }

    /// The fields of one JSON value, or why it is not an activity object.
    private static func fields(of element: Any) -> Result<[String: FieldValue], CarbonError> {
        guard let object = element as? [String: Any] else {
            return .failure(.invalidActivity(field: "record", reason: "is not a JSON object; send {\"type\": …, \"organization\": …}"))
        }
        var fields: [String: FieldValue] = [:]
        for (key, value) in object {
            switch value {
            case is NSNull: continue
            case let text as String: fields[key] = .text(text)
            case let number as NSNumber: fields[key] = .number(number.doubleValue)
            default:
                guard ActivityFieldName.all.contains(key) else { continue }
                return .failure(.invalidActivity(field: key, reason: "must be text or a number, not an object or array"))
            }
        }
        return .success(fields)
    }
}
