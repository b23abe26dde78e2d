import ArgumentParser
import Foundation

/// Reading input files for the index commands, with errors that name the file and what it should hold.
enum CLIFiles {
    /// The UTF-8 text of `path` (`-`: standard input).
    /// - Throws: an ``InputError`` naming the file and `expecting` when it cannot be read.
    static func read(_ path: String, expecting: String) throws -> String {
        if path == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError("No file at '\(path)'; expected \(expecting)\(expecting.hasSuffix(".") ? "" : ".")")
        }
        do {
            return String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        } catch {
            throw InputError("Cannot read '\(path)' (\(error.localizedDescription)); expected \(expecting)\(expecting.hasSuffix(".") ? "" : ".")")
        }
    }

    /// The bytes of `path`.
    /// - Throws: an ``InputError`` naming the file and `expecting` when it cannot be read.
    static func bytes(_ path: String, expecting: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("No readable file at '\(path)'; expected \(expecting)\(expecting.hasSuffix(".") ? "" : ".")")
        }
        return [UInt8](data)
    }
}

/// A problem with the data a command was given: printed as `Error: <sentence>` without the usage text.
struct InputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
