import EcoCore

/// The model's answer read defensively: the first JSON object in the text that has `tags` or `description`
/// (inside code fences or after a sentence of its own: models add both), its tags normalised by
/// ``EntryTags`` (tags that cannot be are dropped), its description trimmed.
struct EnrichmentAnswer: Sendable, Equatable {
    var tags: [String]
    var description: String?

    /// Why an answer could not be used; the message is recorded on the entry.
    struct Unparsable: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// Longest description kept, in characters.
    static let maxDescription = 2000

    static func parse(_ text: String) throws(Unparsable) -> EnrichmentAnswer {
        guard let object = firstObject(in: text) else {
            throw Unparsable(description: "The model's answer holds no JSON object with \"tags\" and \"description\": \(excerpt(text))")
        }
        var tags: [String] = []
        switch object["tags"] {
        case let .array(values)?: tags = values.compactMap { if case let .string(tag) = $0 { tag } else { nil } }
        case let .string(list)?: tags = list.split(separator: ",").map(String.init)
        default: break
        }
        let normal = Set(tags.compactMap { try? EntryTags.normalise($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        var description: String?
        if case let .string(text)? = object["description"] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            description = trimmed.isEmpty ? nil : String(trimmed.prefix(maxDescription))
        }
        guard !normal.isEmpty || description != nil else {
            throw Unparsable(description: "The model's JSON has neither usable tags nor a description: \(excerpt(text))")
        }
        return EnrichmentAnswer(tags: Array(normal.sorted().prefix(EntryTags.maxCount)), description: description)
    }

    /// The first balanced `{…}` in `text` (strings and escapes respected) that parses as an object with
    /// `tags` or `description`.
    private static func firstObject(in text: String) -> [String: JSONValue]? {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        while let open = scalars[start...].firstIndex(of: "{") {
            if let close = matchingBrace(scalars, from: open) {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[open...close])
                if case let .object(object)? = JSONValue.parse(String(view)), object["tags"] != nil || object["description"] != nil {
                    return object
                }
            }
            start = open + 1
        }
        return nil
    }

    private static func matchingBrace(_ scalars: [Unicode.Scalar], from open: Int) -> Int? {
        var depth = 0, inString = false, escaped = false
        for index in open..<scalars.count {
            let scalar = scalars[index]
            if inString {
                if escaped { escaped = false } else if scalar == "\\" { escaped = true } else if scalar == "\"" { inString = false }
                continue
            }
            switch scalar {
            case "\"": inString = true
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }

    private static func excerpt(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.isEmpty ? "(empty)" : "«\(flat.prefix(160))\(flat.count > 160 ? "…" : "")»"
    }
}
