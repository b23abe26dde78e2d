import ArgumentParser
import EcoCore
import EcoServer

/// `ecotrack bench ingest`: bulk store ingest vs raw SQLite, and HTTP NDJSON ingest.
struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Bulk and HTTP ingest throughput.")
    @Option(help: "Number of series.") var series = 1_000
    @Option(help: "Observations per series.") var perSeries = 1_000
    @Option(help: "Records sent over HTTP.") var httpRecords = 1_000_000

    func run() async throws {
        print(try await IngestBenchmark.run(series: series, perSeries: perSeries, httpRecords: httpRecords))
    }
}

/// `ecotrack bench query`: time-series and region-aggregate latency.
struct BenchQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Read latency (p50/p99) of the main queries.")
    @Option(help: "Repetitions of the time-series query.") var iterations = 200

    func run() async throws {
        print(try await QueryBenchmark.run(iterations: iterations))
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
