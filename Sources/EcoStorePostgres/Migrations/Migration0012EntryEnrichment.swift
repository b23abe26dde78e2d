import PostgresNIO

/// What a vision chat model said about an entry, as SQLite's migration 19: tags (JSON text, filtered
/// with jsonb, unindexed), description, or the reason it failed, with the model, the attempts and when.
enum Migration0012EntryEnrichment {
    static let migration = PostgresMigration(version: 12, name: "entry enrichment") { context in
        try await context.run("""
            ALTER TABLE entries ADD COLUMN llm_status text, ADD COLUMN llm_tags text, ADD COLUMN llm_description text,
                ADD COLUMN llm_model text, ADD COLUMN llm_attempts integer, ADD COLUMN llm_error text, ADD COLUMN llm_at bigint;
            """)
    }
}
