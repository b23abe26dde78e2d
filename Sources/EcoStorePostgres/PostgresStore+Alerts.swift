import EcoCore
import EcoStore
import H3
import PostgresNIO

/// Alerts, their history and anomalies. Every change is checked against the version it was made from in
/// the statement that writes it (`WHERE version = n − 1`), so writers in any number of processes never
/// overwrite each other; the refused transaction leaves nothing behind.
extension PostgresStore: AlertStore {
    static let alertColumns = """
        id, alert_type, domain, severity, title, description, h3_index, geometry, valid_from, valid_until, metadata, \
        status, dedup_key, is_flapping, organization, created_at, updated_at, acknowledged_by, acknowledged_at, version
        """

    public func record(alertChanges: [AlertChange], anomalies: [AnomalyRecord], anomalyEvents: [NewEvent]) async throws -> [DomainEvent] {
        guard !alertChanges.isEmpty || !anomalies.isEmpty || !anomalyEvents.isEmpty else { return [] }
        if let wrong = alertChanges.first(where: { $0.entry.alertID != $0.alert.id }) {
            throw EcoError.invalidArgument("The history entry is for alert \(wrong.entry.alertID), not \(wrong.alert.id).")
        }
        return try await writeEvents { connection in
            for change in alertChanges {
                try await write(change.alert, on: connection)
                let entry = change.entry
                try await connection.run("""
                    INSERT INTO alert_history (alert_id, status, severity, at, actor, note)
                    VALUES (\(entry.alertID), \(entry.status.rawValue), \(entry.severity), \(entry.atMs), \(entry.actor), \(entry.note))
                    """, logger: database.logger)
            }
            try await upsert(anomalies, on: connection)
            return (alertChanges.map(\.event) + anomalyEvents, ())
        }.events.get()
    }

    public func alert(id: String) async throws -> AlertRecord? {
        try await database.rows("SELECT \(unescaped: Self.alertColumns) FROM alerts WHERE id = \(id)", Self.readAlert).first
    }

    public func openAlerts(dedupKeys: Set<String>) async throws -> [String: AlertRecord] {
        guard !dedupKeys.isEmpty else { return [:] }
        // The same predicate as the partial unique index, so the index answers each key.
        let open = try await database.rows("""
            SELECT \(unescaped: Self.alertColumns) FROM alerts WHERE dedup_key = ANY(\(dedupKeys.sorted())::text[]) AND status <> 'resolved'
            """, Self.readAlert)
        return Dictionary(open.map { ($0.dedupKey, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func alerts(_ filter: AlertFilter) async throws -> [AlertRecord] {
        guard filter.limit > 0, filter.cellRanges?.isEmpty != true else { return [] }
        var sql = SQLBuilder()
        if let domains = filter.domains { sql.require("domain", in: domains) }
        if let severities = filter.severities { sql.require("severity", in: severities) }
        if let statuses = filter.statuses { sql.require("status", in: Set(statuses.map(\.rawValue))) }
        if let ranges = filter.cellRanges { sql.require(cell: "cell", in: ranges) }
        // Valid at some time in [fromMs, toMs): the alert's validity [validFrom, validUntil) overlaps it.
        if let toMs = filter.toMs { sql.require("valid_from < \(sql.bind(toMs))") }
        if let fromMs = filter.fromMs { sql.require("(valid_until IS NULL OR valid_until > \(sql.bind(fromMs)))") }
        if let organizations = filter.organizations { sql.require("organization", in: organizations) }
        if let after = filter.after {
            let time = sql.bind(after.updatedAtMs), id = sql.bind(after.id)
            sql.require("(updated_at < \(time) OR (updated_at = \(time) AND id > \(id)))")
        }
        let limit = sql.bind(filter.limit)
        return try await database.rows(sql.query("""
            SELECT \(Self.alertColumns) FROM alerts \(sql.whereClause) ORDER BY updated_at DESC, id LIMIT \(limit)
            """), Self.readAlert)
    }

    public func alertHistory(id: String) async throws -> [AlertHistoryEntry] {
        try await database.rows("SELECT alert_id, status, severity, at, actor, note FROM alert_history WHERE alert_id = \(id) ORDER BY id") { row in
            let (alert, status, severity, at, actor, note) = try row.decode((String, String, String, Int64, String, String?).self)
            return AlertHistoryEntry(alertID: alert, status: AlertRecord.Status(rawValue: status) ?? .firing, severity: severity, atMs: at,
                                     actor: actor, note: note)
        }
    }

    /// Stores the alert over the version it was made from; otherwise throws ``AlertVersionConflict`` with the
    /// stored alert. A second open alert under the same dedup key is `EcoError.conflict`.
    private func write(_ alert: AlertRecord, on connection: PostgresConnection) async throws {
        let logger = database.logger
        let cell = Self.cell15(alert.h3Index)
        if alert.version == 1 {
            // DO NOTHING on either unique index (the id, the open dedup key); which one refused is read after.
            let inserted = try await connection.collect("""
                INSERT INTO alerts (\(unescaped: Self.alertColumns), cell) VALUES (\(alert.id), \(alert.alertType), \(alert.domain), \(alert.severity),
                    \(alert.title), \(alert.description), \(alert.h3Index), \(alert.geometryJSON), \(alert.validFromMs), \(alert.validUntilMs),
                    \(alert.metadataJSON), \(alert.status.rawValue), \(alert.dedupKey), \(alert.isFlapping), \(alert.organization),
                    \(alert.createdAtMs), \(alert.updatedAtMs), \(alert.acknowledgedBy), \(alert.acknowledgedAtMs), 1, \(cell))
                ON CONFLICT DO NOTHING RETURNING 1
                """, logger: logger)
            guard inserted.isEmpty else { return }
            if let current = try await stored(alert.id, on: connection) { throw AlertVersionConflict(current: current) }
            throw Self.dedupConflict(alert)
        }
        do {
            let updated = try await connection.collect("""
                UPDATE alerts SET alert_type = \(alert.alertType), domain = \(alert.domain), severity = \(alert.severity), title = \(alert.title),
                    description = \(alert.description), h3_index = \(alert.h3Index), geometry = \(alert.geometryJSON),
                    valid_from = \(alert.validFromMs), valid_until = \(alert.validUntilMs), metadata = \(alert.metadataJSON),
                    status = \(alert.status.rawValue), dedup_key = \(alert.dedupKey), is_flapping = \(alert.isFlapping),
                    organization = \(alert.organization), created_at = \(alert.createdAtMs), updated_at = \(alert.updatedAtMs),
                    acknowledged_by = \(alert.acknowledgedBy), acknowledged_at = \(alert.acknowledgedAtMs), version = \(alert.version), cell = \(cell)
                WHERE id = \(alert.id) AND version = \(alert.version - 1)
                RETURNING 1
                """, logger: logger)
            guard updated.isEmpty else { return }
        } catch let error as PSQLError where error.sqlState == "23505" {
            throw Self.dedupConflict(alert)
        }
        guard let current = try await stored(alert.id, on: connection) else {
            throw EcoError.notFound("No alert has the id '\(alert.id)'; a change needs a stored alert (version \(alert.version) was given).")
        }
        throw AlertVersionConflict(current: current)
    }

    private static func dedupConflict(_ alert: AlertRecord) -> EcoError {
        .conflict("An open alert with dedup key \(alert.dedupKey) already exists; update that alert instead of opening another.")
    }

    private func stored(_ id: String, on connection: PostgresConnection) async throws -> AlertRecord? {
        try await connection.collect("SELECT \(unescaped: Self.alertColumns) FROM alerts WHERE id = \(id)", logger: database.logger)
            .first.map(Self.readAlert)
    }

    static func readAlert(_ row: PostgresRow) throws -> AlertRecord {
        let (id, type, domain, severity, title, description, h3, geometry, from, until, metadata, status, dedup, flapping, organization,
             created, updated, acknowledgedBy, acknowledgedAt, version) =
            try row.decode((String, String, String, String, String, String, String?, String?, Int64, Int64?, String, String, String, Bool, String,
                            Int64, Int64, String?, Int64?, Int).self)
        return AlertRecord(id: id, alertType: type, domain: domain, severity: severity, title: title, description: description, h3Index: h3,
                           geometryJSON: geometry, validFromMs: from, validUntilMs: until, metadataJSON: metadata,
                           status: AlertRecord.Status(rawValue: status) ?? .firing, dedupKey: dedup, isFlapping: flapping, organization: organization,
                           createdAtMs: created, updatedAtMs: updated, acknowledgedBy: acknowledgedBy, acknowledgedAtMs: acknowledgedAt, version: version)
    }

    /// The resolution-15 centre descendant of a hex cell, as stored in `cell` columns (nil when the text is
    /// not a valid cell), so regions filter alerts and anomalies by the same integer ranges as series.
    static func cell15(_ hex: String?) -> Int64? {
        guard let hex, let cell = H3Cell(hex: hex) else { return nil }
        return Int64(bitPattern: cell.descendantRange15.lowerBound)
    }
}
