import ArgumentParser
import EcoCore
import EcoPipeline
import EcoServer
import EcoStore
import EcoStoreSQLite
import EcoTestSupport

/// `ecotrack bench ingest`: bulk store ingest vs raw SQLite, and HTTP NDJSON ingest.
struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Bulk and HTTP ingest throughput.")
    @Option(help: "Number of series.") var series = 1_000
    @Option(help: "Observations per series.") var perSeries = 1_000
    @Option(help: "Records sent over HTTP.") var httpRecords = 1_000_000
    @Option(help: "A postgres:// URL: bulk ingest into PostgreSQL against a raw COPY (no HTTP part).") var database: String?

    func run() async throws {
        if let database {
            print(try await PostgresIngestBenchmark.run(url: database, series: series, perSeries: perSeries))
            return
        }
        print(try await IngestBenchmark.run(series: series, perSeries: perSeries, httpRecords: httpRecords))
    }
}

/// `ecotrack bench alerts`: ingest-to-WebSocket alert latency under sustained ingest, and ingest
/// throughput with detection off and on (issue #5).
struct BenchAlerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "Alert latency at a sustained ingest rate; throughput with detection on/off.")
    @Option(help: "Observations per second during the latency run.") var rate = 50_000
    @Option(help: "Length of the latency run, seconds.") var seconds = 20
    @Option(help: "Batch shapes, STATIONSxREADINGS per POST, comma-separated.") var shapes = "250x10,2500x1"
    @Option(help: "Records posted in each throughput run.") var throughputRecords = 1_000_000
    @Option(help: "full (fsync per commit, the server default) or normal.") var durability = "full"

    func validate() throws {
        guard !parsedShapes.isEmpty, parsedShapes.count == shapes.split(separator: ",").count else {
            throw ValidationError("--shapes takes STATIONSxREADINGS pairs separated by commas, such as 250x10,2500x1; got '\(shapes)'.")
        }
    }

    private var parsedShapes: [AlertLatencyBenchmark.Shape] { shapes.split(separator: ",").compactMap { AlertLatencyBenchmark.Shape($0) } }

    func run() async throws {
        print(try await AlertLatencyBenchmark.run(rate: rate, seconds: seconds, shapes: parsedShapes, throughputRecords: throughputRecords,
                                                  durability: durability))
    }
}

/// `ecotrack bench query`: time-series and region-aggregate latency.
struct BenchQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Read latency (p50/p99) of the main queries.")
    @Option(help: "Repetitions of the time-series query.") var iterations = 200
    @Option(help: "A postgres:// URL to measure PostgreSQL instead of SQLite.") var database: String?

    func run() async throws {
        print(try await QueryBenchmark.run(iterations: iterations, database: database))
    }
}

/// `ecotrack bench decode`: the byte-level NDJSON/CSV/JSON decoders on one core.
struct BenchDecode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode", abstract: "Ingest decoder throughput (records/s, one thread).")
    @Option(help: "Records per format.") var records = 200_000

    func run() async throws {
        print(IngestDecodeBenchmark.run(records: records))
    }
}

/// `ecotrack bench restart`: time to the first acknowledged write after a restart over a large event log.
struct BenchRestart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "First write after a restart over a large event log with a lagging consumer.")
    @Option(help: "Events in the log at restart.") var events = 1_000_000

    func run() async throws {
        print(try await RestartBenchmark.run(events: events))
    }
}

/// `ecotrack bench small-writes`: concurrent small ingest transactions into PostgreSQL.
struct BenchSmallWrites: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "small-writes", abstract: "Concurrent small ingest transactions into PostgreSQL.")
    @Option(help: "A postgres:// URL (a throwaway schema is created and dropped).") var database: String
    @Option(help: "Concurrent writers.") var writers = 32
    @Option(help: "Readings per insert, one per station.") var readings = 10
    @Option(help: "Length of the run, seconds.") var seconds = 10
    @Option(help: "Stores (each with its own connection pool, as replicas have) the writers are spread over.") var processes = 1

    func run() async throws {
        print(try await PostgresSmallWritesBenchmark.run(url: database, writers: writers, readings: readings, seconds: seconds, processes: processes))
    }
}
