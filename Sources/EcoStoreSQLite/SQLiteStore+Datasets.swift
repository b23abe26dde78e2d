import EcoCore
import EcoStore

extension SQLiteStore: DatasetStore {
    static let datasetColumns = """
        name, version, query, label_source, train, validation, test, seed, classes, train_count, validation_count, test_count, created_by, created_at
        """

    public func createDatasetVersion(_ version: DatasetVersion) async throws -> DatasetVersion {
        try await writer.submit { db in
            let latest = try db.statement("SELECT COALESCE(MAX(version), 0) FROM dataset_versions WHERE name = ?1")
            latest.bind(1, version.info.name)
            _ = try latest.step()
            var stored = version
            stored.info.version = Int(latest.int64(0)) + 1
            latest.reset()
            let info = stored.info
            try db.statement("""
                INSERT INTO dataset_versions (\(Self.datasetColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                """)
                .bind(1, info.name).bind(2, Int64(info.version)).bind(3, DatasetRowCoding.queryText(info.query)).bind(4, info.labelSource.text)
                .bind(5, info.fractions.train).bind(6, info.fractions.validation).bind(7, info.fractions.test)
                .bind(8, Int64(bitPattern: info.seed)).bind(9, DatasetRowCoding.classesText(info.classes))
                .bind(10, Int64(info.counts[.train] ?? 0)).bind(11, Int64(info.counts[.validation] ?? 0)).bind(12, Int64(info.counts[.test] ?? 0))
                .bind(13, info.createdBy).bind(14, info.createdAtMs).run()
            let insert = try db.statement("""
                INSERT INTO dataset_members (name, version, entry_id, sha256, size, content_type, label, split) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """)
            for member in stored.members {
                try insert.bind(1, info.name).bind(2, Int64(info.version)).bind(3, member.entryID).bind(4, member.sha256).bind(5, member.size)
                    .bind(6, member.contentType).bind(7, member.label).bind(8, member.split.rawValue).run()
            }
            insert.reset()
            return (stored, afterCommit: nil)
        }
    }

    public func datasets() async throws -> [DatasetSummary] {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT \(Self.datasetColumns), (SELECT COUNT(*) FROM dataset_versions c WHERE c.name = v.name) FROM dataset_versions v
                WHERE version = (SELECT MAX(version) FROM dataset_versions m WHERE m.name = v.name) ORDER BY name
                """)
            defer { query.reset() }
            var summaries: [DatasetSummary] = []
            while try query.step() {
                summaries.append(DatasetSummary(name: query.string(0), versions: Int(query.int64(14)), latest: Self.readDatasetInfo(query)))
            }
            return summaries
        }
    }

    public func datasetVersions(name: String) async throws -> [DatasetVersionInfo] {
        try await readers.read { db in
            let query = try db.statement("SELECT \(Self.datasetColumns) FROM dataset_versions WHERE name = ?1 ORDER BY version")
            query.bind(1, name)
            defer { query.reset() }
            var versions: [DatasetVersionInfo] = []
            while try query.step() { versions.append(Self.readDatasetInfo(query)) }
            return versions
        }
    }

    public func datasetVersion(name: String, version: Int) async throws -> DatasetVersion? {
        try await readers.read { db in
            let header = try db.statement("SELECT \(Self.datasetColumns) FROM dataset_versions WHERE name = ?1 AND version = ?2")
            header.bind(1, name).bind(2, Int64(version))
            defer { header.reset() }
            guard try header.step() else { return nil }
            let info = Self.readDatasetInfo(header)
            let rows = try db.statement("""
                SELECT entry_id, sha256, size, content_type, label, split FROM dataset_members WHERE name = ?1 AND version = ?2 ORDER BY entry_id
                """)
            rows.bind(1, name).bind(2, Int64(version))
            defer { rows.reset() }
            var members: [DatasetMember] = []
            while try rows.step() {
                members.append(DatasetMember(entryID: rows.string(0), sha256: rows.string(1), size: rows.int64(2), contentType: rows.string(3),
                                             label: rows.string(4), split: DatasetSplit(rawValue: rows.string(5)) ?? .train))
            }
            return DatasetVersion(info: info, members: members)
        }
    }

    private static func readDatasetInfo(_ row: SQLiteStatement) -> DatasetVersionInfo {
        DatasetVersionInfo(name: row.string(0), version: Int(row.int64(1)), query: DatasetRowCoding.query(row.string(2)),
                           labelSource: DatasetLabelSource(text: row.string(3)) ?? .entryLabel,
                           fractions: SplitFractions(uncheckedTrain: row.double(4), validation: row.double(5), test: row.double(6)),
                           seed: UInt64(bitPattern: row.int64(7)), classes: DatasetRowCoding.classes(row.string(8)),
                           counts: [.train: Int(row.int64(9)), .validation: Int(row.int64(10)), .test: Int(row.int64(11))],
                           createdBy: row.string(12), createdAtMs: row.int64(13))
    }
}

extension SQLiteStore: TrainingCheckpointStore {
    public func saveTrainingCheckpoint(jobID: String, step: Int, key: String) async throws {
        try await writer.submit { db in
            try db.statement("INSERT OR REPLACE INTO training_checkpoints (job_id, step, key) VALUES (?1, ?2, ?3)")
                .bind(1, jobID).bind(2, Int64(step)).bind(3, key).run()
            return ((), afterCommit: nil)
        }
    }

    public func trainingCheckpoint(jobID: String) async throws -> (step: Int, key: String)? {
        try await readers.read { db in
            let query = try db.statement("SELECT step, key FROM training_checkpoints WHERE job_id = ?1")
            query.bind(1, jobID)
            defer { query.reset() }
            guard try query.step() else { return nil }
            return (Int(query.int64(0)), query.string(1))
        }
    }

    public func checkpointReferences(key: String) async throws -> Int {
        try await readers.read { db in
            let query = try db.statement("SELECT COUNT(*) FROM training_checkpoints WHERE key = ?1")
            query.bind(1, key)
            defer { query.reset() }
            return try query.step() ? Int(query.int64(0)) : 0
        }
    }
}
