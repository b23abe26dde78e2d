import ArgumentParser
import EcoHealthListener
import EcoPipeline
import EcoStoreFactory
import Logging
import ServiceLifecycle

/// `ecotrack worker`: the background services (detection, hotspot alerts, training jobs, webhooks,
/// forecast refresh, event and observation retention) without the API server, beside `ecotrack serve`
/// replicas on a shared store. Built from EcoPipeline and, for `--metrics-port`, EcoHealthListener
/// (plain NIO: /healthz, /readyz, /metrics); this command imports no HTTP framework or route.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the background services without an HTTP server, on a store shared with `ecotrack serve` replicas.",
        discussion: "Needs a shared store (PostgreSQL). With a SQLite file, `ecotrack serve` runs these services itself."
    )

    @Option(help: "Store URL (a shared store such as postgres://…).") var database: String?
    @Option(help: "Config file (default ./ecotrack.yaml when present).") var config: String?
    @Option(help: "Port of a small listener answering /healthz, /readyz and /metrics (none without it; 0: any free port).")
    var metricsPort: Int?
    @Option(help: "Address that listener binds (default: the host setting). /metrics needs metricsToken unless it is a loopback address.")
    var metricsHost: String?

    func run() async throws {
        var flags: [String: String] = [:]
        flags["database"] = database
        let configuration = try ConfigurationSources.load(flags: flags, configPath: config).resolve()
        guard StoreFactory.isShared(configuration.database) else {
            throw CommandFailure("""
                '\(configuration.database)' is a SQLite file, which belongs to one process: `ecotrack serve` already runs \
                the background services on it. Workers share a PostgreSQL store with the servers (--database postgres://…).
                """)
        }
        JSONLogHandler.bootstrap(level: Logger.Level(rawValue: configuration.logLevel) ?? .info)
        let logger = Logger(label: "ecotrack.worker")
        let platform = try await openPlatform(configuration)
        var services = platform.backgroundServices()
        if let metricsPort {
            guard (0...65535).contains(metricsPort) else { throw CommandFailure("--metrics-port must be in 0…65535, got \(metricsPort).") }
            services.append(HealthListener(host: metricsHost ?? configuration.host, port: metricsPort, metricsToken: configuration.metricsToken,
                                           ready: { await platform.store.isReady() }, metrics: { platform.metrics.exposition() }, logger: logger))
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        logger.info("worker started", metadata: ["instance": "\(platform.instanceID)"])
        try await group.run()
        try await platform.store.close()
        logger.info("worker stopped cleanly")
    }
}

/// A command that cannot go on: the message says why and what to do; no usage text follows.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
