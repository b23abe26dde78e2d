import EcoCore
import EcoStore
import PostgresNIO

// Datasets: a new version is numbered under an advisory lock of its name, so two servers creating versions of one
// dataset at once get 1 and 2, never the same number twice; members go in one INSERT … SELECT unnest.
extension PostgresStore: DatasetStore {
    private static let datasetColumns = """
        name, version, query, label_source, train, validation, test, seed, classes, train_count, validation_count, test_count, created_by, created_at
        """

    public func createDatasetVersion(_ version: DatasetVersion) async throws -> DatasetVersion {
        try await database.transaction { connection in
            let logger = database.logger
            _ = try await connection.collect("SELECT pg_advisory_xact_lock(hashtext(\("dataset:" + version.info.name)))", logger: logger)
            let latest = try await connection.collect("SELECT COALESCE(MAX(version), 0) FROM dataset_versions WHERE name = \(version.info.name)",
                                                      logger: logger)
            var stored = version
            stored.info.version = Int(try latest.first?.decode(Int32.self) ?? 0) + 1
            let info = stored.info
            try await connection.run("""
                INSERT INTO dataset_versions (\(unescaped: Self.datasetColumns))
                VALUES (\(info.name), \(Int32(info.version)), \(DatasetRowCoding.queryText(info.query)), \(info.labelSource.text),
                        \(info.fractions.train), \(info.fractions.validation), \(info.fractions.test), \(Int64(bitPattern: info.seed)),
                        \(DatasetRowCoding.classesText(info.classes)), \(Int32(info.counts[.train] ?? 0)), \(Int32(info.counts[.validation] ?? 0)),
                        \(Int32(info.counts[.test] ?? 0)), \(info.createdBy), \(info.createdAtMs))
                """, logger: logger)
            let members = stored.members
            if !members.isEmpty {
                try await connection.run("""
                    INSERT INTO dataset_members (name, version, entry_id, sha256, size, content_type, label, split)
                    SELECT \(info.name), \(Int32(info.version)), * FROM unnest(\(members.map(\.entryID))::text[], \(members.map(\.sha256))::text[],
                        \(members.map(\.size))::bigint[], \(members.map(\.contentType))::text[], \(members.map(\.label))::text[],
                        \(members.map(\.split.rawValue))::text[])
                    """, logger: logger)
            }
            return stored
        }
    }

    public func datasets() async throws -> [DatasetSummary] {
        try await database.rows("""
            SELECT \(unescaped: Self.datasetColumns), (SELECT count(*) FROM dataset_versions c WHERE c.name = v.name) FROM dataset_versions v
            WHERE version = (SELECT max(version) FROM dataset_versions m WHERE m.name = v.name) ORDER BY name
            """) { row in
            let info = try Self.readDatasetInfo(row)
            let count = try row.makeRandomAccess()[14].decode(Int64.self, context: .default)
            return DatasetSummary(name: info.name, versions: Int(count), latest: info)
        }
    }

    public func datasetVersions(name: String) async throws -> [DatasetVersionInfo] {
        try await database.rows("SELECT \(unescaped: Self.datasetColumns) FROM dataset_versions WHERE name = \(name) ORDER BY version",
                                Self.readDatasetInfo)
    }

    public func datasetVersion(name: String, version: Int) async throws -> DatasetVersion? {
        guard let info = try await database.rows("""
            SELECT \(unescaped: Self.datasetColumns) FROM dataset_versions WHERE name = \(name) AND version = \(Int32(version))
            """, Self.readDatasetInfo).first else { return nil }
        // COLLATE "C": entry ids sorted by bytes, as SQLite and Swift sort them.
        let members = try await database.rows("""
            SELECT entry_id, sha256, size, content_type, label, split FROM dataset_members
            WHERE name = \(name) AND version = \(Int32(version)) ORDER BY entry_id COLLATE "C"
            """) { row in
            let (id, sha, size, type, label, split) = try row.decode((String, String, Int64, String, String, String).self)
            return DatasetMember(entryID: id, sha256: sha, size: size, contentType: type, label: label, split: DatasetSplit(rawValue: split) ?? .train)
        }
        return DatasetVersion(info: info, members: members)
    }

    private static func readDatasetInfo(_ row: PostgresRow) throws -> DatasetVersionInfo {
        let cells = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws -> T { try cells[index].decode(T.self, context: .default) }
        return DatasetVersionInfo(name: try value(0), version: Int(try value(1, Int32.self)), query: DatasetRowCoding.query(try value(2)),
                                  labelSource: DatasetLabelSource(text: try value(3)) ?? .entryLabel,
                                  fractions: SplitFractions(uncheckedTrain: try value(4), validation: try value(5), test: try value(6)),
                                  seed: UInt64(bitPattern: try value(7, Int64.self)), classes: DatasetRowCoding.classes(try value(8)),
                                  counts: [.train: Int(try value(9, Int32.self)), .validation: Int(try value(10, Int32.self)),
                                           .test: Int(try value(11, Int32.self))],
                                  createdBy: try value(12), createdAtMs: try value(13))
    }
}

extension PostgresStore: TrainingCheckpointStore {
    public func saveTrainingCheckpoint(jobID: String, step: Int, key: String) async throws {
        try await database.execute("""
            INSERT INTO training_checkpoints (job_id, step, key) VALUES (\(jobID), \(Int32(step)), \(key))
            ON CONFLICT (job_id) DO UPDATE SET step = excluded.step, key = excluded.key
            """)
    }

    public func trainingCheckpoint(jobID: String) async throws -> (step: Int, key: String)? {
        let rows: [(step: Int, key: String)] = try await database.rows("SELECT step, key FROM training_checkpoints WHERE job_id = \(jobID)") { row in
            let (step, key) = try row.decode((Int32, String).self)
            return (step: Int(step), key: key)
        }
        return rows.first
    }

    public func checkpointReferences(key: String) async throws -> Int {
        let rows: [Int] = try await database.rows("SELECT COUNT(*) FROM training_checkpoints WHERE key = \(key)") { row in
            Int(try row.decode(Int64.self))
        }
        return rows.first ?? 0
    }
}
