import ArgumentParser
import EcoCore
import EcoPipeline
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where `ecotrack ingest` sends data: the local store (same pipeline as the server) or a server over HTTP.
enum IngestTarget {
    case local(Platform)
    case server(url: String, apiKey: String?)

    /// Reads the file in chunks and ingests it; `progress` sees bytes read.
    func ingest(file: String, format: ObservationFormat, atomic: Bool, progress: ProgressLine) async throws -> IngestReport {
        let handle: FileHandle
        if file == "-" {
            handle = FileHandle.standardInput
        } else {
            guard FileManager.default.fileExists(atPath: file) else { throw InputError("No file at '\(file)'; expected observations. \(Ingest.expected)") }
            guard let opened = FileHandle(forReadingAtPath: file) else { throw InputError("Cannot open '\(file)' for reading; check its permissions.") }
            handle = opened
        }
        switch self {
        case let .local(platform):
            let pipeline = platform.ingest(format: format, atomic: atomic)
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                chunk.withUnsafeBytes { pipeline.feed($0) }
                try await pipeline.commitIfFull()
                progress.advance(bytes: chunk.count, rows: pipeline.report.accepted)
            }
            return try await pipeline.finish()
        case let .server(url, apiKey):
            let body = try handle.readToEnd() ?? Data()
            progress.advance(bytes: body.count, rows: 0)
            guard var components = URLComponents(string: url) else { throw ValidationError("--server '\(url)' is not a URL.") }
            components.path = "/api/v1/observations"
            if atomic { components.queryItems = [URLQueryItem(name: "atomic", value: "true")] }
            var request = URLRequest(url: components.url!)
            request.httpMethod = "POST"
            request.setValue(format.contentType, forHTTPHeaderField: "Content-Type")
            if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
            let (data, response) = try await URLSession.shared.upload(for: request, from: body)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if status == 200 { return try JSONDecoder().decode(IngestReport.self, from: data) }
            if status == 422, let report = try? JSONDecoder().decode(IngestReport.self, from: data) { return report }
            throw ValidationError("server answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
    }
}

/// A progress line on a terminal (rows/s), silent when standard error is not a terminal.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    /// What `rows` counts (`rows`, `files`).
    private let unit: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var bytes = 0
    private var lastDraw = Date.distantPast

    init(label: String, unit: String = "rows") {
        self.label = label
        self.unit = unit
    }

    func advance(bytes count: Int, rows: Int) {
        bytes += count
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        FileHandle.standardError.write(Data(String(format: "\r%@: %d %@, %.1f MB, %.1f %@/s   ", label, rows, unit, Double(bytes) / 1e6, Double(rows) / elapsed, unit).utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
