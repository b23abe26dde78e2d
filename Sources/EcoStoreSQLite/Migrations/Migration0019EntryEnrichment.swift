import EcoCore
import EcoStore

/// What a vision chat model said about an entry (issue #18, "Enrichment"): its tags (a JSON array, filtered
/// with json_each, unindexed), its description, or why it failed, with the model, the attempts and when.
enum Migration0019EntryEnrichment {
    static let migration = Migration(version: 19, name: "entry enrichment", sql: """
        ALTER TABLE entries ADD COLUMN llm_status TEXT;          -- NULL (not run), 'enriched' or 'failed'
        ALTER TABLE entries ADD COLUMN llm_tags TEXT;            -- JSON array of normalised tags
        ALTER TABLE entries ADD COLUMN llm_description TEXT;
        ALTER TABLE entries ADD COLUMN llm_model TEXT;
        ALTER TABLE entries ADD COLUMN llm_attempts INTEGER;
        ALTER TABLE entries ADD COLUMN llm_error TEXT;
        ALTER TABLE entries ADD COLUMN llm_at INTEGER;           -- ms since the epoch
        """)
}
