/// What is wrong with one record, before its index and line are known.
struct FieldIssue: Error, Sendable {
    /// The field to blame, or nil when the record as a whole is malformed.
    var field: String?
    /// A sentence saying what is wrong and how to fix it.
    var reason: String

    init(field: ObservationField?, reason: String) {
        self.field = field?.name
        self.reason = reason
    }

    func recordError(index: Int, line: Int) -> RecordError {
        RecordError(index: index, line: line, field: field, reason: reason)
    }
}

/// The sentences of ingest errors, in one place so all three formats say the same thing.
enum IngestMessage {
    static func missing(_ field: ObservationField) -> FieldIssue {
        FieldIssue(field: field, reason: "\(field.name) is missing; \(advice(for: field)).")
    }

    static func null(_ field: ObservationField) -> FieldIssue {
        FieldIssue(field: field, reason: "\(field.name) is null; \(advice(for: field)).")
    }

    static func wrongType(_ field: ObservationField, got: String) -> FieldIssue {
        FieldIssue(field: field, reason: "\(field.name) must be \(expectedType(field)), not \(got); \(advice(for: field)).")
    }

    static func badNumber(_ field: ObservationField, text: String) -> FieldIssue {
        FieldIssue(field: field, reason: "\(field.name) '\(shown(text))' is not a finite decimal number; \(advice(for: field)).")
    }

    static func numberOutOfRange(_ field: ObservationField, text: String) -> FieldIssue {
        FieldIssue(field: field, reason: "\(field.name) '\(shown(text))' is too large to be a 64-bit floating-point number; \(advice(for: field)).")
    }

    static func badTime(text: String) -> FieldIssue {
        FieldIssue(
            field: .observedAt,
            reason: "observedAt '\(shown(text))' is not RFC 3339 or epoch milliseconds; send e.g. 2024-05-01T13:00:00Z or 1714568400000.")
    }

    static func tooLong(_ unit: String, limit: Int) -> FieldIssue {
        FieldIssue(field: nil, reason: "The \(unit) is longer than \(limit) bytes; send smaller records or split the \(unit).")
    }

    /// What to send instead, after the semicolon of a message.
    static func advice(for field: ObservationField) -> String {
        switch field {
        case .variable: "send the variable name, e.g. pm25"
        case .value: "send the measured value as a number, e.g. 12.5"
        case .unit: "send the unit symbol as text, e.g. ug/m3, or leave it out for the canonical unit"
        case .observedAt: "send the time as RFC 3339 or epoch milliseconds, e.g. 2024-05-01T13:00:00Z"
        case .lat: "send the latitude in degrees as a number, e.g. 48.85"
        case .lng: "send the longitude in degrees as a number, e.g. 2.35"
        case .h3Index: "send the H3 cell as a 15-character hex string, e.g. 8f1fb46622dc7a2"
        case .source: "send the source as text, e.g. demo"
        case .stationId: "send the station id as text, e.g. st-001"
        case .quality: "send good, suspect, bad, estimated or a number"
        }
    }

    private static func expectedType(_ field: ObservationField) -> String {
        switch field {
        case .value, .lat, .lng: "a number"
        case .observedAt: "a string or an integer"
        case .quality: "a string or a number"
        default: "a string"
        }
    }

    /// `text` cut to a readable length for a message.
    static func shown(_ text: String) -> String {
        text.utf8.count <= 64 ? text : String(text.prefix(60)) + "…"
    }
}
