/// A PATCH of an entry: tags added and removed, metadata merged (RFC 7396: a `null` removes a key),
/// and optionally a new label or processed flag. Applied by the store inside one transaction.
public struct EntryChange: Sendable, Equatable {
    public var addTags: [String]
    public var removeTags: [String]
    public var metadata: [String: JSONValue]
    /// `.some(nil)` clears the label.
    public var label: String??
    public var processed: Bool?

    public init(addTags: [String] = [], removeTags: [String] = [], metadata: [String: JSONValue] = [:], label: String?? = nil, processed: Bool? = nil) {
        self.addTags = addTags
        self.removeTags = removeTags
        self.metadata = metadata
        self.label = label
        self.processed = processed
    }

    /// `entry` with the change made; tags must already be normal (``EntryTags``).
    public func apply(to entry: Entry) -> Entry {
        var changed = entry
        changed.tags = Set(entry.tags).union(addTags).subtracting(removeTags).sorted()
        changed.metadata = Self.merge(entry.metadata, metadata)
        if let label { changed.label = label }
        if let processed { changed.processed = processed }
        return changed
    }

    /// RFC 7396 merge of JSON objects: nested objects merge, `null` deletes, anything else replaces.
    static func merge(_ target: [String: JSONValue], _ patch: [String: JSONValue]) -> [String: JSONValue] {
        var result = target
        for (key, value) in patch {
            switch value {
            case .null: result[key] = nil
            case let .object(inner):
                if case let .object(existing)? = result[key] { result[key] = .object(merge(existing, inner)) } else { result[key] = .object(merge([:], inner)) }
            default: result[key] = value
            }
        }
        return result
    }
}
