/// The text forms both store adapters give a dataset version's query and classes.
public enum DatasetRowCoding {
    public static func queryText(_ query: [String: String]) -> String { JSONValue.object(query.mapValues(JSONValue.string)).text }

    public static func query(_ text: String) -> [String: String] {
        guard case let .object(object)? = JSONValue.parse(text) else { return [:] }
        return object.compactMapValues { if case let .string(value) = $0 { value } else { nil } }
    }

    public static func classesText(_ classes: [String]) -> String { JSONValue.array(classes.map(JSONValue.string)).text }

    public static func classes(_ text: String) -> [String] {
        guard case let .array(values)? = JSONValue.parse(text) else { return [] }
        return values.compactMap { if case let .string(value) = $0 { value } else { nil } }
    }
}

extension DatasetVersion {
    /// The version with its derived fields (classes, counts) taken from `members`, which are sorted by entry id.
    public init(info: DatasetVersionInfo, deriving members: [DatasetMember]) {
        var info = info
        info.classes = Set(members.map(\.label)).sorted()
        info.counts = Dictionary(uniqueKeysWithValues: DatasetSplit.allCases.map { split in (split, members.count { $0.split == split }) })
        self.init(info: info, members: members.sorted { $0.entryID < $1.entryID })
    }
}
