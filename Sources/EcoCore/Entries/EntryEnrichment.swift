/// What a vision chat model said about an entry's image (issue #18, "Enrichment"), or why it could not say it.
///
/// Written by the enrichment service once per entry: `enriched` with the model's tags (normalised as
/// ``EntryTags`` writes them) and description, or `failed` with the reason of the last attempt.
public struct EntryEnrichment: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case enriched, failed
    }

    public var status: Status
    /// The model's tags in normal form, sorted, without repeats (empty when failed).
    public var tags: [String]
    /// The model's one-paragraph description (nil when failed).
    public var description: String?
    /// The model that answered (or was asked).
    public var model: String
    /// Requests made for this entry, the successful one included.
    public var attempts: Int
    /// Why it failed, in words an operator can act on; nil when enriched.
    public var error: String?
    /// When it was written, ms since the epoch.
    public var atMs: Int64

    public init(status: Status, tags: [String] = [], description: String? = nil, model: String, attempts: Int, error: String? = nil, atMs: Int64) {
        self.status = status
        self.tags = tags
        self.description = description
        self.model = model
        self.attempts = attempts
        self.error = error
        self.atMs = atMs
    }
}
