/// Scientific names as EcoTrack keys species: a canonical name without authorship, and a
/// URL-safe id (slug) made from it.
public enum SpeciesName {
    /// Genus and lower-case epithets (with rank markers such as `subsp.` and `var.`), dropping the
    /// authorship that Darwin Core's `scientificName` often carries:
    /// `Quercus robur L.` → `Quercus robur`, `Vulpes vulpes (Linnaeus, 1758)` → `Vulpes vulpes`.
    /// Whitespace is collapsed; nil when no name is left.
    public static func canonical(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" })
        guard let genus = words.first, genus.first.map({ $0.isLetter }) == true else { return nil }
        var kept = [String(genus)]
        for word in words.dropFirst() {
            // Authorship starts with a capital, a parenthesis or a year; epithets are lower case.
            guard let first = word.first, first.isLowercase || first == "×" else { break }
            kept.append(String(word))
        }
        return kept.joined(separator: " ")
    }

    /// The species id for a name: the canonical name in lower case, letters folded to ASCII
    /// where they have a plain form, every other run of characters replaced by one `-`:
    /// `Quercus robur L.` → `quercus-robur`. Nil when nothing URL-safe is left.
    public static func slug(_ text: String) -> String? {
        guard let name = canonical(text) else { return nil }
        var out = ""
        var pendingDash = false
        for scalar in name.lowercased().unicodeScalars {
            if let plain = asciiFold(scalar) {
                if pendingDash && !out.isEmpty { out += "-" }
                pendingDash = false
                out += plain
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? nil : out
    }

    /// An ASCII letter or digit for `scalar` (accents removed), or nil for separators and symbols.
    private static func asciiFold(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "a"..."z", "0"..."9": return String(scalar)
        case "æ": return "ae"
        case "œ": return "oe"
        case "ß": return "ss"
        case "ø": return "o"
        default: return latinBase[scalar].map(String.init)
        }
    }

    /// Latin letters with diacritics that occur in names (authors and hybrids bring ë, é, ü …)
    /// and their plain letter; a table because EcoCore does not use Foundation's normalisation.
    private static let latinBase: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        let groups: [(Unicode.Scalar, String)] = [
            ("a", "àáâãäåāăą"), ("c", "çćĉċč"), ("d", "ď"), ("e", "èéêëēĕėęě"), ("g", "ĝğġģ"), ("h", "ĥ"),
            ("i", "ìíîïĩīĭįı"), ("j", "ĵ"), ("k", "ķ"), ("l", "ĺļľł"), ("n", "ñńņňṅ"), ("o", "òóôõöōŏő"),
            ("r", "ŕŗř"), ("s", "śŝşšș"), ("t", "ţťț"), ("u", "ùúûüũūŭůűų"), ("w", "ŵ"), ("y", "ýÿŷ"), ("z", "źżž"),
        ]
        for (base, letters) in groups { for letter in letters.unicodeScalars { table[letter] = base } }
        return table
    }()
}
