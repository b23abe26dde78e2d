import ArgumentParser
import EcoCore
import EcoPipeline
import EcoServer
import EcoStore
import Foundation

/// `ecotrack ingest FILE… | -`: load observation files into the local store or a server.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ingest observation files (JSON array, NDJSON, CSV) into the local store or a running server.",
        discussion: """
            The format comes from the extension (.json, .ndjson/.jsonl, .csv) or --format; '-' reads standard input.

            \(Ingest.expected)

            Example: variable,value,unit,observedAt,lat,lng,stationId
                     pm25,12.4,µg/m³,2026-11-20T08:00:00Z,45.7578,4.8320,lyon-bellecour
            """
    )

    /// What an input file must hold, for --help and for errors.
    static let expected = """
        CSV: \(CSVObservationDecoder.headerRequirement) JSON (an array) and NDJSON (one object per line): objects with \
        the same fields, observedAt as RFC 3339 or epoch milliseconds.
        """

    @Argument(help: "Files to ingest, or - for standard input.") var files: [String]
    @Option(help: "json, ndjson or csv (default: from the file extension).") var format: String?
    @Option(help: "SQLite file of the local store (default ./data/ecotrack.sqlite).") var database: String?
    @Option(help: "Send to this server instead, e.g. http://127.0.0.1:8080.") var server: String?
    @Option(help: "API key for --server.") var apiKey: String?
    @Flag(help: "Store all records of each file or none.") var atomic = false

    func run() async throws {
        let target: IngestTarget
        if let server {
            target = .server(url: server, apiKey: apiKey)
        } else {
            var flags: [String: String] = [:]
            flags["database"] = database
            let configuration = try ConfigurationSources.load(flags: flags, configPath: nil).resolve()
            target = .local(try await openPlatform(configuration))
        }
        var total = IngestReport()
        let clock = ContinuousClock()
        let started = clock.now
        var failures = 0
        for file in files {
            let fileFormat = try resolveFormat(for: file)
            let progress = ProgressLine(label: file == "-" ? "stdin" : file)
            do {
                let report = try await target.ingest(file: file, format: fileFormat, atomic: atomic, progress: progress)
                progress.finish()
                total.accumulate(report)
                for error in report.errors.prefix(20) {
                    print("\(file): record \(error.index)\(error.line.map { " (line \($0))" } ?? "")\(error.field.map { " \($0)" } ?? ""): \(error.reason)")
                }
                if report.errors.count > 20 || report.errorsTruncated { print("\(file): … \(report.rejected - 20) more rejections") }
            } catch {
                progress.finish()
                failures += 1
                print("\(file): \(error)")
            }
        }
        if case let .local(platform) = target { try await platform.store.close() }
        let seconds = (clock.now - started).components
        let elapsed = Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18
        let rate = elapsed > 0 ? Int(Double(total.accepted) / elapsed) : total.accepted
        print("ingested \(total.accepted) observations (\(total.inserted) new, \(total.replaced) replaced), rejected \(total.rejected), from \(files.count) file(s) in \(String(format: "%.2f", elapsed)) s (\(rate) rows/s)")
        if failures > 0 || total.rejected > 0 { throw ExitCode(1) }
    }

    private func resolveFormat(for file: String) throws -> ObservationFormat {
        if let format {
            guard let parsed = ObservationFormat(rawValue: format) else { throw ValidationError("--format must be json, ndjson or csv.") }
            return parsed
        }
        let ext = (file as NSString).pathExtension.lowercased()
        guard let parsed = ObservationFormat(fileExtension: ext) else {
            throw ValidationError("Cannot tell the format of '\(file)' from its extension; pass --format json|ndjson|csv.")
        }
        return parsed
    }
}

extension IngestReport {
    mutating func accumulate(_ other: IngestReport) {
        accepted += other.accepted
        rejected += other.rejected
        inserted += other.inserted
        replaced += other.replaced
        newSeries += other.newSeries
    }
}
