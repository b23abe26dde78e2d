import Crypto
import Foundation

/// The web dashboard's files (resources `Web/`), served under content-hashed names so that browsers
/// may cache them for a year: `main.js` is served as `/assets/main.3fa9c1d2e0.js`.
///
/// There is no build step: at start every quoted relative reference to another file of the folder
/// (`import … from './api.js'`, `href="./app.css"`) is rewritten to that file's hashed URL. A file's
/// hash covers its own bytes and those of every file it reaches through references, so changing a
/// module renames it and every module that imports it, and nothing else.
struct DashboardAssets: Sendable {
    /// The page served at `/` (never cached without revalidation), its references rewritten.
    let index: StaticAsset
    /// Every other file, by hashed name.
    let byName: [String: StaticAsset]

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    /// The bundled files, read, hashed and compressed once per process (every application built in it shares them).
    static let bundled = Result { try load() }

    /// Reads the bundled `Web/` folder.
    static func load() throws -> DashboardAssets {
        guard let directory = Bundle.module.url(forResource: "Web", withExtension: nil) else {
            throw LoadError(description: "The dashboard's resource folder Web/ is missing from the EcoServer bundle.")
        }
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where !name.hasPrefix(".") {
            files[name] = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        return try DashboardAssets(files: files)
    }

    /// Builds the catalogue from file names and bytes; `index.html` is required.
    init(files: [String: [UInt8]]) throws {
        for name in files.keys where Self.fileExtension(name).flatMap({ StaticAsset.contentTypes[$0] }) == nil {
            throw LoadError(description: "Web/\(name): unknown file type; the dashboard ships \(StaticAsset.contentTypes.keys.sorted().joined(separator: ", ")).")
        }
        var references: [String: Set<String>] = [:]
        for (name, bytes) in files where Self.isText(name) {
            let found = Self.references(in: String(decoding: bytes, as: UTF8.self))
            if let missing = found.first(where: { files[$0] == nil }) {
                throw LoadError(description: "Web/\(name) refers to ./\(missing), which is not in the dashboard folder.")
            }
            references[name] = found
        }
        var hashed: [String: String] = [:]
        for name in files.keys where name != "index.html" {
            hashed[name] = Self.hashedName(name, hash: Self.hash(of: name, files: files, references: references))
        }
        var assets: [String: StaticAsset] = [:]
        var index: StaticAsset?
        for (name, bytes) in files {
            var served = bytes
            if Self.isText(name) {
                served = Array(Self.rewrite(String(decoding: bytes, as: UTF8.self), to: hashed).utf8)
            }
            let type = StaticAsset.contentTypes[Self.fileExtension(name)!]!
            if name == "index.html" {
                index = try StaticAsset(name: name, contentType: type, bytes: served, etag: "\"\(Self.digest(served))\"")
            } else {
                let asset = try StaticAsset(name: hashed[name]!, contentType: type, bytes: served, etag: "\"\(Self.digest(served))\"")
                assets[asset.name] = asset
            }
        }
        guard let index else { throw LoadError(description: "The dashboard folder Web/ has no index.html.") }
        self.index = index
        byName = assets
    }

    // MARK: - References and hashes

    private static func isText(_ name: String) -> Bool {
        ["html", "js", "css", "json", "svg"].contains(fileExtension(name) ?? "")
    }

    static func fileExtension(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// Names in quoted relative references: `'./api.js'` or `"./app.css"` (no folders: the dashboard is flat).
    static func references(in text: String) -> Set<String> {
        var found: Set<String> = []
        let scalars = Array(text.utf8)
        var i = 0
        while i + 3 < scalars.count {
            let quote = scalars[i]
            if (quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")) && scalars[i + 1] == UInt8(ascii: ".") && scalars[i + 2] == UInt8(ascii: "/") {
                var j = i + 3
                while j < scalars.count, isNameByte(scalars[j]) { j += 1 }
                if j < scalars.count, scalars[j] == quote, j > i + 3 {
                    found.insert(String(decoding: scalars[(i + 3)..<j], as: UTF8.self))
                    i = j
                }
            }
            i += 1
        }
        return found
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private static func rewrite(_ text: String, to hashed: [String: String]) -> String {
        var result = text
        for (name, target) in hashed {
            for quote in ["'", "\""] {
                result = result.replacingOccurrences(of: "\(quote)./\(name)\(quote)", with: "\(quote)/assets/\(target)\(quote)")
            }
        }
        return result
    }

    /// SHA-256 over the file and, in name order, every file it reaches through references.
    private static func hash(of name: String, files: [String: [UInt8]], references: [String: Set<String>]) -> String {
        var reached: Set<String> = [name]
        var queue = [name]
        while let next = queue.popLast() {
            for reference in references[next] ?? [] where reached.insert(reference).inserted { queue.append(reference) }
        }
        var hasher = SHA256()
        for file in reached.sorted() {
            hasher.update(data: Array(file.utf8) + [0])
            hasher.update(data: files[file]!)
        }
        return hasher.finalize().prefix(5).map { String(format: "%02x", $0) }.joined()
    }

    private static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    private static func hashedName(_ name: String, hash: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "\(name).\(hash)" }
        return "\(name[..<dot]).\(hash)\(name[dot...])"
    }
}
