import EcoCore
import EcoStore

extension SQLiteStore: EntryStore {
    static let entryColumns = """
        seq, id, data_type, source, time, lat, lng, metadata, tags, sha256, size, content_type, file_name, processed, label, created_by, created_at,
        llm_status, llm_tags, llm_description, llm_model, llm_attempts, llm_error, llm_at
        """

    public func createEntry(_ entry: Entry) async throws -> (entry: Entry, created: Bool) {
        try await writer.submit { db in
            if let file = entry.file, let existing = try Self.entry(on: db, where: "source = ?1 AND sha256 = ?2", entry.source, file.sha256) {
                return ((existing.entry, false), afterCommit: nil)
            }
            try Self.insert(entry, on: db)
            return ((entry, true), afterCommit: nil)
        }
    }

    public func entry(id: String) async throws -> Entry? {
        try await readers.read { db in try Self.entry(on: db, where: "id = ?1", id)?.entry }
    }

    public func entries(_ query: EntryQuery) async throws -> EntryPage {
        guard query.limit > 0, query.cellRanges?.isEmpty != true else { return EntryPage(entries: [], nextCursor: nil) }
        var conditions = AlertRows.Conditions()
        if let types = query.dataTypes { conditions.add("data_type", in: Set(types.map(\.rawValue))) }
        if let sources = query.sources { conditions.add("source", in: sources) }
        if !query.tagsAll.isEmpty {
            let tags = Set(query.tagsAll)
            conditions.add("""
                seq IN (SELECT entry_seq FROM entry_tags WHERE tag IN (SELECT value FROM json_each(?)) GROUP BY entry_seq HAVING COUNT(*) = ?)
                """, .text(EventRows.jsonArray(tags.sorted())), .int(Int64(tags.count)))
        }
        if !query.tagsAny.isEmpty {
            conditions.add("seq IN (SELECT entry_seq FROM entry_tags WHERE tag IN (SELECT value FROM json_each(?)))",
                           .text(EventRows.jsonArray(Set(query.tagsAny).sorted())))
        }
        if let fromMs = query.fromMs { conditions.add("time >= ?", .int(fromMs)) }
        if let toMs = query.toMs { conditions.add("time < ?", .int(toMs)) }
        if let ranges = query.cellRanges { conditions.add(cell: "cell", in: ranges) }
        for tag in Set(query.llmTags).sorted() { conditions.add("EXISTS (SELECT 1 FROM json_each(llm_tags) WHERE value = ?)", .text(tag)) }
        if let processed = query.processed { conditions.add("processed = ?", .int(processed ? 1 : 0)) }
        if let label = query.label { conditions.add("label = ?", .text(label)) }
        if let sha256 = query.sha256 { conditions.add("sha256 = ?", .text(sha256)) }
        if let before = query.before { conditions.add("seq < ?", .int(before)) }
        if let box = query.boundingBox {
            conditions.add("lat BETWEEN ? AND ?", .double(box.south), .double(box.north))
            if box.west <= box.east {
                conditions.add("lng BETWEEN ? AND ?", .double(box.west), .double(box.east))
            } else {
                conditions.add("(lng >= ? OR lng <= ?)", .double(box.west), .double(box.east))
            }
        }
        let limitIndex = conditions.nextIndex
        let finished = conditions
        let limit = query.limit
        let sql = "SELECT \(Self.entryColumns) FROM entries \(conditions.whereClause) ORDER BY seq DESC LIMIT ?\(limitIndex)"
        return try await readers.read { db in
            let statement = try db.statement(sql)
            finished.bind(statement)
            statement.bind(limitIndex, Int64(limit) + 1)
            defer { statement.reset() }
            var rows: [(seq: Int64, entry: Entry)] = []
            while try statement.step() { rows.append(Self.readEntry(statement)) }
            return EntryPage(rows: rows, limit: limit)
        }
    }

    public func updateEntry(id: String, _ change: EntryChange) async throws -> Entry? {
        try await writer.submit { db in
            guard let (seq, entry) = try Self.entry(on: db, where: "id = ?1", id) else { return (nil, afterCommit: nil) }
            let updated = change.apply(to: entry)
            let update = try db.statement("UPDATE entries SET metadata = ?1, tags = ?2, label = ?3, processed = ?4 WHERE seq = ?5")
            update.bind(1, EntryRowCoding.metadataText(updated.metadata)).bind(2, EntryRowCoding.tagsText(updated.tags)).bind(3, updated.label)
                .bind(4, Int64(updated.processed ? 1 : 0)).bind(5, seq)
            try update.run()
            try Self.replaceTags(seq: seq, updated.tags, on: db)
            return (updated, afterCommit: nil)
        }
    }

    public func deleteEntry(id: String, by actor: String, atMs: Int64) async throws -> (entry: Entry, remainingReferences: Int)? {
        try await writer.submit { db in
            guard let (seq, entry) = try Self.entry(on: db, where: "id = ?1", id) else { return (nil, afterCommit: nil) }
            try db.statement("DELETE FROM entry_tags WHERE entry_seq = ?1").bind(1, seq).run()
            try db.statement("DELETE FROM entries WHERE seq = ?1").bind(1, seq).run()
            try db.statement("INSERT OR REPLACE INTO entry_tombstones (id, deleted_at, deleted_by) VALUES (?1, ?2, ?3)")
                .bind(1, id).bind(2, atMs).bind(3, actor).run()
            let remaining = try entry.file.map { try Self.references(sha256: $0.sha256, on: db) } ?? 0
            return ((entry, remaining), afterCommit: nil)
        }
    }

    public func deletedEntry(id: String) async throws -> EntryTombstone? {
        try await readers.read { db in
            let query = try db.statement("SELECT deleted_at, deleted_by FROM entry_tombstones WHERE id = ?1")
            query.bind(1, id)
            defer { query.reset() }
            guard try query.step() else { return nil }
            return EntryTombstone(id: id, deletedAtMs: query.int64(0), deletedBy: query.string(1))
        }
    }

    public func entryReferences(sha256: String) async throws -> Int {
        try await readers.read { db in try Self.references(sha256: sha256, on: db) }
    }

    public func recordEnrichment(id: String, _ enrichment: EntryEnrichment) async throws -> Entry? {
        try await writer.submit { db in
            guard let (seq, entry) = try Self.entry(on: db, where: "id = ?1", id) else { return (nil, afterCommit: nil) }
            let update = try db.statement("""
                UPDATE entries SET llm_status = ?1, llm_tags = ?2, llm_description = ?3, llm_model = ?4, llm_attempts = ?5, llm_error = ?6,
                    llm_at = ?7 WHERE seq = ?8
                """)
            update.bind(1, enrichment.status.rawValue).bind(2, EntryRowCoding.tagsText(enrichment.tags)).bind(3, enrichment.description)
                .bind(4, enrichment.model).bind(5, Int64(enrichment.attempts)).bind(6, enrichment.error).bind(7, enrichment.atMs).bind(8, seq)
            try update.run()
            var updated = entry
            updated.enrichment = enrichment
            return (updated, afterCommit: nil)
        }
    }

    // MARK: Rows

    private static func references(sha256: String, on db: SQLiteConnection) throws -> Int {
        let query = try db.statement("SELECT COUNT(*) FROM entries WHERE sha256 = ?1")
        query.bind(1, sha256)
        defer { query.reset() }
        _ = try query.step()
        return Int(query.int64(0))
    }

    private static func insert(_ entry: Entry, on db: SQLiteConnection) throws {
        let insert = try db.statement("""
            INSERT INTO entries (id, data_type, source, time, lat, lng, cell, metadata, tags, sha256, size, content_type, file_name,
                                 processed, label, created_by, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) RETURNING seq
            """)
        defer { insert.reset() }
        insert.bind(1, entry.id).bind(2, entry.dataType.rawValue).bind(3, entry.source).bind(4, entry.timeMs).bind(5, entry.lat).bind(6, entry.lng)
            .bind(7, orNull: entry.cell15.map { Int64(bitPattern: $0) })
            .bind(8, EntryRowCoding.metadataText(entry.metadata)).bind(9, EntryRowCoding.tagsText(entry.tags)).bind(10, entry.file?.sha256)
            .bind(11, orNull: entry.file?.size).bind(12, entry.file?.contentType).bind(13, entry.file?.fileName)
            .bind(14, Int64(entry.processed ? 1 : 0)).bind(15, entry.label).bind(16, entry.createdBy).bind(17, entry.createdAtMs)
        _ = try insert.step()
        let seq = insert.int64(0)
        try replaceTags(seq: seq, entry.tags, on: db)
    }

    private static func replaceTags(seq: Int64, _ tags: [String], on db: SQLiteConnection) throws {
        try db.statement("DELETE FROM entry_tags WHERE entry_seq = ?1").bind(1, seq).run()
        let insert = try db.statement("INSERT INTO entry_tags (tag, entry_seq) VALUES (?1, ?2)")
        for tag in tags { try insert.bind(1, tag).bind(2, seq).run() }
        insert.reset()
    }

    /// The one entry matching `condition` (its parameters are `?1`, `?2` …), with its position.
    private static func entry(on db: SQLiteConnection, where condition: String, _ values: String...) throws -> (seq: Int64, entry: Entry)? {
        let query = try db.statement("SELECT \(entryColumns) FROM entries WHERE \(condition)")
        for (index, value) in values.enumerated() { query.bind(Int32(index + 1), value) }
        defer { query.reset() }
        guard try query.step() else { return nil }
        return readEntry(query)
    }

    private static func readEntry(_ row: SQLiteStatement) -> (seq: Int64, entry: Entry) {
        let file = row.isNull(9) ? nil
            : EntryFile(sha256: row.string(9), size: row.int64(10), contentType: row.string(11), fileName: row.textOrNil(12))
        let entry = Entry(id: row.string(1), dataType: EntryDataType(rawValue: row.string(2)) ?? .document, source: row.string(3),
                          timeMs: row.int64(4), lat: row.optionalDouble(5), lng: row.optionalDouble(6),
                          metadata: EntryRowCoding.metadata(row.string(7)), tags: EntryRowCoding.tags(row.string(8)), file: file,
                          processed: row.int64(13) != 0, label: row.textOrNil(14), createdBy: row.string(15), createdAtMs: row.int64(16),
                          enrichment: EntryRowCoding.enrichment(status: row.textOrNil(17), tags: row.textOrNil(18), description: row.textOrNil(19),
                                                                model: row.textOrNil(20), attempts: row.isNull(21) ? nil : row.int64(21),
                                                                error: row.textOrNil(22), atMs: row.isNull(23) ? nil : row.int64(23)))
        return (row.int64(0), entry)
    }
}
