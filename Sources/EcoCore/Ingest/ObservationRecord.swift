/// One observation as a client sent it, before validation and unit conversion.
///
/// This is the shape every ingest format (JSON array, NDJSON, CSV) decodes to. Field names
/// follow the API (`observedAt`, `h3Index`, `stationId`). Position is either `lat`+`lng` or
/// `h3Index`; the validator decides which one wins and rejects records with neither.
public struct ObservationRecord: Sendable, Equatable {
    /// Variable name from the catalogue, e.g. `pm25`.
    public var variable: String
    /// The measured value, in `unit` (or the variable's canonical unit when `unit` is nil).
    public var value: Double
    /// Unit symbol as sent (`°F`, `ug/m3`, `ppb` …); nil means the canonical unit.
    public var unit: String?
    /// Observation time, milliseconds since the Unix epoch, UTC.
    public var observedAtMs: Int64
    /// Latitude in degrees, WGS 84.
    public var lat: Double?
    /// Longitude in degrees, WGS 84.
    public var lng: Double?
    /// H3 cell as its 15-character hex string, when the client sent a cell instead of a point.
    public var h3Index: String?
    /// Who produced the data (a network, a satellite product, a supplier).
    public var source: String?
    /// Station or device identifier within the source.
    public var stationId: String?
    /// Quality flag as sent (`good`, `suspect`, `bad`, or a number); nil means not stated.
    public var quality: String?

    public init(
        variable: String, value: Double, unit: String? = nil, observedAtMs: Int64,
        lat: Double? = nil, lng: Double? = nil, h3Index: String? = nil,
        source: String? = nil, stationId: String? = nil, quality: String? = nil
    ) {
        self.variable = variable
        self.value = value
        self.unit = unit
        self.observedAtMs = observedAtMs
        self.lat = lat
        self.lng = lng
        self.h3Index = h3Index
        self.source = source
        self.stationId = stationId
        self.quality = quality
    }
}

/// Why one record of a batch could not be read, with where it was.
public struct RecordError: Sendable, Equatable, Error {
    /// Zero-based index of the record in the batch (JSON array element, NDJSON line, CSV data row).
    public var index: Int
    /// One-based line number in the body, where the format has lines (NDJSON, CSV).
    public var line: Int?
    /// The offending field, when one field is to blame.
    public var field: String?
    /// A sentence saying what was wrong and how to fix it.
    public var reason: String

    public init(index: Int, line: Int? = nil, field: String? = nil, reason: String) {
        self.index = index
        self.line = line
        self.field = field
        self.reason = reason
    }
}
