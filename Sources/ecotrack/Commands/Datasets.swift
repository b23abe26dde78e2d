import ArgumentParser
import EcoCore
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `ecotrack datasets …`: labelled, versioned datasets made from entries on a running server (issue #18).
struct DatasetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "datasets", abstract: "Labelled datasets made from entries on a server.",
                                                    subcommands: [Create.self, List.self, Manifest.self])

    struct ServerOptions: ParsableArguments {
        @Option(help: "Server URL, e.g. http://127.0.0.1:8080.") var server: String
        @Option(help: "API key (write:data to create, read:public to read).") var apiKey: String?
    }

    /// `ecotrack datasets create NAME --tag …`: the next version of NAME from the entries the filters match.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the next version of a dataset from the entries a tag query matches.",
            discussion: "  ecotrack datasets create reef-debris --tag reef --type image --label-source tag:class: --split 0.7,0.15,0.15 --seed 42 --server URL --api-key KEY")

        @Argument(help: "Dataset name (lower-case letters, digits, - _ .).") var name: String
        @Option(name: .customLong("tag"), help: "A tag the entries carry (repeatable).") var tags: [String] = []
        @Flag(help: "Entries carrying any of the tags (default: all of them).") var any = false
        @Option(help: "Data type filter, e.g. image.") var type: String?
        @Option(help: "Source filter (comma list).") var source: String?
        @Option(help: "Entries with this label only.") var label: String?
        @Option(help: "Where labels come from: label (the entry's) or tag:PREFIX, e.g. tag:class:.") var labelSource = "label"
        @Option(help: "Train, validation and test fractions, e.g. 0.8,0.1,0.1.") var split = "0.8,0.1,0.1"
        @Option(help: "Seed of the split.") var seed: UInt64 = 0
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let shares = split.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard shares.count == 3 else { throw ValidationError("--split takes three fractions, e.g. 0.8,0.1,0.1; got '\(split)'.") }
            var query: [String: JSONValue] = [:]
            if !tags.isEmpty { query["tags"] = .string(tags.joined(separator: ",")); query["match"] = .string(any ? "any" : "all") }
            if let type { query["type"] = .string(type) }
            if let source { query["source"] = .string(source) }
            if let label { query["label"] = .string(label) }
            let body: JSONValue = .object([
                "name": .string(name), "query": .object(query), "labelSource": .string(labelSource), "seed": .number(Double(seed)),
                "split": .object(["train": .number(shares[0]), "validation": .number(shares[1]), "test": .number(shares[2])]),
            ])
            let client = try ServerClient(server: options.server, apiKey: options.apiKey)
            let created = try await client.json("POST", "/api/v1/datasets", body: body)
            print(String(decoding: created.encoded(), as: UTF8.self))
        }
    }

    /// `ecotrack datasets list`: every dataset with its latest version.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List datasets: name, versions, latest version's members per split and classes.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            let client = try ServerClient(server: options.server, apiKey: options.apiKey)
            guard case let .array(datasets)? = try await client.json("GET", "/api/v1/datasets")["data"] else { return }
            print("name\tversions\ttrain\tvalidation\ttest\tclasses")
            for dataset in datasets {
                let latest = dataset["latest"], counts = latest?["counts"]
                func number(_ value: JSONValue?) -> String { if case let .number(n)? = value { String(Int(n)) } else { "" } }
                var classes = ""
                if case let .array(names)? = latest?["classes"] {
                    classes = names.compactMap { if case let .string(text) = $0 { text } else { nil } }.joined(separator: ",")
                }
                var name = ""
                if case let .string(text)? = dataset["name"] { name = text }
                print([name, number(dataset["versions"]), number(counts?["train"]), number(counts?["validation"]), number(counts?["test"]), classes]
                    .joined(separator: "\t"))
            }
        }
    }

    /// `ecotrack datasets manifest NAME VERSION`: the manifest as the server gives it (CSV or JSON) on standard output.
    struct Manifest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a dataset version's manifest: entry id, file SHA-256, size, content type, label, split.")
        @Argument(help: "Dataset name.") var name: String
        @Argument(help: "Version number.") var version: Int
        @Option(help: "csv or json.") var format = "csv"
        @OptionGroup var options: ServerOptions

        func run() async throws {
            guard ["csv", "json"].contains(format) else { throw ValidationError("--format must be csv or json; got '\(format)'.") }
            let client = try ServerClient(server: options.server, apiKey: options.apiKey)
            let data = try await client.text("/api/v1/datasets/\(name)/versions/\(version)/manifest", query: [URLQueryItem(name: "format", value: format)])
            FileHandle.standardOutput.write(data)
        }
    }
}

extension ServerClient {
    /// GETs `path` and answers the body as it came (CSV, JSON …).
    /// - Throws: `ValidationError` with the server's `detail` when the status is not 2xx.
    func text(_ path: String, query: [URLQueryItem] = []) async throws -> Data {
        var components = base
        components.path = path
        components.queryItems = query.isEmpty ? nil : query
        guard let url = components.url else { throw ValidationError("Cannot build a URL for \(path).") }
        var request = URLRequest(url: url)
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            if case let .string(detail)? = (try? JSONDecoder().decode(JSONValue.self, from: data))?["detail"] {
                throw ValidationError("server answered \(status): \(detail)")
            }
            throw ValidationError("server answered \(status)")
        }
        return data
    }
}
