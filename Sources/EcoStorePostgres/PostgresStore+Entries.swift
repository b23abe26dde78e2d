import EcoCore
import EcoStore
import Logging
import PostgresNIO

// Entries: a create is one INSERT … ON CONFLICT on (source, sha256), so two servers storing the same file
// from the same source keep one entry; patches lock the row; deletes count the remaining references in
// the same transaction.
extension PostgresStore: EntryStore {
    private static let entryColumns = """
        seq, id, data_type, source, time, lat, lng, metadata, tags, sha256, size, content_type, file_name, processed, label, created_by, created_at,
        llm_status, llm_tags, llm_description, llm_model, llm_attempts, llm_error, llm_at
        """

    public func createEntry(_ entry: Entry) async throws -> (entry: Entry, created: Bool) {
        try await database.transaction { connection in
            let cell = entry.cell15.map { Int64(bitPattern: $0) }
            let inserted = try await connection.collect("""
                INSERT INTO entries (id, data_type, source, time, lat, lng, cell, metadata, tags, sha256, size, content_type, file_name,
                                     processed, label, created_by, created_at)
                VALUES (\(entry.id), \(entry.dataType.rawValue), \(entry.source), \(entry.timeMs), \(entry.lat), \(entry.lng), \(cell),
                        \(EntryRowCoding.metadataText(entry.metadata)), \(EntryRowCoding.tagsText(entry.tags)), \(entry.file?.sha256),
                        \(entry.file?.size), \(entry.file?.contentType), \(entry.file?.fileName), \(entry.processed), \(entry.label),
                        \(entry.createdBy), \(entry.createdAtMs))
                ON CONFLICT (source, sha256) WHERE sha256 IS NOT NULL DO NOTHING
                RETURNING seq
                """, logger: database.logger)
            guard let seq = try inserted.first?.decode(Int64.self) else {
                let existing = try await connection.collect("""
                    SELECT \(unescaped: Self.entryColumns) FROM entries WHERE source = \(entry.source) AND sha256 = \(entry.file?.sha256)
                    """, logger: database.logger)
                return (try Self.readEntry(existing[0]).entry, false)
            }
            try await Self.replaceTags(seq: seq, entry.tags, on: connection, logger: database.logger)
            return (entry, true)
        }
    }

    public func entry(id: String) async throws -> Entry? {
        try await database.rows("SELECT \(unescaped: Self.entryColumns) FROM entries WHERE id = \(id)") { try Self.readEntry($0).entry }.first
    }

    public func entries(_ query: EntryQuery) async throws -> EntryPage {
        guard query.limit > 0, query.cellRanges?.isEmpty != true else { return EntryPage(entries: [], nextCursor: nil) }
        var sql = SQLBuilder()
        if let types = query.dataTypes { sql.require("data_type", in: Set(types.map(\.rawValue))) }
        if let sources = query.sources { sql.require("source", in: sources) }
        if !query.tagsAll.isEmpty {
            let tags = Set(query.tagsAll)
            sql.require("""
                seq IN (SELECT entry_seq FROM entry_tags WHERE tag = ANY(\(sql.bind(tags.sorted()))::text[]) GROUP BY entry_seq \
                HAVING count(*) = \(sql.bind(tags.count)))
                """)
        }
        if !query.tagsAny.isEmpty {
            sql.require("seq IN (SELECT entry_seq FROM entry_tags WHERE tag = ANY(\(sql.bind(Set(query.tagsAny).sorted()))::text[]))")
        }
        if let fromMs = query.fromMs { sql.require("time >= \(sql.bind(fromMs))") }
        if let toMs = query.toMs { sql.require("time < \(sql.bind(toMs))") }
        if let ranges = query.cellRanges { sql.require(cell: "cell", in: ranges) }
        if let box = query.boundingBox {
            sql.require("lat BETWEEN \(sql.bind(box.south)) AND \(sql.bind(box.north))")
            let west = sql.bind(box.west), east = sql.bind(box.east)
            sql.require(box.west <= box.east ? "lng BETWEEN \(west) AND \(east)" : "(lng >= \(west) OR lng <= \(east))")
        }
        for tag in Set(query.llmTags).sorted() { sql.require("jsonb_exists(llm_tags::jsonb, \(sql.bind(tag)))") }
        if let processed = query.processed { sql.require("processed = \(sql.bind(processed))") }
        if let label = query.label { sql.require("label = \(sql.bind(label))") }
        if let sha256 = query.sha256 { sql.require("sha256 = \(sql.bind(sha256))") }
        if let before = query.before { sql.require("seq < \(sql.bind(before))") }
        let limit = sql.bind(query.limit + 1)
        let rows = try await database.rows(sql.query("""
            SELECT \(Self.entryColumns) FROM entries \(sql.whereClause) ORDER BY seq DESC LIMIT \(limit)
            """), Self.readEntry)
        return EntryPage(rows: rows, limit: query.limit)
    }

    public func updateEntry(id: String, _ change: EntryChange) async throws -> Entry? {
        try await database.transaction { connection in
            let rows = try await connection.collect("SELECT \(unescaped: Self.entryColumns) FROM entries WHERE id = \(id) FOR UPDATE",
                                                    logger: database.logger)
            guard let row = rows.first else { return nil }
            let (seq, entry) = try Self.readEntry(row)
            let updated = change.apply(to: entry)
            try await connection.run("""
                UPDATE entries SET metadata = \(EntryRowCoding.metadataText(updated.metadata)), tags = \(EntryRowCoding.tagsText(updated.tags)),
                    label = \(updated.label), processed = \(updated.processed) WHERE seq = \(seq)
                """, logger: database.logger)
            try await Self.replaceTags(seq: seq, updated.tags, on: connection, logger: database.logger)
            return updated
        }
    }

    public func deleteEntry(id: String, by actor: String, atMs: Int64) async throws -> (entry: Entry, remainingReferences: Int)? {
        try await database.transaction { connection in
            let rows = try await connection.collect("DELETE FROM entries WHERE id = \(id) RETURNING \(unescaped: Self.entryColumns)",
                                                    logger: database.logger)
            guard let row = rows.first else { return nil }
            let entry = try Self.readEntry(row).entry
            try await connection.run("""
                INSERT INTO entry_tombstones (id, deleted_at, deleted_by) VALUES (\(id), \(atMs), \(actor))
                ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at, deleted_by = excluded.deleted_by
                """, logger: database.logger)
            var remaining = 0
            if let file = entry.file {
                remaining = Int(try await connection.collect("SELECT count(*) FROM entries WHERE sha256 = \(file.sha256)", logger: database.logger)
                    .first?.decode(Int64.self) ?? 0)
            }
            return (entry, remaining)
        }
    }

    public func deletedEntry(id: String) async throws -> EntryTombstone? {
        try await database.rows("SELECT deleted_at, deleted_by FROM entry_tombstones WHERE id = \(id)") { row in
            let (at, by) = try row.decode((Int64, String).self)
            return EntryTombstone(id: id, deletedAtMs: at, deletedBy: by)
        }.first
    }

    public func entryReferences(sha256: String) async throws -> Int {
        Int(try await database.rows("SELECT count(*) FROM entries WHERE sha256 = \(sha256)") { try $0.decode(Int64.self) }.first ?? 0)
    }

    public func recordEnrichment(id: String, _ enrichment: EntryEnrichment) async throws -> Entry? {
        let rows = try await database.rows("""
            UPDATE entries SET llm_status = \(enrichment.status.rawValue), llm_tags = \(EntryRowCoding.tagsText(enrichment.tags)),
                llm_description = \(enrichment.description), llm_model = \(enrichment.model), llm_attempts = \(enrichment.attempts),
                llm_error = \(enrichment.error), llm_at = \(enrichment.atMs)
            WHERE id = \(id) RETURNING \(unescaped: Self.entryColumns)
            """) { try Self.readEntry($0).entry }
        return rows.first
    }

    private static func replaceTags(seq: Int64, _ tags: [String], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("DELETE FROM entry_tags WHERE entry_seq = \(seq)", logger: logger)
        guard !tags.isEmpty else { return }
        try await connection.run("INSERT INTO entry_tags (tag, entry_seq) SELECT unnest(\(tags)::text[]), \(seq)", logger: logger)
    }

    private static func readEntry(_ row: PostgresRow) throws -> (seq: Int64, entry: Entry) {
        let cells = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws -> T { try cells[index].decode(T.self, context: .default) }
        let file = try value(9, String?.self).map {
            EntryFile(sha256: $0, size: try value(10, Int64?.self) ?? 0, contentType: try value(11, String?.self) ?? "application/octet-stream",
                      fileName: try value(12, String?.self))
        }
        let entry = Entry(id: try value(1), dataType: EntryDataType(rawValue: try value(2, String.self)) ?? .document, source: try value(3),
                          timeMs: try value(4), lat: try value(5), lng: try value(6), metadata: EntryRowCoding.metadata(try value(7)),
                          tags: EntryRowCoding.tags(try value(8)), file: file, processed: try value(13), label: try value(14),
                          createdBy: try value(15), createdAtMs: try value(16),
                          enrichment: EntryRowCoding.enrichment(status: try value(17), tags: try value(18), description: try value(19),
                                                                model: try value(20), attempts: try value(21, Int32?.self).map(Int64.init),
                                                                error: try value(22), atMs: try value(23)))
        return (try value(0), entry)
    }
}
