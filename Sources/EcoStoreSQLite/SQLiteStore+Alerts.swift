import EcoCore
import EcoStore
import Foundation

extension SQLiteStore: AlertStore {
    public func record(alertChanges: [AlertChange], anomalies: [AnomalyRecord], anomalyEvents: [NewEvent]) async throws -> [DomainEvent] {
        guard !alertChanges.isEmpty || !anomalies.isEmpty || !anomalyEvents.isEmpty else { return [] }
        if let wrong = alertChanges.first(where: { $0.entry.alertID != $0.alert.id }) {
            throw EcoError.invalidArgument("The history entry is for alert \(wrong.entry.alertID), not \(wrong.alert.id).")
        }
        return try await writer.submit { db in
            let history = try db.statement("INSERT INTO alert_history (alert_id, status, severity, at, actor, note) VALUES (?, ?, ?, ?, ?, ?)")
            for change in alertChanges {
                try Self.write(change.alert, on: db)
                let entry = change.entry
                history.bind(1, entry.alertID).bind(2, entry.status.rawValue).bind(3, entry.severity).bind(4, entry.atMs)
                    .bind(5, entry.actor).bind(6, entry.note)
                try history.run()
            }
            try Self.upsert(anomalies, on: db)
            let stored = try EventRows.append(alertChanges.map(\.event) + anomalyEvents, on: db)
            return (stored, afterCommit: { self.publishEvents(stored) })
        }
    }

    public func alert(id: String) async throws -> AlertRecord? {
        try await readers.read { db in
            let query = try db.statement("SELECT \(AlertRows.alertColumns) FROM alerts WHERE id = ?")
            query.bind(1, id)
            defer { query.reset() }
            return try query.step() ? AlertRows.readAlert(query) : nil
        }
    }

    public func openAlerts(dedupKeys: Set<String>) async throws -> [String: AlertRecord] {
        guard !dedupKeys.isEmpty else { return [:] }
        return try await readers.read { db in
            // The same predicate as the partial unique index, so the index answers each key.
            let query = try db.statement("SELECT \(AlertRows.alertColumns) FROM alerts WHERE dedup_key = ? AND status <> 'resolved'")
            var result: [String: AlertRecord] = [:]
            for key in dedupKeys {
                query.reset()
                query.bind(1, key)
                if try query.step() { result[key] = AlertRows.readAlert(query) }
            }
            query.reset()
            return result
        }
    }

    public func alerts(_ filter: AlertFilter) async throws -> [AlertRecord] {
        guard filter.limit > 0, filter.cellRanges?.isEmpty != true else { return [] }
        var conditions = AlertRows.Conditions()
        if let domains = filter.domains { conditions.add("domain", in: domains) }
        if let severities = filter.severities { conditions.add("severity", in: severities) }
        if let statuses = filter.statuses { conditions.add("status", in: Set(statuses.map(\.rawValue))) }
        if let ranges = filter.cellRanges { conditions.add(cell: "cell", in: ranges) }
        // Valid at some time in [fromMs, toMs): the alert's validity [validFrom, validUntil) overlaps it.
        if let toMs = filter.toMs { conditions.add("valid_from < ?", .int(toMs)) }
        if let fromMs = filter.fromMs { conditions.add("(valid_until IS NULL OR valid_until > ?)", .int(fromMs)) }
        if let organizations = filter.organizations { conditions.add("organization", in: organizations) }
        if let after = filter.after {
            conditions.add("(updated_at < ? OR (updated_at = ? AND id > ?))", .int(after.updatedAtMs), .int(after.updatedAtMs), .text(after.id))
        }
        let limitIndex = conditions.nextIndex
        let finished = conditions
        let sql = "SELECT \(AlertRows.alertColumns) FROM alerts \(conditions.whereClause) ORDER BY updated_at DESC, id LIMIT ?\(limitIndex)"
        let limit = Int64(filter.limit)
        return try await readers.read { db in
            let query = try db.statement(sql)
            finished.bind(query)
            query.bind(limitIndex, limit)
            defer { query.reset() }
            var result: [AlertRecord] = []
            while try query.step() { result.append(AlertRows.readAlert(query)) }
            return result
        }
    }

    public func alertHistory(id: String) async throws -> [AlertHistoryEntry] {
        try await readers.read { db in
            let query = try db.statement("SELECT alert_id, status, severity, at, actor, note FROM alert_history WHERE alert_id = ? ORDER BY id")
            query.bind(1, id)
            defer { query.reset() }
            var result: [AlertHistoryEntry] = []
            while try query.step() {
                result.append(AlertHistoryEntry(alertID: query.string(0), status: AlertRecord.Status(rawValue: query.string(1)) ?? .firing,
                                                severity: query.string(2), atMs: query.int64(3), actor: query.string(4),
                                                note: query.textOrNil(5)))
            }
            return result
        }
    }

    private static let columnNames = (AlertRows.alertColumns + ", cell").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }

    /// A new alert (version 1): a plain insert, so an existing id is a version conflict.
    private static let insertSQL: String = {
        let values = Array(repeating: "?", count: columnNames.count).joined(separator: ", ")
        return "INSERT INTO alerts (\(columnNames.joined(separator: ", "))) VALUES (\(values))"
    }()

    /// A change: every column set, but only over the version it was made from (`version` − 1).
    private static let updateSQL: String = {
        let sets = columnNames.enumerated().filter { $0.element != "id" }.map { "\($0.element) = ?\($0.offset + 1)" }.joined(separator: ", ")
        return "UPDATE alerts SET \(sets) WHERE id = ?1 AND version = ?\(columnNames.count + 1)"
    }()

    /// Stores the alert over the version it was made from; otherwise throws ``AlertVersionConflict``
    /// with the stored alert. A second open alert under the same dedup key is `EcoError.conflict`.
    private static func write(_ alert: AlertRecord, on db: SQLiteConnection) throws {
        let isNew = alert.version == 1
        let statement = try db.statement(isNew ? insertSQL : updateSQL)
        try bind(alert, to: statement)
        if !isNew { statement.bind(Int32(columnNames.count + 1), Int64(alert.version - 1)) }
        let result = Result { () throws(SQLiteError) in try statement.run() }
        if case let .failure(error) = result {
            statement.reset()
            guard error.code == 19 else { throw error }
            // A new alert whose id exists lost a race to another writer; otherwise the dedup key is taken.
            if isNew, let current = try storedAlert(id: alert.id, on: db) { throw AlertVersionConflict(current: current) }
            guard error.message.contains("alerts.dedup_key") else { throw error }
            throw EcoError.conflict("An open alert with dedup key \(alert.dedupKey) already exists; update that alert instead of opening another.")
        }
        if !isNew && db.changes == 0 {
            guard let current = try storedAlert(id: alert.id, on: db) else {
                throw EcoError.notFound("No alert has the id '\(alert.id)'; a change needs a stored alert (version \(alert.version) was given).")
            }
            throw AlertVersionConflict(current: current)
        }
    }

    private static func storedAlert(id: String, on db: SQLiteConnection) throws -> AlertRecord? {
        let query = try db.statement("SELECT \(AlertRows.alertColumns) FROM alerts WHERE id = ?")
        query.bind(1, id)
        defer { query.reset() }
        return try query.step() ? AlertRows.readAlert(query) : nil
    }

    private static func bind(_ alert: AlertRecord, to upsert: SQLiteStatement) throws {
        upsert.bind(1, alert.id).bind(2, alert.alertType).bind(3, alert.domain).bind(4, alert.severity).bind(5, alert.title)
            .bind(6, alert.description).bind(7, alert.h3Index).bind(8, alert.geometryJSON).bind(9, alert.validFromMs)
            .bind(10, orNull: alert.validUntilMs).bind(11, alert.metadataJSON).bind(12, alert.status.rawValue)
            .bind(13, alert.dedupKey).bind(14, Int64(alert.isFlapping ? 1 : 0)).bind(15, alert.organization)
            .bind(16, alert.createdAtMs).bind(17, alert.updatedAtMs).bind(18, alert.acknowledgedBy)
            .bind(19, orNull: alert.acknowledgedAtMs).bind(20, Int64(alert.version)).bind(21, orNull: AlertRows.cell15(alert.h3Index))
    }
}
