import EcoCore
import EcoStore
import PostgresNIO

/// Threshold rules (each change appends its `alertRuleChanged` event in the same transaction) and anomalies.
extension PostgresStore: AlertRuleStore {
    private static let ruleColumns = """
        id, name, variable, domain, direction, threshold, clear_threshold, for_ms, keep_firing_for_ms, severity, enabled, \
        organization, created_at, updated_at
        """

    public func saveRule(_ rule: AlertRuleRecord) async throws {
        _ = try await writeEvents { connection in
            try await connection.run("""
                INSERT INTO alert_rules (\(unescaped: Self.ruleColumns)) VALUES (\(rule.id), \(rule.name), \(rule.variable), \(rule.domain),
                    \(rule.direction), \(rule.threshold), \(rule.clearThreshold), \(rule.forMs), \(rule.keepFiringForMs), \(rule.severity),
                    \(rule.enabled), \(rule.organization), \(rule.createdAtMs), \(rule.updatedAtMs))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, variable = excluded.variable, domain = excluded.domain,
                    direction = excluded.direction, threshold = excluded.threshold, clear_threshold = excluded.clear_threshold,
                    for_ms = excluded.for_ms, keep_firing_for_ms = excluded.keep_firing_for_ms, severity = excluded.severity,
                    enabled = excluded.enabled, organization = excluded.organization, created_at = excluded.created_at,
                    updated_at = excluded.updated_at
                """, logger: database.logger)
            return ([NewEvent.ruleChanged(rule.id, atMs: rule.updatedAtMs)], ())
        }
    }

    public func rule(id: String) async throws -> AlertRuleRecord? {
        try await database.rows("SELECT \(unescaped: Self.ruleColumns) FROM alert_rules WHERE id = \(id)", Self.readRule).first
    }

    public func rules() async throws -> [AlertRuleRecord] {
        try await database.rows("SELECT \(unescaped: Self.ruleColumns) FROM alert_rules ORDER BY name, id", Self.readRule)
    }

    public func deleteRule(id: String) async throws -> Bool {
        try await writeEvents { connection in
            let deleted = try await connection.collect("DELETE FROM alert_rules WHERE id = \(id) RETURNING 1", logger: database.logger)
            return deleted.isEmpty ? ([], false) : ([NewEvent.ruleChanged(id, atMs: EventRows.nowMs())], true)
        }.value
    }

    private static func readRule(_ row: PostgresRow) throws -> AlertRuleRecord {
        let (id, name, variable, domain, direction, threshold, clear, forMs, keepFiring, severity, enabled, organization, created, updated) =
            try row.decode((String, String, String, String, String, Double, Double?, Int64, Int64, String, Bool, String, Int64, Int64).self)
        return AlertRuleRecord(id: id, name: name, variable: variable, domain: domain, direction: direction, threshold: threshold,
                               clearThreshold: clear, forMs: forMs, keepFiringForMs: keepFiring, severity: severity, enabled: enabled,
                               organization: organization, createdAtMs: created, updatedAtMs: updated)
    }
}

extension PostgresStore {
    private static let anomalyColumns = """
        series_id, variable, station_id, h3_index, time, value, score, baseline_mean, baseline_std, kind, severity, organization
        """

    /// Stores anomalies; re-detecting a point (a replay after restart) updates its row instead of adding one.
    func upsert(_ anomalies: [AnomalyRecord], on connection: PostgresConnection) async throws {
        for anomaly in anomalies {
            try await connection.run("""
                INSERT INTO anomalies (\(unescaped: Self.anomalyColumns), cell) VALUES (\(anomaly.seriesId), \(anomaly.variable), \(anomaly.stationId),
                    \(anomaly.h3Index), \(anomaly.timeMs), \(anomaly.value), \(anomaly.anomalyScore), \(anomaly.baselineMean), \(anomaly.baselineStd),
                    \(anomaly.kind), \(anomaly.severity), \(anomaly.organization), \(Self.cell15(anomaly.h3Index)))
                ON CONFLICT (series_id, time, kind) DO UPDATE SET variable = excluded.variable, station_id = excluded.station_id,
                    h3_index = excluded.h3_index, value = excluded.value, score = excluded.score, baseline_mean = excluded.baseline_mean,
                    baseline_std = excluded.baseline_std, severity = excluded.severity, organization = excluded.organization, cell = excluded.cell
                """, logger: database.logger)
        }
    }

    public func anomalies(variable: String?, cellRanges: [ClosedRange<UInt64>]?, fromMs: Int64?, toMs: Int64?,
                          organizations: Set<String>?, limit: Int) async throws -> [AnomalyRecord] {
        guard limit > 0, cellRanges?.isEmpty != true else { return [] }
        var sql = SQLBuilder()
        if let variable { sql.require("variable = \(sql.bind(variable))") }
        if let cellRanges { sql.require(cell: "cell", in: cellRanges) }
        if let fromMs { sql.require("time >= \(sql.bind(fromMs))") }
        if let toMs { sql.require("time < \(sql.bind(toMs))") }
        if let organizations { sql.require("organization", in: organizations) }
        let limitPlaceholder = sql.bind(limit)
        return try await database.rows(sql.query("""
            SELECT \(Self.anomalyColumns) FROM anomalies \(sql.whereClause) ORDER BY time DESC, id DESC LIMIT \(limitPlaceholder)
            """)) { row in
            let (series, variable, station, h3, time, value, score, mean, std, kind, severity, organization) =
                try row.decode((Int64, String, String, String, Int64, Double?, Double, Double?, Double?, String, String, String).self)
            return AnomalyRecord(seriesId: series, variable: variable, stationId: station, h3Index: h3, timeMs: time, value: value,
                                 anomalyScore: score, baselineMean: mean, baselineStd: std, kind: kind, severity: severity, organization: organization)
        }
    }
}
