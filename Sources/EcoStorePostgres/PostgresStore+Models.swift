import EcoCore
import EcoStore
import PostgresNIO

extension PostgresStore: ModelRegistry {
    private static let versionColumns = "v.name, v.version, v.algorithm, v.task, v.parameters, v.metrics, v.dataset_sha256, v.stage, v.created_at, v.artifact_key"

    public func registerModel(_ model: ModelVersion) async throws -> ModelVersion {
        try await database.transaction { connection in
            // Numbering per name: the lock makes two registrations of one name take turns.
            _ = try await connection.collect("SELECT pg_advisory_xact_lock(hashtext(\("model:" + model.name)))", logger: database.logger)
            let next = try await connection.collect("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = \(model.name)",
                                                    logger: database.logger)
            var stored = model
            stored.version = Int(try next.first?.decode(Int32.self) ?? 1)
            try await connection.run("""
                INSERT INTO model_versions (name, version, algorithm, task, parameters, metrics, dataset_sha256, stage, created_at, artifact_key, artifact)
                VALUES (\(stored.name), \(stored.version), \(stored.algorithm), \(stored.task), \(stored.parametersJSON), \(stored.metricsJSON),
                        \(stored.datasetSHA256), \(stored.stage.rawValue), \(stored.createdAtMs), \(stored.artifactKey), \(ByteBuffer(bytes: stored.artifact)))
                """, logger: database.logger)
            try await Self.recordEvent(connection, name: stored.name, version: stored.version, event: "registered", atMs: stored.createdAtMs,
                                       logger: database.logger)
            return stored
        }
    }

    public func model(named name: String, _ reference: ModelReference) async throws -> ModelVersion? {
        let query: PostgresQuery
        switch reference {
        case let .version(number):
            query = "SELECT \(unescaped: Self.versionColumns), v.artifact FROM model_versions v WHERE v.name = \(name) AND v.version = \(number)"
        case let .alias(alias):
            query = """
                SELECT \(unescaped: Self.versionColumns), v.artifact FROM model_versions v
                JOIN model_aliases a ON a.name = v.name AND a.version = v.version WHERE v.name = \(name) AND a.alias = \(alias)
                """
        case .latestServing:
            query = """
                SELECT \(unescaped: Self.versionColumns), v.artifact FROM model_versions v WHERE v.name = \(name)
                ORDER BY v.stage = 'Production' DESC, v.version DESC LIMIT 1
                """
        }
        return try await database.rows(query) { row in
            var model = try Self.readVersion(row)
            model.artifact = Array(buffer: try row.decode((String, Int, String, String, String, String, String, String, Int64, String?, ByteBuffer).self).10)
            return model
        }.first
    }

    public func modelVersions(named name: String?) async throws -> [ModelVersion] {
        try await database.rows("""
            SELECT \(unescaped: Self.versionColumns) FROM model_versions v WHERE \(name)::text IS NULL OR v.name = \(name) ORDER BY v.name, v.version DESC
            """, Self.readVersion)
    }

    public func setStage(_ stage: ModelStage, name: String, version: Int, atMs: Int64) async throws {
        try await database.transaction { connection in
            try await Self.requireVersion(connection, name: name, version: version, logger: database.logger)
            if stage == .production {
                let archived = try await connection.collect("""
                    UPDATE model_versions SET stage = 'Archived' WHERE name = \(name) AND stage = 'Production' AND version <> \(version)
                    RETURNING version
                    """, logger: database.logger)
                for row in archived {
                    try await Self.recordEvent(connection, name: name, version: Int(try row.decode(Int32.self)), event: "stage:Archived", atMs: atMs,
                                               logger: database.logger)
                }
            }
            try await connection.run("UPDATE model_versions SET stage = \(stage.rawValue) WHERE name = \(name) AND version = \(version)",
                                       logger: database.logger)
            try await Self.recordEvent(connection, name: name, version: version, event: "stage:\(stage.rawValue)", atMs: atMs, logger: database.logger)
        }
    }

    public func setAlias(_ alias: String, name: String, version: Int, atMs: Int64) async throws {
        try await database.transaction { connection in
            try await Self.requireVersion(connection, name: name, version: version, logger: database.logger)
            try await connection.run("""
                INSERT INTO model_aliases (name, alias, version) VALUES (\(name), \(alias), \(version))
                ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version
                """, logger: database.logger)
            try await Self.recordEvent(connection, name: name, version: version, event: "alias:\(alias)", atMs: atMs, logger: database.logger)
        }
    }

    public func modelAliases(named name: String?) async throws -> [ModelAlias] {
        try await database.rows("""
            SELECT name, alias, version FROM model_aliases WHERE \(name)::text IS NULL OR name = \(name) ORDER BY name, alias
            """) { row in
            let (name, alias, version) = try row.decode((String, String, Int).self)
            return ModelAlias(name: name, alias: alias, version: version)
        }
    }

    public func modelHistory(named name: String) async throws -> [ModelEvent] {
        try await database.rows("SELECT name, version, event, at FROM model_events WHERE name = \(name) ORDER BY id") { row in
            let (name, version, event, at) = try row.decode((String, Int, String, Int64).self)
            return ModelEvent(name: name, version: version, event: event, atMs: at)
        }
    }

    private static func requireVersion(_ connection: PostgresConnection, name: String, version: Int, logger: Logger) async throws {
        let found = try await connection.collect("SELECT 1 FROM model_versions WHERE name = \(name) AND version = \(version)", logger: logger)
        guard !found.isEmpty else { throw EcoError.notFound("Model \(name) has no version \(version); `ecotrack models list` shows the versions.") }
    }

    private static func recordEvent(_ connection: PostgresConnection, name: String, version: Int, event: String, atMs: Int64,
                                    logger: Logger) async throws {
        try await connection.run("INSERT INTO model_events (name, version, event, at) VALUES (\(name), \(version), \(event), \(atMs))",
                                   logger: logger)
    }

    private static func readVersion(_ row: PostgresRow) throws -> ModelVersion {
        let (name, version, algorithm, task, parameters, metrics, dataset, stage, created, artifactKey) =
            try row.decode((String, Int, String, String, String, String, String, String, Int64, String?).self)
        return ModelVersion(name: name, version: version, algorithm: algorithm, task: task, parametersJSON: parameters, metricsJSON: metrics,
                            datasetSHA256: dataset, stage: ModelStage(rawValue: stage) ?? .none, createdAtMs: created, artifact: [],
                            artifactKey: artifactKey)
    }
}
