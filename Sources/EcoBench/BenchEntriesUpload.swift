import ArgumentParser
import EcoCore
import Foundation

/// `ecotrack-bench entries-upload`: files uploaded as entries through HTTP (multipart, streamed by the
/// server into the filesystem object store beside a fresh SQLite store), by one client and by several at
/// once; files/s and MB/s (issue #18).
struct BenchEntriesUpload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entries-upload", abstract: "Entry uploads through HTTP into the filesystem object store: files/s and MB/s.")
    @Option(help: "Files per run.") var files = 200
    @Option(help: "Bytes per file.") var bytes = 1 << 20
    @Option(help: "Clients uploading at once in the second run.") var clients = 4

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-bench-entries-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (files, bytes, clients) = (files, bytes, clients)
        try await BenchServer.with(directory: directory, name: "entries", configure: { $0.maxEntryBytes = max(bytes, 1024) }) { server in
            for (label, parallel) in [("1 client", 1), ("\(clients) clients", clients)] {
                let seconds = try await BenchmarkClock.seconds {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for client in 0..<parallel {
                            group.addTask {
                                for index in stride(from: client, to: files, by: parallel) {
                                    try await Self.upload(index: index, run: label, bytes: bytes, server: server)
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                let megabytes = Double(files * bytes) / 1e6
                print(String(format: "%@: %d files of %d bytes in %.2f s: %.1f files/s, %.1f MB/s", label, files, bytes, seconds,
                             Double(files) / seconds, megabytes / seconds))
            }
        }
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "unknown"
        print("load average after the runs: \(load) (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
    }

    /// Uploads one file of distinct bytes (a JPEG signature, then a pattern unique to the run and index).
    static func upload(index: Int, run: String, bytes: Int, server: BenchServer) async throws {
        var file = Data([0xFF, 0xD8, 0xFF, 0xE0])
        file += Data("\(run)-\(index)".utf8)
        file += Data((0..<max(0, bytes - file.count)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ index) })
        let form = EntryUploadForm()
        let metadata: JSONValue = .object(["dataType": .string("image"), "source": .string("bench"), "tags": .array([.string("bench")])])
        let response = try await server.client.send("POST", "/api/v1/entries", headers: ["Content-Type": form.contentType, "Authorization": "Bearer \(server.key)"],
                                                    body: form.body(metadata: metadata, fileName: "\(index).jpg", fileType: "image/jpeg", file: file))
        guard response.status == 201 else {
            throw BenchmarkFailure("upload answered \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))")
        }
    }
}
