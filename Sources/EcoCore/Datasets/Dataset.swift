/// Which part of a dataset an entry belongs to.
public enum DatasetSplit: String, Sendable, Codable, CaseIterable, Comparable {
    case train, validation, test

    public static func < (lhs: DatasetSplit, rhs: DatasetSplit) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where a dataset takes each entry's label from.
public enum DatasetLabelSource: Sendable, Equatable {
    /// The entry's `label` field.
    case entryLabel
    /// The rest of the one tag that starts with this prefix (`class:plastic` → `plastic` for `class:`).
    case tagPrefix(String)

    /// `label`, or `tag:PREFIX`: how a version records it.
    public var text: String {
        switch self {
        case .entryLabel: "label"
        case let .tagPrefix(prefix): "tag:" + prefix
        }
    }

    public init?(text: String) {
        if text == "label" { self = .entryLabel } else if text.hasPrefix("tag:"), text.count > 4 {
            self = .tagPrefix(String(text.dropFirst(4)))
        } else { return nil }
    }

    /// The entry's label under this source; nil when it has none, or (tag prefix) when two tags disagree.
    public func label(of entry: Entry) -> String? {
        switch self {
        case .entryLabel:
            return entry.label.flatMap { $0.isEmpty ? nil : $0 }
        case let .tagPrefix(prefix):
            let labels = Set(entry.tags.filter { $0.hasPrefix(prefix) && $0.count > prefix.count }.map { String($0.dropFirst(prefix.count)) })
            return labels.count == 1 ? labels.first : nil
        }
    }
}

/// One entry of a dataset version: the file it stands for (as it was when the version was made), its label and split.
public struct DatasetMember: Sendable, Equatable {
    public var entryID: String
    /// The SHA-256 of the file: the object-storage key.
    public var sha256: String
    public var size: Int64
    public var contentType: String
    public var label: String
    public var split: DatasetSplit

    public init(entryID: String, sha256: String, size: Int64, contentType: String, label: String, split: DatasetSplit) {
        self.entryID = entryID
        self.sha256 = sha256
        self.size = size
        self.contentType = contentType
        self.label = label
        self.split = split
    }
}

/// What describes one immutable version of a dataset, without its members.
public struct DatasetVersionInfo: Sendable, Equatable {
    /// The dataset's name (see ``DatasetName``).
    public var name: String
    /// 1, 2, … per name, given by the store.
    public var version: Int
    /// The entry filters that chose the members, as the listing's query parameters (`tags`, `match`, `type` …).
    public var query: [String: String]
    public var labelSource: DatasetLabelSource
    public var fractions: SplitFractions
    public var seed: UInt64
    /// The distinct labels, sorted.
    public var classes: [String]
    /// Members per split.
    public var counts: [DatasetSplit: Int]
    public var createdBy: String
    public var createdAtMs: Int64

    public init(name: String, version: Int, query: [String: String], labelSource: DatasetLabelSource, fractions: SplitFractions, seed: UInt64,
                classes: [String], counts: [DatasetSplit: Int], createdBy: String, createdAtMs: Int64) {
        self.name = name
        self.version = version
        self.query = query
        self.labelSource = labelSource
        self.fractions = fractions
        self.seed = seed
        self.classes = classes
        self.counts = counts
        self.createdBy = createdBy
        self.createdAtMs = createdAtMs
    }

    /// All members, over every split.
    public var memberCount: Int { counts.values.reduce(0, +) }
}

/// One version of a dataset with its members, sorted by entry id.
public struct DatasetVersion: Sendable, Equatable {
    public var info: DatasetVersionInfo
    public var members: [DatasetMember]

    public init(info: DatasetVersionInfo, members: [DatasetMember]) {
        self.info = info
        self.members = members
    }
}

/// A dataset in a listing: its name, how many versions it has and its latest.
public struct DatasetSummary: Sendable, Equatable {
    public var name: String
    public var versions: Int
    public var latest: DatasetVersionInfo

    public init(name: String, versions: Int, latest: DatasetVersionInfo) {
        self.name = name
        self.versions = versions
        self.latest = latest
    }
}

/// Dataset names: lower-case letters, digits, `-`, `_` and `.`, 1–64 characters, starting with a letter or digit.
public enum DatasetName {
    /// - Throws: ``EcoError/invalidArgument(_:)`` saying what a good name looks like.
    public static func check(_ name: String) throws {
        let bytes = Array(name.utf8)
        func allowed(_ byte: UInt8) -> Bool { (97...122).contains(byte) || (48...57).contains(byte) || byte == 45 || byte == 95 || byte == 46 }
        guard (1...64).contains(bytes.count), allowed(bytes[0]), bytes[0] != 45, bytes[0] != 95, bytes[0] != 46, bytes.allSatisfy(allowed) else {
            throw EcoError.invalidArgument("A dataset name is 1-64 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit, e.g. 'reef-debris'; got '\(name)'.")
        }
    }
}
