import EcoCore
import EcoStore
import EcoTime
import Foundation
import Logging
import PostgresNIO

// Factor sets: a draft is replaced whole in one transaction that locks its row; publishing is one
// conditional UPDATE; a trigger of migration 3 refuses any later change to a published set or its factors.
extension PostgresStore {
    private static let factorSetColumns = "id, name, version, status, factor_count, created_at, created_by, published_at, published_by"

    public func saveCarbonFactorSetDraft(_ set: CarbonFactorSetRecord, factors: [CarbonFactorRow]) async throws {
        let cells = try factors.map { try Self.json($0.cells) }
        do {
            try await database.transaction { connection in
                // Saves of one id wait for each other, whichever process makes them.
                _ = try await connection.collect("SELECT pg_advisory_xact_lock(hashtext(\("carbon-factor-set:" + set.id)))", logger: database.logger)
                if let stored = try await Self.readFactorSet(connection, id: set.id, logger: database.logger), stored.status == .published {
                    throw EcoError.conflict("Factor set \(set.id) is published and cannot change; upload the changes as a new version.")
                }
                let other = try await connection.collect("""
                    SELECT id FROM carbon_factor_sets WHERE name = \(set.name) AND version = \(set.version) AND id <> \(set.id)
                    """, logger: database.logger).first.map { try $0.decode(String.self) }
                if let other {
                    throw EcoError.conflict("Factor set \(other) already has the name '\(set.name)' and version '\(set.version)'; choose another version.")
                }
                try await connection.run("DELETE FROM carbon_factors WHERE set_id = \(set.id)", logger: database.logger)
                try await connection.run("""
                    INSERT INTO carbon_factor_sets (\(unescaped: Self.factorSetColumns))
                    VALUES (\(set.id), \(set.name), \(set.version), 'draft', \(factors.count), \(set.createdAtMs), \(set.createdBy), NULL, NULL)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = excluded.version, factor_count = excluded.factor_count,
                        created_at = excluded.created_at, created_by = excluded.created_by
                    """, logger: database.logger)
                try await connection.run("""
                    INSERT INTO carbon_factors (set_id, position, factor_id, cells)
                    SELECT \(set.id), position - 1, factor_id, cells FROM unnest(\(factors.map(\.factorId))::text[], \(cells)::text[])
                        WITH ORDINALITY AS f(factor_id, cells, position)
                    """, logger: database.logger)
            }
        } catch let failure as PostgresFailure where failure.sqlState == "23505" {
            // Another process saved a set with this name and version between the check and the insert.
            throw EcoError.conflict("Another factor set already has the name '\(set.name)' and version '\(set.version)'; choose another version.")
        }
    }

    public func publishCarbonFactorSet(id: String, atMs: Int64, by actor: String) async throws -> CarbonFactorSetRecord? {
        try await database.transaction { connection in
            guard let stored = try await Self.readFactorSet(connection, id: id, lock: true, logger: database.logger) else { return nil }
            guard stored.status == .draft else {
                throw EcoError.conflict("Factor set \(id) is already published (\(stored.publishedAtMs.map { Timestamp.format(ms: $0) } ?? "")); published sets never change.")
            }
            try await connection.run("""
                UPDATE carbon_factor_sets SET status = 'published', published_at = \(atMs), published_by = \(actor) WHERE id = \(id) AND status = 'draft'
                """, logger: database.logger)
            return try await Self.readFactorSet(connection, id: id, logger: database.logger)
        }
    }

    public func carbonFactorSets() async throws -> [CarbonFactorSetRecord] {
        try await database.rows("SELECT \(unescaped: Self.factorSetColumns) FROM carbon_factor_sets ORDER BY created_at DESC, id", Self.readFactorSet)
    }

    public func carbonFactorSet(id: String) async throws -> CarbonFactorSetRecord? {
        try await database.connection { try await Self.readFactorSet($0, id: id, logger: self.database.logger) }
    }

    public func carbonFactorRows(setId: String) async throws -> [CarbonFactorRow] {
        try await database.rows("SELECT factor_id, cells FROM carbon_factors WHERE set_id = \(setId) ORDER BY position") { row in
            let (factorId, json) = try row.decode((String, String).self)
            let cells = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
            return CarbonFactorRow(factorId: factorId, cells: cells)
        }
    }

    public func carbonSettings(organization: String) async throws -> CarbonSettingsRecord? {
        try await database.rows("""
            SELECT organization, factor_set_id, gwp_basis, cost_parameters, updated_at, updated_by FROM carbon_settings WHERE organization = \(organization)
            """) { row in
            let (organization, setId, basis, costs, updatedAt, updatedBy) = try row.decode((String, String, String, String?, Int64, String).self)
            return CarbonSettingsRecord(organization: organization, factorSetId: setId, gwpBasis: basis, costParametersJSON: costs,
                                        updatedAtMs: updatedAt, updatedBy: updatedBy)
        }.first
    }

    public func saveCarbonSettings(_ settings: CarbonSettingsRecord) async throws {
        try await database.execute("""
            INSERT INTO carbon_settings (organization, factor_set_id, gwp_basis, cost_parameters, updated_at, updated_by)
            VALUES (\(settings.organization), \(settings.factorSetId), \(settings.gwpBasis), \(settings.costParametersJSON), \(settings.updatedAtMs),
                    \(settings.updatedBy))
            ON CONFLICT (organization) DO UPDATE SET factor_set_id = excluded.factor_set_id, gwp_basis = excluded.gwp_basis,
                cost_parameters = excluded.cost_parameters, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """)
    }

    private static func readFactorSet(_ connection: PostgresConnection, id: String, lock: Bool = false, logger: Logger) async throws -> CarbonFactorSetRecord? {
        try await connection.collect("""
            SELECT \(unescaped: factorSetColumns) FROM carbon_factor_sets WHERE id = \(id) \(unescaped: lock ? "FOR UPDATE" : "")
            """, logger: logger).first.map(readFactorSet)
    }

    private static func readFactorSet(_ row: PostgresRow) throws -> CarbonFactorSetRecord {
        let (id, name, version, status, count, createdAt, createdBy, publishedAt, publishedBy) =
            try row.decode((String, String, String, String, Int, Int64, String, Int64?, String?).self)
        return CarbonFactorSetRecord(id: id, name: name, version: version, status: CarbonFactorSetRecord.Status(rawValue: status) ?? .draft,
                                     factorCount: count, createdAtMs: createdAt, createdBy: createdBy, publishedAtMs: publishedAt,
                                     publishedBy: publishedBy)
    }

    /// Compact JSON with sorted keys (stable bytes for equal values).
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
