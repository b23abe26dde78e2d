/// Which rows of a table a result covers: a time window and, optionally, one organization,
/// supplier or facility.
public struct RowFilter: Sendable, Equatable {
    /// Half-open window in epoch milliseconds; nil bounds are open.
    public var fromMs: Int64?
    public var toMs: Int64?
    public var organization: String?
    public var supplier: String?
    public var facility: String?

    public init(fromMs: Int64? = nil, toMs: Int64? = nil, organization: String? = nil, supplier: String? = nil, facility: String? = nil) {
        self.fromMs = fromMs
        self.toMs = toMs
        self.organization = organization
        self.supplier = supplier
        self.facility = facility
    }

    /// Everything.
    public static let all = RowFilter()

    /// The filter compiled against a table's ids.
    func compiled(for table: ActivityTable) -> Compiled {
        func id(_ name: String?, _ interner: Interner) -> Int32? {
            guard let name else { return nil }
            return interner.existingID(name) ?? -2  // -2 matches nothing
        }
        return Compiled(
            from: fromMs ?? .min, to: toMs ?? .max, organization: id(organization, table.organizations),
            supplier: id(supplier, table.suppliers), facility: id(facility, table.facilities))
    }

    struct Compiled {
        let from: Int64, to: Int64
        let organization: Int32?, supplier: Int32?, facility: Int32?

        @inline(__always)
        func matches(_ i: Int, _ table: ActivityTable) -> Bool {
            let t = table.timeMs[i]
            guard t >= from, t < to else { return false }
            if let organization, table.organization[i] != organization { return false }
            if let supplier, table.supplier[i] != supplier { return false }
            if let facility, table.facility[i] != facility { return false }
            return true
        }
    }
}
