import EcoCore
import EcoStore
import EcoStoreSQLite
import Foundation
import Testing

/// Issue #21, with the real `ecotrack` executable: a second process on a SQLite file that another
/// process uses is refused with a message that points to `--server`, and works once the file is free.
@Suite struct TwoProcessTests {
    /// The `ecotrack` built beside this test executable (`swift build --build-tests` builds both).
    static func ecotrack() throws -> URL {
        let directories = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
                           Bundle.main.bundleURL.deletingLastPathComponent()]
        let found = directories.map { $0.appendingPathComponent("ecotrack") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "no ecotrack executable beside the tests in \(directories.map(\.path)); build it with `swift build --build-tests`")
    }

    struct Outcome { var status: Int32; var output: String }

    /// Runs `ecotrack arguments…` in `directory` to its end, on its own thread, with stdout and stderr together.
    static func run(_ arguments: [String], in directory: URL) async throws -> Outcome {
        let process = try launch(arguments, in: directory, capture: true)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let output = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: Outcome(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self)))
            }
        }
    }

    static func launch(_ arguments: [String], in directory: URL, capture: Bool) throws -> Process {
        let process = Process()
        process.executableURL = try ecotrack()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(["ECOTRACK_LOG_LEVEL": "warning"]) { _, new in new }
        if capture {
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// A fresh directory holding `readings.csv` (three observations of one station).
    static func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-two-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
            variable,value,unit,observedAt,lat,lng,source,stationId
            pm25,12,µg/m³,2024-05-01T00:00:00Z,48.8566,2.3522,check,paris
            pm25,14,µg/m³,2024-05-01T01:00:00Z,48.8566,2.3522,check,paris
            pm25,13,µg/m³,2024-05-01T02:00:00Z,48.8566,2.3522,check,paris

            """.write(to: directory.appendingPathComponent("readings.csv"), atomically: true, encoding: .utf8)
        return directory
    }

    static func expectRefusal(_ outcome: Outcome, holder: String) {
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("is in use by another process (\(holder)"), "\(outcome.output)")
        #expect(outcome.output.contains("--server http://HOST:PORT"), "\(outcome.output)")
        #expect(!outcome.output.contains("ingested"), "\(outcome.output)")
    }

    @Test func ingestBesideThisProcessIsRefusedThenWorksOnceTheFileIsFree() async throws {
        let work = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: work) }
        let database = work.appendingPathComponent("ecotrack.sqlite").path
        let store = try SQLiteStore(path: database, durability: .normal)
        Self.expectRefusal(try await Self.run(["ingest", "readings.csv", "--database", database], in: work), holder: "pid \(getpid())")
        #expect(try await store.series(matching: SeriesFilter()).isEmpty)
        try await store.close()

        let ingested = try await Self.run(["ingest", "readings.csv", "--database", database], in: work)
        #expect(ingested.status == 0, "\(ingested.output)")
        let reopened = try SQLiteStore(path: database, durability: .normal)
        let rows = try await reopened.observations(SeriesFilter(), window: .all, after: nil, limit: 10)
        #expect(rows.map(\.value) == [12, 14, 13])
        try await reopened.close()
    }

    /// Starts `ecotrack serve` on `database` and returns once it holds the file's lock.
    static func serve(_ database: String, in work: URL) async throws -> (server: Process, holder: String) {
        let server = try launch(["serve", "--port", "0", "--database", database], in: work, capture: false)
        // The server writes who it is into the lock file once it holds the lock.
        let holder = "pid \(server.processIdentifier) (ecotrack serve)"
        let deadline = ContinuousClock.now + .seconds(60)
        while (try? String(contentsOfFile: database + ".lock", encoding: .utf8))?.contains(holder) != true {
            if !server.isRunning || ContinuousClock.now >= deadline { server.terminate() }
            try #require(server.isRunning && ContinuousClock.now < deadline, "the server did not take the lock")
            try await Task.sleep(for: .milliseconds(50))
        }
        return (server, holder)
    }

    /// Read-only commands open the file without its lock: they answer beside a running server, while
    /// a writing command on the same file is still refused.
    @Test func queryBesideARunningServerAnswersAndIngestIsRefused() async throws {
        let work = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: work) }
        let database = work.appendingPathComponent("ecotrack.sqlite").path
        let ingested = try await Self.run(["ingest", "readings.csv", "--database", database], in: work)
        #expect(ingested.status == 0, "\(ingested.output)")
        let (server, holder) = try await Self.serve(database, in: work)
        defer { server.terminate() }

        let query = try await Self.run(["query", "observations", "--variable", "pm25", "--format", "csv", "--database", database], in: work)
        #expect(query.status == 0, "\(query.output)")
        #expect(query.output.split(separator: "\n").count == 4, "\(query.output)")
        for value in ["12", "14", "13"] { #expect(query.output.contains(",\(value),") || query.output.contains(",\(value)\n"), "\(query.output)") }
        let variables = try await Self.run(["variables", "list", "--database", database], in: work)
        #expect(variables.status == 0 && variables.output.contains("pm25"), "\(variables.output)")
        Self.expectRefusal(try await Self.run(["ingest", "readings.csv", "--database", database], in: work), holder: holder)
        #expect(server.isRunning)
    }

    /// The case: `ecotrack ingest --database FILE` while `ecotrack serve` uses FILE.
    @Test func ingestBesideARunningServerIsRefusedAndTheServerKeepsTheFile() async throws {
        let work = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: work) }
        let database = work.appendingPathComponent("ecotrack.sqlite").path
        let (server, holder) = try await Self.serve(database, in: work)
        defer { if server.isRunning { server.terminate() } }

        Self.expectRefusal(try await Self.run(["ingest", "readings.csv", "--database", database], in: work), holder: holder)
        let refused = #expect(throws: SQLiteStoreInUse.self) { _ = try SQLiteStore(path: database, durability: .normal) }
        #expect(refused?.holder == holder)
        #expect(server.isRunning)

        server.terminate()
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                server.waitUntilExit()
                continuation.resume()
            }
        }
        // The system released the lock with the process: the file is usable again.
        let ingested = try await Self.run(["ingest", "readings.csv", "--database", database], in: work)
        #expect(ingested.status == 0, "\(ingested.output)")
    }
}
