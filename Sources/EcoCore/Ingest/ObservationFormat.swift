/// The body formats observations can be sent in.
public enum ObservationFormat: String, Sendable, CaseIterable, Hashable {
    /// A JSON array of observation objects (`application/json`).
    case json
    /// One JSON object per line (`application/x-ndjson`).
    case ndjson
    /// Comma-separated values with a header line (`text/csv`).
    case csv

    /// The format named by an HTTP `Content-Type` value (parameters such as `; charset=utf-8`
    /// and letter case are ignored), or nil when it is none of them.
    public init?(contentType: String) {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingASCIISpaces().lowercased()
        } ?? ""
        switch mediaType {
        case "application/json", "text/json": self = .json
        case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
            "application/jsonlines":
            self = .ndjson
        case "text/csv", "application/csv": self = .csv
        default: return nil
        }
    }

    /// The format of a file with extension `fileExtension` (with or without the dot, any case).
    public init?(fileExtension: String) {
        var text = Substring(fileExtension.lowercased())
        if text.first == "." { text = text.dropFirst() }
        switch text {
        case "json": self = .json
        case "ndjson", "jsonl": self = .ndjson
        case "csv": self = .csv
        default: return nil
        }
    }

    /// The canonical `Content-Type` of the format.
    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .ndjson: "application/x-ndjson"
        case .csv: "text/csv"
        }
    }
}
