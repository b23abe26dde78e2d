import Foundation

/// Reads the few flat XML documents S3 answers (ListObjectsV2, InitiateMultipartUpload, errors).
///
/// A tiny scanner rather than Foundation's XMLParser, which on Linux lives in FoundationXML and links
/// libxml2 into every binary that opens this target. It finds elements by name and does not model
/// nesting beyond "the elements named X, in order", which is all these documents need.
enum S3XML {
    /// The text of every `<name>…</name>` element in document order, entities decoded.
    static func texts(_ name: String, in document: String) -> [String] {
        elements(name, in: document).map(decode)
    }

    /// The text of the first `<name>` element, or nil.
    static func text(_ name: String, in document: String) -> String? {
        elements(name, in: document).first.map(decode)
    }

    /// The raw inner markup of every `<name>…</name>` element (for records such as `<Contents>`).
    static func elements(_ name: String, in document: String) -> [Substring] {
        var found: [Substring] = []
        var rest = document[...]
        let open = "<\(name)>", close = "</\(name)>"
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            found.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// Decodes the five predefined entities and numeric character references.
    static func decode(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var out = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let scalar: UInt32? = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let scalar, let character = Unicode.Scalar(scalar) { out.unicodeScalars.append(character) } else { out += "&\(entity);" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// Escapes text for an element's content.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
