import Foundation

/// The small CSV dialect of the index tools: comma-separated, fields trimmed, one pair of surrounding
/// double quotes removed, no commas inside fields.
public enum CSVFields {
    /// The lines of `text` without line ends (LF or CRLF) and without trailing blank lines.
    public static func lines(_ text: String) -> [Substring] {
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
        return lines
    }

    /// The fields of one line; a byte-order mark before the first field is dropped.
    public static func split(_ line: Substring) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { field in
            var trimmed = field.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("\u{FEFF}") { trimmed.removeFirst() }
            if trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") { trimmed = String(trimmed.dropFirst().dropLast()) }
            return trimmed
        }
    }

    /// `field` quoted for output when it holds a comma, quote or line break.
    public static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
