/// Which entries a listing returns, newest first, one keyset page at a time. Every set field must match.
public struct EntryQuery: Sendable, Equatable {
    public var dataTypes: Set<EntryDataType>?
    public var sources: Set<String>?
    /// Entries carrying every one of these tags (normal form).
    public var tagsAll: [String] = []
    /// Entries carrying at least one of these tags; empty means no condition.
    public var tagsAny: [String] = []
    /// Entries whose enrichment gave every one of these tags (normal form); not indexed, so meant beside narrower filters.
    public var llmTags: [String] = []
    /// [fromMs, toMs) on the entry's time.
    public var fromMs: Int64?
    public var toMs: Int64?
    /// Inclusive ranges of resolution-15 cells (an H3 region or a bounding box's cover); entries without a position never match.
    public var cellRanges: [ClosedRange<UInt64>]?
    /// Exact box on the position, after the cell ranges.
    public var boundingBox: BoundingBox?
    public var processed: Bool?
    public var label: String?
    public var sha256: String?
    /// Only entries older than this position (from the previous page's cursor).
    public var before: Int64?
    public var limit: Int

    public init(limit: Int = 100) { self.limit = limit }
}

/// One page of entries: `nextCursor` is the position to pass as `before`, nil on the last page.
public struct EntryPage: Sendable, Equatable {
    public var entries: [Entry]
    public var nextCursor: Int64?

    public init(entries: [Entry], nextCursor: Int64?) {
        self.entries = entries
        self.nextCursor = nextCursor
    }
}

extension EntryPage {
    /// The page of up to `limit + 1` rows read in order: the extra row only says there is a next page,
    /// whose cursor is the position of the last entry kept.
    public init(rows: [(seq: Int64, entry: Entry)], limit: Int) {
        let kept = rows.prefix(limit)
        self.init(entries: kept.map(\.entry), nextCursor: rows.count > limit ? kept.last?.seq : nil)
    }
}
