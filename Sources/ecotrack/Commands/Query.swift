import ArgumentParser
import EcoCore
import EcoPipeline
import EcoServer
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `ecotrack query …`: the API's reads from the command line, on the local store or a server.
struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read observations, latest values, time series, cell aggregates or variables.",
        discussion: "Examples:\n  ecotrack query cells --variable pm25 --resolution 6\n  ecotrack query timeseries --h3 872830828ffffff --variable pm25 --bucket 1d --format csv"
    )

    @Argument(help: "observations, latest, timeseries, cells or variables.") var kind: String
    @Option var variable: String?
    @Option(help: "H3 cell (timeseries: the cell; others: the region).") var h3: String?
    @Option(help: "west,south,east,north in degrees.") var bbox: String?
    @Option(help: "RFC 3339 or epoch milliseconds.") var start: String?
    @Option(help: "RFC 3339 or epoch milliseconds.") var end: String?
    @Option var resolution: Int?
    @Option(help: "raw, 1h, 1d, 1w, 1M (timeseries).") var bucket: String?
    @Option(help: "mean, min, max, sum, count (timeseries).") var agg: String?
    @Option var limit: Int?
    @Option(help: "table, csv or json.") var format: String = "table"
    @Option(help: "SQLite file of the local store.") var database: String?
    @Option(help: "Query this server instead, e.g. http://127.0.0.1:8080.") var server: String?

    func run() async throws {
        guard let kind = Queries.Kind(rawValue: kind) else {
            throw ValidationError("Unknown query '\(kind)'; use one of \(Queries.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let output = TableFormat(rawValue: format) else { throw ValidationError("--format must be table, csv or json.") }
        var parameters: [String: String] = [:]
        parameters["variable"] = variable
        parameters["h3"] = h3
        parameters["bbox"] = bbox
        parameters["start"] = start
        parameters["end"] = end
        parameters["resolution"] = resolution.map(String.init)
        parameters["bucket"] = bucket
        parameters["agg"] = agg
        parameters["limit"] = limit.map(String.init)

        let result: JSONValue
        if let server {
            result = try await fetch(kind, parameters: parameters, server: server)
        } else {
            var local: JSONValue = .null
            try await withPlatform(database: database, readOnly: true) { platform in
                do {
                    local = try await Queries(platform: platform).run(kind, parameters: parameters)
                } catch let problem as Problem {
                    throw ValidationError(problem.detail)
                }
            }
            result = local
        }
        print(TableRenderer.render(result, as: output), terminator: "")
    }

    private func fetch(_ kind: Queries.Kind, parameters: [String: String], server: String) async throws -> JSONValue {
        var path = "/api/v1/\(kind.rawValue)"
        var query = parameters
        switch kind {
        case .timeseries:
            guard let cell = parameters["h3"] else { throw ValidationError("--h3 is required for timeseries.") }
            path = "/api/v1/observations/\(cell)/timeseries"
            query["h3"] = nil
        case .latest: path = "/api/v1/observations/latest"
        default: break
        }
        guard var components = URLComponents(string: server) else { throw ValidationError("--server '\(server)' is not a URL.") }
        components.path = path
        components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        let (data, response) = try await URLSession.shared.data(from: components.url!)
        let value = try JSONDecoder().decode(JSONValue.self, from: data)
        if (response as? HTTPURLResponse)?.statusCode != 200 {
            if case let .string(detail)? = value["detail"] { throw ValidationError(detail) }
            throw ValidationError("server answered \(String(decoding: data, as: UTF8.self))")
        }
        return value
    }
}
