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
