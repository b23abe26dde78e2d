import EcoCore

/// What `POST /api/v1/datasets` and `ecotrack datasets create` send: a name, the entry filters, where labels come
/// from, the split fractions and the seed.
///
/// ```json
/// {"name": "reef-debris", "query": {"tags": "reef", "type": "image"}, "labelSource": "tag:class:",
///  "split": {"train": 0.7, "validation": 0.15, "test": 0.15}, "seed": 42}
/// ```
public struct DatasetRequest: Sendable, Codable, Equatable {
    public var name: String
    /// The entry listing's filters (`type`, `source`, `tags`, `match`, `start`, `end`, `bbox`, `h3`, `processed`, `label`, `hash`),
    /// as in `GET /api/v1/entries`; strings, numbers or booleans.
    public var query: [String: JSONValue]?
    /// `label` (the entry's label, the default) or `tag:PREFIX` (the one tag starting with PREFIX, e.g. `tag:class:`).
    public var labelSource: String?
    /// Default 0.8 / 0.1 / 0.1.
    public var split: SplitShares?
    /// Default 0.
    public var seed: UInt64?

    public struct SplitShares: Sendable, Codable, Equatable {
        public var train: Double
        public var validation: Double
        public var test: Double

        public init(train: Double, validation: Double, test: Double) {
            self.train = train
            self.validation = validation
            self.test = test
        }
    }

    public init(name: String, query: [String: JSONValue]? = nil, labelSource: String? = nil, split: SplitShares? = nil, seed: UInt64? = nil) {
        self.name = name
        self.query = query
        self.labelSource = labelSource
        self.split = split
        self.seed = seed
    }

    /// The filters that are not paging: what a dataset's members are chosen by.
    static let filterKeys: Set<String> = ["type", "source", "tags", "match", "start", "end", "bbox", "h3", "processed", "label", "hash"]

    /// The checked parts: name, filters as text, label source, fractions.
    /// - Throws: ``EcoError/invalidArgument(_:)`` naming the field and a good value.
    func checked() throws -> (query: [String: String], labels: DatasetLabelSource, fractions: SplitFractions) {
        try DatasetName.check(name)
        var filters: [String: String] = [:]
        for (key, value) in query ?? [:] {
            guard Self.filterKeys.contains(key) else {
                throw EcoError.invalidArgument("query.\(key) is not an entry filter; use \(Self.filterKeys.sorted().joined(separator: ", ")) as GET /api/v1/entries takes them.")
            }
            switch value {
            case let .string(text): filters[key] = text
            case let .number(number): filters[key] = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
            case let .bool(flag): filters[key] = flag ? "true" : "false"
            case let .array(items):
                let texts = items.compactMap { if case let .string(text) = $0 { text } else { nil } }
                guard texts.count == items.count else { throw EcoError.invalidArgument("query.\(key) must be a string or a list of strings.") }
                filters[key] = texts.joined(separator: ",")
            default: throw EcoError.invalidArgument("query.\(key) must be a string, a number, a boolean or a list of strings.")
            }
        }
        let labels: DatasetLabelSource
        switch labelSource ?? "label" {
        case "label": labels = .entryLabel
        case let text where text.hasPrefix("tag:") && text.count > 4:
            let prefix = String(text.dropFirst(4))
            guard (try? EntryTags.normalise(prefix)) == prefix else {
                throw EcoError.invalidArgument("labelSource \(text): the tag prefix must be in tags' normal form (lower case letters, digits, '-', '_', ':', '.'), e.g. tag:class:.")
            }
            labels = .tagPrefix(prefix)
        case let other:
            throw EcoError.invalidArgument("labelSource must be 'label' (the entries' label) or 'tag:PREFIX' (e.g. 'tag:class:' reads class:plastic as plastic); got '\(other)'.")
        }
        let shares = split ?? SplitShares(train: 0.8, validation: 0.1, test: 0.1)
        let fractions = try SplitFractions(train: shares.train, validation: shares.validation, test: shares.test)
        return (filters, labels, fractions)
    }
}
