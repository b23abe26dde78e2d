import ArgumentParser
import EcoCore
import EcoPipeline
import EcoServer
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `ecotrack carbon …`: carbon activities and inventories from the command line (issue #14, docs/carbon.md).
struct CarbonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carbon", abstract: "Import carbon activities and print GHG inventories.",
        subcommands: [CarbonImportCommand.self, CarbonReportCommand.self])
}

/// `ecotrack carbon import FILE`: activities from a CSV, NDJSON or JSON file into the local store (the
/// same ingest as the server: validation, accounting, idempotent client ids) or a server's import job.
struct CarbonImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import carbon activities (CSV, NDJSON or JSON) into the local store or a running server.",
        discussion: "Rows are validated one by one: bad rows are printed with their line, field and how to fix them; good rows are stored.\n  ecotrack carbon import activities.csv\n  ecotrack carbon import activities.csv --server http://127.0.0.1:8080 --api-key $KEY")

    @Argument(help: "The file, or - for standard input.") var file: String
    @Option(help: "csv, ndjson or json (default: from the extension).") var format: String?
    @Option(help: "SQLite file of the local store (default ./data/ecotrack.sqlite).") var database: String?
    @Option(help: "Send to this server instead (CSV becomes an import job), e.g. http://127.0.0.1:8080.") var server: String?
    @Option(help: "API key for --server.") var apiKey: String?

    func run() async throws {
        let format = try resolveFormat()
        let body = try readFile()
        let progress = ProgressLine(label: file == "-" ? "stdin" : file)
        let started = Date()
        let report: CarbonIngestReport
        var errors: [RecordError] = []
        if let server {
            report = try await CarbonRemoteImport(server: server, apiKey: apiKey).run(body, format: format, progress: progress)
        } else {
            var collected: [RecordError] = []
            var result = CarbonIngestReport()
            try await withPlatform(database: database) { platform in
                result = try await platform.carbon.ingest.ingestInSteps(body, format: format, caller: .cli) { step, bytes in
                    if collected.count < 20 { collected += step.newErrors.prefix(20 - collected.count) }
                    progress.advance(bytes: bytes, rows: step.counts.accepted)
                }
            }
            progress.finish()
            (report, errors) = (result, collected)
        }
        for error in errors {
            print("\(file): record \(error.index)\(error.line.map { " (line \($0))" } ?? "")\(error.field.map { " \($0)" } ?? ""): \(error.reason)")
        }
        if report.rejected > errors.count { print("\(file): … \(report.rejected - errors.count) more rejections") }
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "imported %d activities (%d new, %d replaced), rejected %d, %.1f kg CO2e (%d unaccounted, %d with a fallback factor) in %.2f s (%.0f rows/s)",
                     report.accepted, report.inserted, report.replaced, report.rejected, report.co2eKg, report.unaccounted, report.fallbacks, seconds,
                     seconds > 0 ? Double(report.accepted + report.rejected) / seconds : 0))
        if report.rejected > 0 { throw ExitCode(1) }
    }

    private func resolveFormat() throws -> ObservationFormat {
        if let format {
            guard let parsed = ObservationFormat(rawValue: format) else { throw ValidationError("--format must be csv, ndjson or json.") }
            return parsed
        }
        guard let parsed = ObservationFormat(fileExtension: (file as NSString).pathExtension) else {
            throw ValidationError("Cannot tell the format of '\(file)' from its extension; pass --format csv|ndjson|json.")
        }
        return parsed
    }

    private func readFile() throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read '\(file)'.") }
        return Array(data)
    }
}

/// An import through a server: CSV as an import job followed to the end, JSON and NDJSON as one POST.
struct CarbonRemoteImport {
    let server: String
    let apiKey: String?

    func run(_ body: [UInt8], format: ObservationFormat, progress: ProgressLine) async throws -> CarbonIngestReport {
        guard format == .csv else {
            let (data, status) = try await send("POST", "/api/v1/carbon/activities", body: Data(body), contentType: format.contentType)
            progress.advance(bytes: body.count, rows: 0)
            progress.finish()
            guard status == 200 else { throw ValidationError("server answered \(status): \(String(decoding: data, as: UTF8.self))") }
            return try JSONDecoder().decode(CarbonIngestReport.self, from: data)
        }
        let (data, status) = try await send("POST", "/api/v1/carbon/import", body: Data(body), contentType: "text/csv")
        guard status == 202, let job = try JSONSerialization.jsonObject(with: data) as? [String: Any], let id = job["id"] as? String else {
            throw ValidationError("server answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        var read = 0
        while true {
            try await Task.sleep(for: .milliseconds(250))
            let (data, _) = try await send("GET", "/api/v1/carbon/import/\(id)")
            guard let state = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
            let share = state["progress"] as? Double ?? 0
            let bytes = Int(share * Double(body.count))
            progress.advance(bytes: bytes - read, rows: state["accepted"] as? Int ?? 0)
            read = bytes
            switch state["status"] as? String {
            case "succeeded":
                progress.finish()
                var report = CarbonIngestReport()
                report.accepted = state["accepted"] as? Int ?? 0
                report.rejected = state["rejected"] as? Int ?? 0
                report.inserted = state["inserted"] as? Int ?? 0
                report.replaced = state["replaced"] as? Int ?? 0
                if report.rejected > 0 { print("rejected rows: \(server)/api/v1/carbon/import/\(id)/errors?format=csv") }
                return report
            case "failed":
                progress.finish()
                throw ValidationError("the import failed: \(state["error"] as? String ?? "no reason given")")
            default: continue
            }
        }
    }

    private func send(_ method: String, _ path: String, body: Data? = nil, contentType: String? = nil) async throws -> (Data, Int) {
        guard var components = URLComponents(string: server) else { throw ValidationError("--server '\(server)' is not a URL.") }
        components.path = path
        var request = URLRequest(url: components.url!)
        request.httpMethod = method
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        let (data, response) = if let body { try await URLSession.shared.upload(for: request, from: body) } else { try await URLSession.shared.data(for: request) }
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }
}

/// `ecotrack carbon report`: a GHG-Protocol-shaped inventory of the local store, every line citing its factors.
struct CarbonReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print a GHG inventory (Scope 1, dual Scope 2, Scope 3 by category) of the local store.",
        discussion: "  ecotrack carbon report --from 2025-01-01 --to 2026-01-01 --group-by supplier\n  ecotrack carbon report --from 2025-01-01 --to 2025-04-01 --group-by scope --format csv")

    @Option(help: "Start (RFC 3339 or epoch ms, inclusive).") var from: String
    @Option(help: "End (RFC 3339 or epoch ms, exclusive).") var to: String
    @Option(help: "supplier, facility, category, scope (or kind, lane, cell).") var groupBy: String?
    @Option(help: "table, csv or json.") var format: String = "table"
    @Option(help: "Whose inventory (default: the only organization in the store).") var organization: String?
    @Option(help: "GWP basis: AR4, AR5 or AR6 (default: the organization's setting).") var gwp: String?
    @Option(help: "Also restate the period under this factor set id.") var restateWith: String?
    @Option(help: "SQLite file of the local store.") var database: String?

    func run() async throws {
        guard let output = TableFormat(rawValue: format) else { throw ValidationError("--format must be table, csv or json.") }
        let grouping = try groupBy.map { name in
            guard let value = CarbonGrouping(rawValue: name) else {
                throw ValidationError("--group-by must be one of \(CarbonGrouping.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return value
        }
        guard let start = Timestamp.parse(from), let end = Timestamp.parse(to) else {
            throw ValidationError("--from and --to must be RFC 3339 times (2025-01-01 or 2025-01-01T00:00:00Z) or epoch milliseconds.")
        }
        try await withPlatform(database: database) { platform in
            let organization = try await self.organization(platform)
            let window = try CarbonWindow.resolve(from: start, to: end, defaultDays: 365, nowMs: end)
            let document = try await platform.carbon.reports.inventory(
                organization, window: window, groupBy: grouping, basis: try gwp.map { try CarbonSettingsService.basis($0) }, restateWith: restateWith)
            switch output {
            case .csv: print(document.csv, terminator: "")
            case .json: print(TableRenderer.render(try JSONValue(encodable: document), as: .json), terminator: "")
            case .table: print(Self.table(document), terminator: "")
            }
        }
    }

    private func organization(_ platform: Platform) async throws -> String {
        if let organization { return organization }
        let all = try await platform.carbon.organizations()
        guard all.count == 1, let only = all.first else {
            throw ValidationError(all.isEmpty ? "The store has no carbon activities; import some with `ecotrack carbon import FILE`."
                                              : "The store holds several organizations (\(all.joined(separator: ", "))); pick one with --organization.")
        }
        return only
    }

    /// Totals as a header, then the groups (or the inventory lines with their factors) as a table.
    static func table(_ d: CarbonReportDocument) -> String {
        func kg(_ value: Double) -> JSONValue { .string(String(format: "%.1f", value)) }
        let rows: [JSONValue] = d.groupBy != nil
            ? d.groups.map { .object([d.groupBy ?? "group": .string($0.label), "kgCO2e": kg($0.kg), "marketKgCO2e": kg($0.marketKg),
                                      "estimatedKgCO2e": kg($0.estimatedKg), "activities": .number(Double($0.activities))]) }
            : d.lines.map { .object(["line": .string($0.label), "kgCO2e": kg($0.locationKg), "marketKgCO2e": kg($0.marketKg),
                                     "activities": .number(Double($0.activities)), "factors": .string($0.factors.map(\.factorId).joined(separator: " "))]) }
        let summary: JSONValue = .object([
            "organization": .string(d.organization), "period": .string("\(d.from) – \(d.to)"),
            "factors": .string("\(d.basis.factorSet) \(d.basis.version), \(d.basis.gwpBasis)"),
            "scope1": kg(d.scope1Kg), "scope2": .string("\(String(format: "%.1f", d.scope2LocationKg)) location-based, \(String(format: "%.1f", d.scope2MarketKg)) market-based"),
            "scope3": kg(d.scope3Kg), "dataQuality": .string(d.dataQuality), "unaccounted": .number(Double(d.unaccountedActivities)), "data": .array(rows),
        ])
        return TableRenderer.render(summary, as: .table)
    }
}
