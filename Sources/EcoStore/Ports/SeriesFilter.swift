import EcoCore

/// Which series a read looks at. Every set field must match.
public struct SeriesFilter: Sendable, Equatable {
    public var variable: String?
    /// Inclusive ranges of resolution-15 cells (an H3 region); nil means anywhere.
    public var cellRanges: [ClosedRange<UInt64>]?
    /// Exact bounding box on the series position, applied after the cell ranges.
    public var boundingBox: BoundingBox?
    public var source: String?
    public var stationId: String?
    /// Only these series ids.
    public var ids: Set<Int64>?
    /// Only series of these organizations ("" = public); nil means no restriction (admins, local CLI).
    public var organizations: Set<String>?

    public init(ids: Set<Int64>? = nil, variable: String? = nil, cellRanges: [ClosedRange<UInt64>]? = nil, boundingBox: BoundingBox? = nil,
                source: String? = nil, stationId: String? = nil) {
        self.ids = ids
        self.variable = variable
        self.cellRanges = cellRanges
        self.boundingBox = boundingBox
        self.source = source
        self.stationId = stationId
    }

    /// Whether `series` satisfies the filter.
    public func matches(_ series: SeriesInfo) -> Bool {
        if let ids, !ids.contains(series.id) { return false }
        if let organizations, !organizations.contains(series.key.organization) { return false }
        if let variable, series.key.variable != variable { return false }
        if let source, series.key.source != source { return false }
        if let stationId, series.key.stationId != stationId { return false }
        if let cellRanges, !cellRanges.contains(where: { $0.contains(series.key.cell) }) { return false }
        if let boundingBox, !boundingBox.contains(lat: series.lat, lng: series.lng) { return false }
        return true
    }
}
