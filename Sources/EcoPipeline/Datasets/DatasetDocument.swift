import EcoCore

/// How datasets look in the API: versions as JSON objects, manifests as JSON or CSV.
public enum DatasetDocument {
    /// A version without its members.
    public static func info(_ info: DatasetVersionInfo) -> JSONValue {
        .object([
            "name": .string(info.name), "version": .number(Double(info.version)),
            "query": .object(info.query.mapValues(JSONValue.string)), "labelSource": .string(info.labelSource.text),
            "split": .object(["train": .number(info.fractions.train), "validation": .number(info.fractions.validation), "test": .number(info.fractions.test)]),
            // A string: a 64-bit seed does not survive a JSON number.
            "seed": .string(String(info.seed)),
            "classes": .array(info.classes.map(JSONValue.string)),
            "counts": .object(Dictionary(uniqueKeysWithValues: DatasetSplit.allCases.map { ($0.rawValue, .number(Double(info.counts[$0] ?? 0))) })),
            "members": .number(Double(info.memberCount)),
            "createdBy": .string(info.createdBy), "createdAt": .string(Timestamp.format(ms: info.createdAtMs)),
            "manifest": .string("/api/v1/datasets/\(info.name)/versions/\(info.version)/manifest"),
        ])
    }

    public static func summary(_ summary: DatasetSummary) -> JSONValue {
        .object(["name": .string(summary.name), "versions": .number(Double(summary.versions)), "latest": info(summary.latest)])
    }

    static func member(_ member: DatasetMember) -> JSONValue {
        .object(["entryId": .string(member.entryID), "sha256": .string(member.sha256), "size": .number(Double(member.size)),
                 "contentType": .string(member.contentType), "label": .string(member.label), "split": .string(member.split.rawValue)])
    }

    /// The version and every member.
    public static func manifestJSON(_ version: DatasetVersion) -> JSONValue {
        guard case var .object(fields) = info(version.info) else { return .null }
        fields["entries"] = .array(version.members.map(member))
        return .object(fields)
    }

    static let csvHeader = "entry_id,sha256,size,content_type,label,split"

    /// CSV (RFC 4180) with a header row, one line per member, sorted by entry id.
    public static func manifestCSV(_ version: DatasetVersion) -> String {
        var lines = [csvHeader]
        lines.reserveCapacity(version.members.count + 1)
        for member in version.members {
            lines.append([member.entryID, member.sha256, String(member.size), member.contentType, member.label, member.split.rawValue]
                .map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
