/// The text forms both store adapters give an entry's metadata and tags.
public enum EntryRowCoding {
    /// The metadata object as compact JSON.
    public static func metadataText(_ metadata: [String: JSONValue]) -> String { JSONValue.object(metadata).text }

    /// Stored metadata text back as an object (an empty one if the text is not an object).
    public static func metadata(_ text: String) -> [String: JSONValue] {
        if case let .object(object)? = JSONValue.parse(text) { return object }
        return [:]
    }

    public static func tagsText(_ tags: [String]) -> String { JSONValue.array(tags.map(JSONValue.string)).text }

    public static func tags(_ text: String) -> [String] {
        guard case let .array(values)? = JSONValue.parse(text) else { return [] }
        return values.compactMap { if case let .string(tag) = $0 { tag } else { nil } }
    }
}

extension EntryRowCoding {
    /// The enrichment columns (`llm_status` … `llm_at`) back as a value; nil while enrichment has not run.
    public static func enrichment(status: String?, tags: String?, description: String?, model: String?, attempts: Int64?, error: String?,
                                  atMs: Int64?) -> EntryEnrichment? {
        guard let status = status.flatMap(EntryEnrichment.Status.init(rawValue:)) else { return nil }
        return EntryEnrichment(status: status, tags: tags.map(Self.tags) ?? [], description: description, model: model ?? "",
                               attempts: Int(attempts ?? 0), error: error, atMs: atMs ?? 0)
    }
}
