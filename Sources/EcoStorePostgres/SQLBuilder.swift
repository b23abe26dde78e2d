import PostgresNIO

/// A statement whose WHERE clause depends on which filter fields are set: each value is bound as a
/// numbered parameter (never spliced into the text), and the conditions are joined with AND.
struct SQLBuilder {
    private(set) var binds = PostgresBindings()
    private(set) var conditions: [String] = []

    /// Binds `value` and returns its placeholder (`$1`, `$2` …).
    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Adds a condition written with placeholders from ``bind(_:)``.
    mutating func require(_ condition: String) {
        conditions.append(condition)
    }

    /// Adds `column = ANY(values)`.
    mutating func require(_ column: String, in values: Set<String>) {
        conditions.append("\(column) = ANY(\(bind(values.sorted()))::text[])")
    }

    /// Adds "`column` lies in one of `ranges`" for a bigint cell column (resolution-15 cells, whose top bit
    /// is 0, so the signed order is the unsigned one).
    mutating func require(cell column: String, in ranges: [ClosedRange<UInt64>]) {
        let bounded = ranges.compactMap(Self.signed)
        let lows = bind(bounded.map(\.lowerBound)), highs = bind(bounded.map(\.upperBound))
        conditions.append("EXISTS (SELECT 1 FROM unnest(\(lows)::bigint[], \(highs)::bigint[]) AS r(lo, hi) WHERE \(column) BETWEEN r.lo AND r.hi)")
    }

    var whereClause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }

    /// The statement `sql` (which refers to the bound placeholders) with its parameters.
    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// A range of unsigned cells as a signed bigint range; nil when it lies wholly above `Int64.max`.
    static func signed(_ range: ClosedRange<UInt64>) -> ClosedRange<Int64>? {
        guard range.lowerBound <= UInt64(Int64.max) else { return nil }
        return Int64(range.lowerBound)...Int64(min(range.upperBound, UInt64(Int64.max)))
    }
}
