import EcoCore
import EcoStore
import H3

/// Row mapping and filter SQL shared by the alert, anomaly and rule tables.
enum AlertRows {
    static let alertColumns = """
        id, alert_type, domain, severity, title, description, h3_index, geometry, valid_from, valid_until, metadata, \
        status, dedup_key, is_flapping, organization, created_at, updated_at, acknowledged_by, acknowledged_at, version
        """

    static func readAlert(_ row: SQLiteStatement) -> AlertRecord {
        AlertRecord(id: row.string(0), alertType: row.string(1), domain: row.string(2), severity: row.string(3),
                    title: row.string(4), description: row.string(5), h3Index: row.textOrNil(6),
                    geometryJSON: row.textOrNil(7), validFromMs: row.int64(8), validUntilMs: row.int64OrNil(9),
                    metadataJSON: row.string(10), status: AlertRecord.Status(rawValue: row.string(11)) ?? .firing,
                    dedupKey: row.string(12), isFlapping: row.int64(13) != 0, organization: row.string(14),
                    createdAtMs: row.int64(15), updatedAtMs: row.int64(16), acknowledgedBy: row.textOrNil(17),
                    acknowledgedAtMs: row.int64OrNil(18), version: Int(row.int64(19)))
    }

    static let anomalyColumns = """
        series_id, variable, station_id, h3_index, time, value, score, baseline_mean, baseline_std, kind, severity, organization
        """

    static func readAnomaly(_ row: SQLiteStatement) -> AnomalyRecord {
        AnomalyRecord(seriesId: row.int64(0), variable: row.string(1), stationId: row.string(2), h3Index: row.string(3),
                      timeMs: row.int64(4), value: row.optionalDouble(5), anomalyScore: row.double(6),
                      baselineMean: row.optionalDouble(7), baselineStd: row.optionalDouble(8), kind: row.string(9),
                      severity: row.string(10), organization: row.string(11))
    }

    static let ruleColumns = """
        id, name, variable, domain, direction, threshold, clear_threshold, for_ms, keep_firing_for_ms, severity, enabled, \
        organization, created_at, updated_at
        """

    static func readRule(_ row: SQLiteStatement) -> AlertRuleRecord {
        AlertRuleRecord(id: row.string(0), name: row.string(1), variable: row.string(2), domain: row.string(3),
                        direction: row.string(4), threshold: row.double(5), clearThreshold: row.optionalDouble(6),
                        forMs: row.int64(7), keepFiringForMs: row.int64(8), severity: row.string(9), enabled: row.int64(10) != 0,
                        organization: row.string(11), createdAtMs: row.int64(12), updatedAtMs: row.int64(13))
    }

    /// The resolution-15 centre descendant of a hex cell, as stored in `cell` columns (nil when the
    /// text is not a valid cell). A coarser cell is found by a region that contains its centre.
    static func cell15(_ hex: String?) -> Int64? {
        guard let hex, let cell = H3Cell(hex: hex) else { return nil }
        return Int64(bitPattern: cell.descendantRange15.lowerBound)
    }

    /// Collects WHERE conditions with their numbered parameters, so each shape of filter is one
    /// fixed SQL text (the connection caches statements by text): sets go in as JSON arrays.
    struct Conditions: Sendable {
        private(set) var clauses: [String] = []
        private var binds: [(index: Int32, value: Bind)] = []
        private var next: Int32 = 1

        /// Adds `clause`, in which each `?` placeholder is numbered in turn and bound to the values.
        mutating func add(_ clause: String, _ values: Bind...) {
            var text = ""
            var remaining = values[...]
            for character in clause {
                if character == "?", let value = remaining.popFirst() {
                    let index = next
                    next += 1
                    text += "?\(index)"
                    binds.append((index, value))
                } else {
                    text.append(character)
                }
            }
            clauses.append(text)
        }

        /// `column IN` the set, as one JSON parameter.
        mutating func add(_ column: String, in set: Set<String>) {
            add("\(column) IN (SELECT value FROM json_each(?))", .text(EventRows.jsonArray(set.sorted())))
        }

        /// `column` (an INTEGER cell) inside one of the ranges: the envelope lets the cell index
        /// narrow the scan, the JSON list decides exactly.
        mutating func add(cell column: String, in ranges: [ClosedRange<UInt64>]) {
            let lows = ranges.map { Int64(bitPattern: $0.lowerBound) }, highs = ranges.map { Int64(bitPattern: $0.upperBound) }
            let list = "[" + zip(lows, highs).map { "[\($0),\($1)]" }.joined(separator: ",") + "]"
            add("""
                \(column) BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM json_each(?) r \
                WHERE \(column) BETWEEN json_extract(r.value, '$[0]') AND json_extract(r.value, '$[1]'))
                """, .int(lows.min() ?? 0), .int(highs.max() ?? 0), .text(list))
        }

        var whereClause: String { clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ") }

        /// The next free parameter number (for LIMIT and the like after the conditions).
        var nextIndex: Int32 { next }

        func bind(_ statement: SQLiteStatement) {
            for (index, value) in binds { value.bind(statement, index) }
        }
    }

    enum Bind: Sendable {
        case int(Int64)
        case text(String)
        case double(Double)

        func bind(_ statement: SQLiteStatement, _ index: Int32) {
            switch self {
            case let .int(value): statement.bind(index, value)
            case let .text(value): statement.bind(index, value)
            case let .double(value): statement.bind(index, value)
            }
        }
    }
}

extension SQLiteStatement {
    func textOrNil(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }
    func int64OrNil(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    /// Binds `value`, or NULL when it is nil.
    @discardableResult
    func bind(_ index: Int32, orNull value: Int64?) -> Self {
        if let value { return bind(index, value) }
        return bind(index, nil as String?)
    }
}
