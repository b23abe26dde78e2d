/// A point the detector flagged. Its `Codable` form is the published anomaly document: the rows of
/// `GET /api/v1/anomalies` and the payload of `ecotrack.climate.anomaly-detected` events (time as RFC 3339).
public struct AnomalyRecord: Sendable, Equatable, Codable {
    public var seriesId: Int64
    public var variable: String
    public var stationId: String
    public var h3Index: String
    public var timeMs: Int64
    public var value: Double?
    public var anomalyScore: Double
    public var baselineMean: Double?
    public var baselineStd: Double?
    /// The detector's anomaly kind (`spike`, `level_shift`, `stuck`, `gap` …).
    public var kind: String
    public var severity: String
    public var organization: String

    public init(seriesId: Int64, variable: String, stationId: String, h3Index: String, timeMs: Int64, value: Double?,
                anomalyScore: Double, baselineMean: Double?, baselineStd: Double?, kind: String, severity: String, organization: String = "") {
        self.seriesId = seriesId
        self.variable = variable
        self.stationId = stationId
        self.h3Index = h3Index
        self.timeMs = timeMs
        self.value = value
        self.anomalyScore = anomalyScore
        self.baselineMean = baselineMean
        self.baselineStd = baselineStd
        self.kind = kind
        self.severity = severity
        self.organization = organization
    }
}

extension AnomalyRecord {
    private enum CodingKeys: String, CodingKey {
        case seriesId, variable, stationId, h3Index, time, value, anomalyScore, baselineMean, baselineStd, kind, severity, organization
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decode(String.self, forKey: .time)
        guard let timeMs = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "'\(text)' is not an RFC 3339 time")
        }
        self.init(seriesId: try c.decode(Int64.self, forKey: .seriesId), variable: try c.decode(String.self, forKey: .variable),
                  stationId: try c.decode(String.self, forKey: .stationId), h3Index: try c.decode(String.self, forKey: .h3Index),
                  timeMs: timeMs, value: try c.decodeIfPresent(Double.self, forKey: .value),
                  anomalyScore: try c.decode(Double.self, forKey: .anomalyScore),
                  baselineMean: try c.decodeIfPresent(Double.self, forKey: .baselineMean),
                  baselineStd: try c.decodeIfPresent(Double.self, forKey: .baselineStd), kind: try c.decode(String.self, forKey: .kind),
                  severity: try c.decode(String.self, forKey: .severity),
                  organization: try c.decodeIfPresent(String.self, forKey: .organization) ?? "")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seriesId, forKey: .seriesId)
        try c.encode(variable, forKey: .variable)
        try c.encode(stationId, forKey: .stationId)
        try c.encode(h3Index, forKey: .h3Index)
        try c.encode(Timestamp.format(ms: timeMs), forKey: .time)
        try c.encodeIfPresent(value, forKey: .value)
        try c.encode(anomalyScore, forKey: .anomalyScore)
        try c.encodeIfPresent(baselineMean, forKey: .baselineMean)
        try c.encodeIfPresent(baselineStd, forKey: .baselineStd)
        try c.encode(kind, forKey: .kind)
        try c.encode(severity, forKey: .severity)
        if !organization.isEmpty { try c.encode(organization, forKey: .organization) }
    }

    /// The published document as compact JSON with sorted keys: the payload of anomaly events.
    public var json: String { (try? StableJSON.text(of: self)) ?? "{}" }
}
