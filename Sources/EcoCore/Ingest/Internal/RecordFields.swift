/// The fields of one record as they are read, in any order; ``take()`` checks the required ones.
///
/// The record is built in place and moved out at the end (``take()``), rather than assembled
/// from separate variables and copied into a new record.
struct RecordFields {
    var record = ObservationRecord(variable: "", value: 0, observedAtMs: 0)
    var hasVariable = false
    var hasValue = false
    var hasObservedAt = false

    /// The record, moved out (the fields are left empty), or the first required field
    /// (variable, value, observedAt) that is missing.
    mutating func take() throws(FieldIssue) -> ObservationRecord {
        guard hasVariable else { throw IngestMessage.missing(.variable) }
        guard hasValue else { throw IngestMessage.missing(.value) }
        guard hasObservedAt else { throw IngestMessage.missing(.observedAt) }
        var taken = ObservationRecord(variable: "", value: 0, observedAtMs: 0)
        swap(&taken, &record)
        return taken
    }

    @inline(__always)
    mutating func setValue(_ value: Double) {
        record.value = value
        hasValue = true
    }

    @inline(__always)
    mutating func setObservedAt(_ ms: Int64) {
        record.observedAtMs = ms
        hasObservedAt = true
    }

    /// Stores a text field (variable, unit, h3Index, source, stationId, quality); nil clears it.
    @inline(__always)
    mutating func setText(_ field: ObservationField, _ text: String?) {
        switch field {
        case .variable:
            record.variable = text ?? ""
            hasVariable = text != nil
        case .unit: record.unit = text
        case .h3Index: record.h3Index = text
        case .source: record.source = text
        case .stationId: record.stationId = text
        case .quality: record.quality = text
        case .value, .observedAt, .lat, .lng: break
        }
    }
}
