import ArgumentParser
import EcoCore
import EcoPipeline
import EcoServer
import Foundation
import Logging

/// `ecotrack serve`: the HTTP server on the configured store.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the EcoTrack server (REST API, live streams, metrics) and its background services.",
        discussion: ConfigurationSettings.helpText()
    )

    @Option(help: "Address to bind (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080).") var port: Int?
    @Option(help: "Store: a SQLite file path or URL (default ./data/ecotrack.sqlite; sqlite:PATH?durability=normal).") var database: String?
    @Option(help: "Where entry files are stored: a directory (default objects/ beside the SQLite file).") var objectStore: String?
    @Option(help: "Config file (default ./ecotrack.yaml when present).") var config: String?
    @Flag(help: "Seed the demo dataset on first start.") var demo = false
    @Option(name: .customLong("map-tiles"), help: ArgumentHelp("Raster tiles under the dashboard's map (default none: the world outline).", valueName: "url-template"))
    var mapTiles: String?
    @Option(name: .customLong("set"), help: ArgumentHelp("Any setting below without a flag of its own (repeatable).", valueName: "key=value"))
    var settings: [String] = []
    @Flag(help: .hidden) var settingsMarkdown = false

    func run() async throws {
        if settingsMarkdown { return print(ConfigurationSettings.markdown(), terminator: "") }
        var flags = try Self.parse(settings)
        flags["host"] = host
        flags["port"] = port.map(String.init)
        flags["database"] = database
        flags["objectStore"] = objectStore
        if demo { flags["demo"] = "true" }
        flags["mapTiles"] = mapTiles
        let configuration = try ConfigurationSources.load(flags: flags, configPath: config).resolve()
        JSONLogHandler.bootstrap(level: Logger.Level(rawValue: configuration.logLevel) ?? .info)
        let logger = Logger(label: "ecotrack")

        let platform = try await openPlatform(configuration)
        let services = await AppServices(platform: platform)
        if configuration.demo {
            let seeded = try await DemoData.seedIfEmpty(into: platform.store, now: platform.clock.now)
            logger.info("demo data", metadata: ["observations": "\(seeded)", "note": "\(seeded == 0 ? "already present" : "seeded")"])
            let occurrences = try await DemoOccurrences.seedIfEmpty(into: platform.store, now: platform.clock.now)
            if occurrences > 0 { logger.info("demo occurrences", metadata: ["records": "\(occurrences)"]) }
            let indicators = try await DemoEquity.seedIfEmpty(into: platform.store)
            if indicators > 0 { logger.info("demo socio-economic layer", metadata: ["indicator": "\(DemoEquity.indicator)", "cells": "\(indicators)"]) }
            let people = try await DemoPopulation.seedIfEmpty(into: platform.store)
            if people > 0 { logger.info("demo population layer (synthetic)", metadata: ["indicator": "\(DemoPopulation.indicator)", "cells": "\(people)"]) }
            if let model = try await DemoYield.seedIfEmpty(into: platform.store, clock: platform.clock) {
                logger.info("demo yield model (synthetic history)", metadata: ["model": "\(model.name)@\(model.version)"])
            }
            let projections = try await DemoScenarios.seedIfEmpty(into: platform.store)
            if projections > 0 { logger.info("demo climate scenarios", metadata: ["projections": "\(projections)"]) }
            let activities = try await CarbonDemo.seedIfEmpty(platform.carbon, now: platform.clock.now)
            if activities > 0 { logger.info("demo supply chain", metadata: ["activities": "\(activities)", "hotspot": "in 2 minutes"]) }
            let key = try await DemoAdmin.key(services: services)
            // Unbuffered, so the key shows at once even when stdout is a pipe or a file.
            let hint = "Demo admin \(DemoAdmin.email) API key (shown once): \(key)\n"
                + "  e.g. curl -H 'Authorization: Bearer \(key)' http://\(configuration.host):\(configuration.port)/api/v1/auth/me\n"
            FileHandle.standardOutput.write(Data(hint.utf8))
        }
        let app = try buildApplication(services: services, logger: logger)
        logger.info("serving", metadata: ["address": "http://\(configuration.host):\(configuration.port)", "database": "\(configuration.database)"])
        try await app.runService()
        await services.finish()
        try await platform.store.close()
        logger.info("stopped cleanly")
    }

    /// `--set key=value` pairs, each key checked against the settings table.
    static func parse(_ pairs: [String]) throws -> [String: String] {
        var flags: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), ConfigurationSettings.named(String(pair[..<equals])) != nil else {
                throw ValidationError("--set takes KEY=VALUE with a key from `ecotrack serve --help`, e.g. --set maxPageSize=500; got '\(pair)'.")
            }
            flags[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return flags
    }
}
