import ArgumentParser
import Crypto
import EcoCore
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `ecotrack entries …`: data entries on a running server (issue #18).
struct EntriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "entries", abstract: "Data entries with files on a server.",
                                                    subcommands: [Upload.self])

    /// `ecotrack entries upload DIR`: every file under DIR becomes an entry; re-runs skip files already stored.
    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload every file under a directory as an entry, with a progress line; files already stored (same SHA-256 from the same source) are skipped.",
            discussion: "Exits with status 1 when any file failed, listing them; running it again uploads only what is missing.")

        @Argument(help: "Directory to walk (hidden files are skipped).") var directory: String
        @Option(name: .customLong("tag"), help: "A tag for every entry (repeatable).") var tags: [String] = []
        @Option(help: "The device or team that produced the files.") var source: String
        @Option(help: "Data type: image, video, sensor or document (default: from each file's type).") var type: String?
        @Option(help: "Latitude of every entry.") var lat: Double?
        @Option(help: "Longitude of every entry.") var lng: Double?
        @Option(help: "Server URL, e.g. http://127.0.0.1:8080.") var server: String
        @Option(help: "API key with write:data.") var apiKey: String?

        func run() async throws {
            let client = try ServerClient(server: server, apiKey: apiKey)
            let files = try Self.files(under: directory)
            guard !files.isEmpty else { throw ValidationError("No files under \(directory).") }
            let progress = ProgressLine(label: "upload", unit: "files")
            var summary = UploadSummary()
            for file in files {
                do {
                    let outcome = try await upload(file, client: client)
                    summary.count(outcome, bytes: (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
                } catch {
                    summary.failed.append((file.path, "\(error)"))
                }
                progress.advance(bytes: summary.lastBytes, rows: summary.done)
            }
            progress.finish()
            print(summary.text(total: files.count))
            if !summary.failed.isEmpty { throw ExitCode(1) }
        }

        enum Outcome { case uploaded, skipped }

        private func upload(_ file: URL, client: ServerClient) async throws -> Outcome {
            guard let fileType = EntryUploadForm.contentType(fileName: file.lastPathComponent) else {
                throw ValidationError("no known content type for its extension (.jpg, .png, .mp4, .json, .csv, .pdf …)")
            }
            let hash = try Self.sha256(of: file)
            let stored = try await client.json("GET", "/api/v1/entries", query: [URLQueryItem(name: "hash", value: hash),
                                                                              URLQueryItem(name: "source", value: source), URLQueryItem(name: "limit", value: "1")])
            if case let .array(found)? = stored["data"], !found.isEmpty { return .skipped }
            var metadata: [String: JSONValue] = ["source": .string(source), "tags": .array(tags.map(JSONValue.string)),
                                                 "metadata": .object(["path": .string(file.lastPathComponent)])]
            if let type { metadata["dataType"] = .string(type) }
            if let lat, let lng { metadata["lat"] = .number(lat); metadata["lng"] = .number(lng) }
            let form = EntryUploadForm()
            let body = form.body(metadata: .object(metadata), fileName: file.lastPathComponent, fileType: fileType, file: try Data(contentsOf: file))
            let status = try await client.send("POST", "/api/v1/entries", body: body, contentType: form.contentType)
            return status == 201 ? .uploaded : .skipped
        }

        /// Regular, non-hidden files under `path`, sorted.
        static func files(under path: String) throws -> [URL] {
            let root = URL(fileURLWithPath: path)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else {
                throw ValidationError("\(path) is not a readable directory.")
            }
            return (walker.allObjects as? [URL] ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
                .sorted { $0.path < $1.path }
        }

        /// The file's SHA-256, read in 1 MiB chunks.
        static func sha256(of file: URL) throws -> String {
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
            return hasher.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }
}

/// What an upload run did, for its closing summary.
struct UploadSummary {
    var uploaded = 0
    var skipped = 0
    var bytes = 0
    var lastBytes = 0
    var failed: [(path: String, reason: String)] = []

    var done: Int { uploaded + skipped + failed.count }

    mutating func count(_ outcome: EntriesCommand.Upload.Outcome, bytes size: Int) {
        lastBytes = size
        switch outcome {
        case .uploaded: uploaded += 1; bytes += size
        case .skipped: skipped += 1
        }
    }

    func text(total: Int) -> String {
        var lines = ["\(total) files: \(uploaded) uploaded (\(String(format: "%.1f", Double(bytes) / 1e6)) MB), \(skipped) already stored, \(failed.count) failed."]
        for (path, reason) in failed { lines.append("  failed: \(path): \(reason)") }
        return lines.joined(separator: "\n")
    }
}

extension ServerClient {
    /// Sends a non-JSON body; answers the status when it is 2xx.
    /// - Throws: `ValidationError` with the server's `detail` otherwise.
    func send(_ method: String, _ path: String, body: Data, contentType: String) async throws -> Int {
        var components = base
        components.path = path
        guard let url = components.url else { throw ValidationError("Cannot build a URL for \(path).") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.upload(for: request, from: body)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            if case let .string(detail)? = (try? JSONDecoder().decode(JSONValue.self, from: data))?["detail"] {
                throw ValidationError("server answered \(status): \(detail)")
            }
            throw ValidationError("server answered \(status)")
        }
        return status
    }
}
