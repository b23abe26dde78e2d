/// Which stored activities to read: one organization, a time window and optional filters, oldest first.
public struct CarbonActivityQuery: Sendable, Equatable {
    public var organization: String
    /// Half-open window [fromMs, toMs) in ms since the epoch; nil bounds are open.
    public var fromMs: Int64?
    public var toMs: Int64?
    public var supplier: String?
    public var facility: String?
    /// Activities whose resolution-15 cell lies in this range (see `Spatial.range15(of:)`).
    public var cellRange: ClosedRange<UInt64>?
    /// At most this many; nil reads them all.
    public var limit: Int?
    /// Continue after this (time, id) position.
    public var afterTimeMs: Int64?
    public var afterId: Int64?

    public init(organization: String, fromMs: Int64? = nil, toMs: Int64? = nil, supplier: String? = nil, facility: String? = nil,
                cellRange: ClosedRange<UInt64>? = nil, limit: Int? = nil, afterTimeMs: Int64? = nil, afterId: Int64? = nil) {
        self.organization = organization
        self.fromMs = fromMs
        self.toMs = toMs
        self.supplier = supplier
        self.facility = facility
        self.cellRange = cellRange
        self.limit = limit
        self.afterTimeMs = afterTimeMs
        self.afterId = afterId
    }
}

/// What an activity insert did.
public struct CarbonInsertSummary: Sendable, Equatable {
    /// New records.
    public var inserted: Int
    /// Records that replaced a stored one with the same organization and client id.
    public var replaced: Int
    /// Gap estimates dropped because a measurement arrived in their period.
    public var estimatesRemoved: Int

    public init(inserted: Int = 0, replaced: Int = 0, estimatesRemoved: Int = 0) {
        self.inserted = inserted
        self.replaced = replaced
        self.estimatesRemoved = estimatesRemoved
    }
}
