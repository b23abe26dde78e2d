import EcoCore
import EcoStore
import Foundation

extension SQLiteStore: ModelRegistry {
    private static let versionColumns = "name, version, algorithm, task, parameters, metrics, dataset_sha256, stage, created_at, artifact_key"

    public func registerModel(_ model: ModelVersion) async throws -> ModelVersion {
        try await writer.submit { db in
            let next = try db.statement("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?")
            next.bind(1, model.name)
            _ = try next.step()
            var stored = model
            stored.version = Int(next.int64(0))
            next.reset()
            let insert = try db.statement("INSERT INTO model_versions (\(Self.versionColumns), artifact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            insert.bind(1, stored.name).bind(2, Int64(stored.version)).bind(3, stored.algorithm).bind(4, stored.task)
                .bind(5, stored.parametersJSON).bind(6, stored.metricsJSON).bind(7, stored.datasetSHA256)
                .bind(8, stored.stage.rawValue).bind(9, stored.createdAtMs).bind(10, stored.artifactKey).bind(11, bytes: stored.artifact)
            try insert.run()
            try Self.recordEvent(db, name: stored.name, version: stored.version, event: "registered", atMs: stored.createdAtMs)
            return (stored, afterCommit: nil)
        }
    }

    public func model(named name: String, _ reference: ModelReference) async throws -> ModelVersion? {
        try await readers.read { db in
            let sql: String
            switch reference {
            case .version:
                sql = "SELECT \(Self.versionColumns), artifact FROM model_versions WHERE name = ?1 AND version = ?2"
            case .alias:
                sql = "SELECT \(Self.versionColumns.split(separator: ",").map { "v." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")), v.artifact FROM model_versions v JOIN model_aliases a ON a.name = v.name AND a.version = v.version WHERE v.name = ?1 AND a.alias = ?3"
            case .latestServing:
                sql = "SELECT \(Self.versionColumns), artifact FROM model_versions WHERE name = ?1 ORDER BY stage = 'Production' DESC, version DESC LIMIT 1"
            }
            let query = try db.statement(sql)
            query.bind(1, name)
            if case let .version(number) = reference { query.bind(2, Int64(number)) }
            if case let .alias(alias) = reference { query.bind(3, alias) }
            defer { query.reset() }
            guard try query.step() else { return nil }
            var model = Self.readVersion(query)
            model.artifact = query.bytes(10)
            return model
        }
    }

    public func modelVersions(named name: String?) async throws -> [ModelVersion] {
        try await readers.read { db in
            let query = try db.statement("SELECT \(Self.versionColumns) FROM model_versions WHERE ?1 IS NULL OR name = ?1 ORDER BY name, version DESC")
            query.bind(1, name)
            var result: [ModelVersion] = []
            while try query.step() { result.append(Self.readVersion(query)) }
            query.reset()
            return result
        }
    }

    public func setStage(_ stage: ModelStage, name: String, version: Int, atMs: Int64) async throws {
        try await writer.submit { db in
            try Self.requireVersion(db, name: name, version: version)
            if stage == .production {
                let archive = try db.statement("UPDATE model_versions SET stage = 'Archived' WHERE name = ? AND stage = 'Production' AND version != ? RETURNING version")
                archive.bind(1, name).bind(2, Int64(version))
                var archived: [Int] = []
                while try archive.step() { archived.append(Int(archive.int64(0))) }
                archive.reset()
                for old in archived { try Self.recordEvent(db, name: name, version: old, event: "stage:Archived", atMs: atMs) }
            }
            let update = try db.statement("UPDATE model_versions SET stage = ? WHERE name = ? AND version = ?")
            update.bind(1, stage.rawValue).bind(2, name).bind(3, Int64(version))
            try update.run()
            try Self.recordEvent(db, name: name, version: version, event: "stage:\(stage.rawValue)", atMs: atMs)
            return ((), afterCommit: nil)
        }
    }

    public func setAlias(_ alias: String, name: String, version: Int, atMs: Int64) async throws {
        try await writer.submit { db in
            try Self.requireVersion(db, name: name, version: version)
            let upsert = try db.statement("INSERT OR REPLACE INTO model_aliases (name, alias, version) VALUES (?, ?, ?)")
            upsert.bind(1, name).bind(2, alias).bind(3, Int64(version))
            try upsert.run()
            try Self.recordEvent(db, name: name, version: version, event: "alias:\(alias)", atMs: atMs)
            return ((), afterCommit: nil)
        }
    }

    public func modelAliases(named name: String?) async throws -> [ModelAlias] {
        try await readers.read { db in
            let query = try db.statement("SELECT name, alias, version FROM model_aliases WHERE ?1 IS NULL OR name = ?1 ORDER BY name, alias")
            query.bind(1, name)
            var result: [ModelAlias] = []
            while try query.step() { result.append(ModelAlias(name: query.string(0), alias: query.string(1), version: Int(query.int64(2)))) }
            query.reset()
            return result
        }
    }

    public func modelHistory(named name: String) async throws -> [ModelEvent] {
        try await readers.read { db in
            let query = try db.statement("SELECT name, version, event, at FROM model_events WHERE name = ? ORDER BY id")
            query.bind(1, name)
            var result: [ModelEvent] = []
            while try query.step() {
                result.append(ModelEvent(name: query.string(0), version: Int(query.int64(1)), event: query.string(2), atMs: query.int64(3)))
            }
            query.reset()
            return result
        }
    }

    private static func requireVersion(_ db: SQLiteConnection, name: String, version: Int) throws {
        let exists = try db.statement("SELECT 1 FROM model_versions WHERE name = ? AND version = ?")
        exists.bind(1, name).bind(2, Int64(version))
        defer { exists.reset() }
        guard try exists.step() else { throw EcoError.notFound("Model \(name) has no version \(version); `ecotrack models list` shows the versions.") }
    }

    private static func recordEvent(_ db: SQLiteConnection, name: String, version: Int, event: String, atMs: Int64) throws {
        let insert = try db.statement("INSERT INTO model_events (name, version, event, at) VALUES (?, ?, ?, ?)")
        insert.bind(1, name).bind(2, Int64(version)).bind(3, event).bind(4, atMs)
        try insert.run()
    }

    private static func readVersion(_ row: SQLiteStatement) -> ModelVersion {
        ModelVersion(name: row.string(0), version: Int(row.int64(1)), algorithm: row.string(2), task: row.string(3),
                     parametersJSON: row.string(4), metricsJSON: row.string(5), datasetSHA256: row.string(6),
                     stage: ModelStage(rawValue: row.string(7)) ?? .none, createdAtMs: row.int64(8), artifact: [],
                     artifactKey: row.isNull(9) ? nil : row.string(9))
    }
}
