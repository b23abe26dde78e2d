import EcoCore
import EcoStore
import Foundation

// Factor sets: drafts are replaced whole; publishing is one conditional UPDATE, and triggers in
// migration 10 refuse any later change to a published set or its factors.
extension SQLiteStore {
    private static let factorSetColumns = "id, name, version, status, factor_count, created_at, created_by, published_at, published_by"

    public func saveCarbonFactorSetDraft(_ set: CarbonFactorSetRecord, factors: [CarbonFactorRow]) async throws {
        let cells = try factors.map { try Self.json($0.cells) }
        try await writer.submit { db in
            if let stored = try Self.readFactorSet(db, id: set.id), stored.status == .published {
                throw EcoError.conflict("Factor set \(set.id) is published and cannot change; upload the changes as a new version.")
            }
            let clash = try db.statement("SELECT id FROM carbon_factor_sets WHERE name = ?1 AND version = ?2 AND id <> ?3")
            clash.bind(1, set.name).bind(2, set.version).bind(3, set.id)
            let other = try clash.step() ? clash.string(0) : nil
            clash.reset()
            if let other {
                throw EcoError.conflict("Factor set \(other) already has the name '\(set.name)' and version '\(set.version)'; choose another version.")
            }
            let clear = try db.statement("DELETE FROM carbon_factors WHERE set_id = ?1")
            clear.bind(1, set.id)
            try clear.run()
            let upsert = try db.statement("""
                INSERT INTO carbon_factor_sets (\(Self.factorSetColumns)) VALUES (?1, ?2, ?3, 'draft', ?4, ?5, ?6, NULL, NULL)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = excluded.version, factor_count = excluded.factor_count,
                    created_at = excluded.created_at, created_by = excluded.created_by
                """)
            upsert.bind(1, set.id).bind(2, set.name).bind(3, set.version).bind(4, Int64(factors.count)).bind(5, set.createdAtMs)
                .bind(6, set.createdBy)
            try upsert.run()
            let insert = try db.statement("INSERT INTO carbon_factors (set_id, position, factor_id, cells) VALUES (?1, ?2, ?3, ?4)")
            for (position, factor) in factors.enumerated() {
                insert.reset()
                insert.bind(1, set.id).bind(2, Int64(position)).bind(3, factor.factorId).bind(4, cells[position])
                try insert.run()
            }
            insert.reset()
            return ((), afterCommit: nil)
        }
    }

    public func publishCarbonFactorSet(id: String, atMs: Int64, by actor: String) async throws -> CarbonFactorSetRecord? {
        try await writer.submit { db in
            guard let stored = try Self.readFactorSet(db, id: id) else { return (nil, afterCommit: nil) }
            guard stored.status == .draft else {
                throw EcoError.conflict("Factor set \(id) is already published (\(stored.publishedAtMs.map { Timestamp.format(ms: $0) } ?? "")); published sets never change.")
            }
            let publish = try db.statement("UPDATE carbon_factor_sets SET status = 'published', published_at = ?2, published_by = ?3 WHERE id = ?1 AND status = 'draft'")
            publish.bind(1, id).bind(2, atMs).bind(3, actor)
            try publish.run()
            return (try Self.readFactorSet(db, id: id), afterCommit: nil)
        }
    }

    public func carbonFactorSets() async throws -> [CarbonFactorSetRecord] {
        try await readers.read { db in
            let query = try db.statement("SELECT \(Self.factorSetColumns) FROM carbon_factor_sets ORDER BY created_at DESC, id")
            defer { query.reset() }
            var sets: [CarbonFactorSetRecord] = []
            while try query.step() { sets.append(Self.factorSet(query)) }
            return sets
        }
    }

    public func carbonFactorSet(id: String) async throws -> CarbonFactorSetRecord? {
        try await readers.read { db in try Self.readFactorSet(db, id: id) }
    }

    public func carbonFactorRows(setId: String) async throws -> [CarbonFactorRow] {
        try await readers.read { db in
            let query = try db.statement("SELECT factor_id, cells FROM carbon_factors WHERE set_id = ?1 ORDER BY position")
            query.bind(1, setId)
            defer { query.reset() }
            var rows: [CarbonFactorRow] = []
            while try query.step() {
                let cells = (try? JSONDecoder().decode([String: String].self, from: Data(query.string(1).utf8))) ?? [:]
                rows.append(CarbonFactorRow(factorId: query.string(0), cells: cells))
            }
            return rows
        }
    }

    public func carbonSettings(organization: String) async throws -> CarbonSettingsRecord? {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT organization, factor_set_id, gwp_basis, cost_parameters, updated_at, updated_by FROM carbon_settings WHERE organization = ?1
                """)
            query.bind(1, organization)
            defer { query.reset() }
            guard try query.step() else { return nil }
            return CarbonSettingsRecord(
                organization: query.string(0), factorSetId: query.string(1), gwpBasis: query.string(2),
                costParametersJSON: query.isNull(3) ? nil : query.string(3), updatedAtMs: query.int64(4), updatedBy: query.string(5))
        }
    }

    public func saveCarbonSettings(_ settings: CarbonSettingsRecord) async throws {
        try await writer.submit { db in
            let upsert = try db.statement("""
                INSERT OR REPLACE INTO carbon_settings (organization, factor_set_id, gwp_basis, cost_parameters, updated_at, updated_by)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """)
            upsert.bind(1, settings.organization).bind(2, settings.factorSetId).bind(3, settings.gwpBasis).bind(4, settings.costParametersJSON)
                .bind(5, settings.updatedAtMs).bind(6, settings.updatedBy)
            try upsert.run()
            return ((), afterCommit: nil)
        }
    }

    private static func readFactorSet(_ db: SQLiteConnection, id: String) throws -> CarbonFactorSetRecord? {
        let query = try db.statement("SELECT \(factorSetColumns) FROM carbon_factor_sets WHERE id = ?1")
        query.bind(1, id)
        defer { query.reset() }
        return try query.step() ? factorSet(query) : nil
    }

    private static func factorSet(_ q: SQLiteStatement) -> CarbonFactorSetRecord {
        CarbonFactorSetRecord(
            id: q.string(0), name: q.string(1), version: q.string(2), status: CarbonFactorSetRecord.Status(rawValue: q.string(3)) ?? .draft,
            factorCount: Int(q.int64(4)), createdAtMs: q.int64(5), createdBy: q.string(6), publishedAtMs: q.isNull(7) ? nil : q.int64(7),
            publishedBy: q.isNull(8) ? nil : q.string(8))
    }

    /// Compact JSON with sorted keys (stable bytes for equal values).
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
