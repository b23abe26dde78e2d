/// How tags are written: lower case, trimmed, inner spaces as `-`, letters, digits and `-_:.` only,
/// 1–64 characters; at most 64 tags per entry. `Plastic Bottle` and ` plastic-bottle` are one tag.
public enum EntryTags {
    public static let maxLength = 64
    public static let maxCount = 64

    /// One tag in its normal form.
    /// - Throws: ``EcoError/invalidArgument(_:)`` naming the tag and what is allowed.
    public static func normalise(_ tag: String) throws(EcoError) -> String {
        let words = tag.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
        let text = words.joined(separator: "-")
        let allowed = text.unicodeScalars.allSatisfy { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || "-_:.".unicodeScalars.contains($0) }
        guard !text.isEmpty, text.count <= maxLength, allowed else {
            throw .invalidArgument("Tag '\(tag)' must be 1–\(maxLength) characters of letters, digits and - _ : . (spaces become -).")
        }
        return text
    }

    /// Tags in normal form, sorted, without repeats.
    public static func normalise(_ tags: [String]) throws(EcoError) -> [String] {
        var result = Set<String>()
        for tag in tags { result.insert(try normalise(tag)) }
        guard result.count <= maxCount else { throw .invalidArgument("An entry has at most \(maxCount) tags; \(result.count) were given.") }
        return result.sorted()
    }
}
