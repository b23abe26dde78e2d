import EcoAnalytics
import EcoCore
import EcoStore
import Foundation

/// Reads `EcoConfiguration` from its sources with one precedence everywhere:
/// command-line flag > environment variable (`ECOTRACK_…`) > config file (`ecotrack.yaml`) > default.
///
/// Every key, with its flag, environment variable, default and meaning, is listed in
/// ``ConfigurationSettings/all`` (shown by `ecotrack serve --help` and docs/configuration.md); a test
/// fails when a key read here is missing there.
public struct ConfigurationSources: Sendable {
    /// Values given as flags, by file key (nil entries were not given).
    public var flags: [String: String]
    public var environment: [String: String]
    /// The config file's `key: value` pairs.
    public var file: [String: String]

    public init(flags: [String: String] = [:], environment: [String: String] = [:], file: [String: String] = [:]) {
        self.flags = flags
        self.environment = environment
        self.file = file
    }

    /// Reads the process environment and the config file at `path`, or `./ecotrack.yaml` if present.
    public static func load(flags: [String: String], configPath: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConfigurationSources {
        let path = configPath ?? environment["ECOTRACK_CONFIG"] ?? "ecotrack.yaml"
        var file: [String: String] = [:]
        if FileManager.default.fileExists(atPath: path) {
            file = try FlatYAML.parse(String(contentsOfFile: path, encoding: .utf8), path: path)
        } else if configPath != nil {
            throw ConfigurationError("Config file \(path) does not exist; create it or leave out --config.")
        }
        return ConfigurationSources(flags: flags, environment: environment, file: file)
    }

    /// The value of `key` from the strongest source that has it.
    func value(_ key: String) -> String? {
        flags[key] ?? environment[Self.environmentName(key)] ?? file[key]
    }

    /// `maxIngestBytes` → `ECOTRACK_MAX_INGEST_BYTES`.
    static func environmentName(_ key: String) -> String {
        var name = "ECOTRACK_"
        for character in key {
            if character.isUppercase { name.append("_") }
            name.append(character.uppercased())
        }
        return name
    }

    /// The resolved configuration; a value of the wrong type is an error naming its key and source.
    public func resolve() throws -> EcoConfiguration {
        var configuration = EcoConfiguration()
        func int(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = value(key) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw ConfigurationError("\(key) must be an integer in \(range.lowerBound)…\(range.upperBound), got '\(text)'.")
            }
            return number
        }
        func bool(_ key: String) throws -> Bool? {
            guard let text = value(key)?.lowercased() else { return nil }
            switch text {
            case "true", "yes", "1", "on": return true
            case "false", "no", "0", "off": return false
            default: throw ConfigurationError("\(key) must be true or false, got '\(text)'.")
            }
        }
        if let host = value("host") { configuration.host = host }
        if let port = try int("port", 0...65535) { configuration.port = port }
        if let database = value("database") { configuration.database = database }
        if let location = value("objectStore"), !location.isEmpty { configuration.objectStore = location }
        if let bytes = try int("maxEntryBytes", 1024...(1 << 40)) { configuration.maxEntryBytes = bytes }
        if let demo = try bool("demo") { configuration.demo = demo }
        if let bytes = try int("maxIngestBytes", 1024...(1 << 40)) { configuration.maxIngestBytes = bytes }
        if let bytes = try int("maxRequestBytes", 1024...(1 << 30)) { configuration.maxRequestBytes = bytes }
        if let size = try int("ingestBatchSize", 1...1_000_000) { configuration.ingestBatchSize = size }
        if let size = try int("maxPageSize", 1...1_000_000) { configuration.maxPageSize = size }
        if value("durability") != nil {
            throw ConfigurationError("'durability' is now an option of the store URL: set database to sqlite:PATH?durability=normal (full is the default).")
        }
        configuration.publicRead = try bool("publicRead") ?? configuration.demo
        if let token = value("metricsToken"), !token.isEmpty { configuration.metricsToken = token }
        if let secret = value("jwtSecret") {
            guard secret.utf8.count >= 32 else { throw ConfigurationError("jwtSecret must be at least 32 bytes long.") }
            configuration.jwtSecret = secret
        }
        if let seconds = try int("sessionTokenSeconds", 60...86_400) { configuration.sessionTokenSeconds = seconds }
        configuration.externalTokens = try resolveExternalTokens()
        if let on = try bool("rateLimits") { configuration.rateLimits = on }
        if let count = try int("maxConcurrentRequests", 1...10_000) { configuration.maxConcurrentRequests = count }
        if let count = try int("maxConcurrentRequestsOperators", 1...10_000) { configuration.maxConcurrentRequestsOperators = count }
        if let seconds = try int("concurrencyQueueSeconds", 0...60) { configuration.concurrencyQueueSeconds = Double(seconds) }
        if let seconds = try int("queryTimeoutSeconds", 1...86_400) { configuration.queryTimeoutSeconds = seconds }
        if let origins = value("corsOrigins") {
            configuration.corsOrigins = origins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let on = try bool("trustForwardedFor") { configuration.trustForwardedFor = on }
        if let on = try bool("hsts") { configuration.hsts = on }
        // Alerts and the event log (issue #5).
        if let on = try bool("detection") { configuration.detection = on }
        if let severity = value("alertMinimumSeverity") {
            guard ["info", "warning", "critical"].contains(severity) else {
                throw ConfigurationError("alertMinimumSeverity must be info, warning or critical, got '\(severity)'.")
            }
            configuration.alertMinimumSeverity = severity
        }
        if let seconds = try int("silenceCheckSeconds", 1...86_400) { configuration.silenceCheckSeconds = Double(seconds) }
        if let count = try int("detectionPartitions", 1...256) { configuration.detectionPartitions = count }
        if let seconds = try int("hotspotCheckSeconds", 1...86_400) { configuration.hotspotCheckSeconds = Double(seconds) }
        if let minutes = try int("hotspotWindowMinutes", 1...525_600) { configuration.hotspotWindowMinutes = minutes }
        if let resolution = try int("hotspotResolution", 0...15) { configuration.hotspotResolution = resolution }
        if let rings = try int("hotspotRings", 1...5) { configuration.hotspotRings = rings }
        if let seconds = try int("airQualityCheckSeconds", 1...86_400) { configuration.airQualityCheckSeconds = Double(seconds) }
        if let resolution = try int("airQualityResolution", 0...15) { configuration.airQualityResolution = resolution }
        if let name = value("airQualityAlertCategory") {
            let categories: [String: AQICategory] = ["moderate": .moderate, "usg": .unhealthyForSensitiveGroups, "unhealthy": .unhealthy,
                                                     "very-unhealthy": .veryUnhealthy, "hazardous": .hazardous]
            guard let category = categories[name.lowercased()] else {
                throw ConfigurationError("airQualityAlertCategory must be moderate, usg, unhealthy, very-unhealthy or hazardous, got '\(name)'.")
            }
            configuration.airQualityAlertCategory = category
        }
        if let seconds = try int("droughtCheckSeconds", 1...604_800) { configuration.droughtCheckSeconds = Double(seconds) }
        if let resolution = try int("droughtResolution", 0...15) { configuration.droughtResolution = resolution }
        if let scale = try int("droughtScale", 1...72) { configuration.droughtScale = scale }
        if let name = value("droughtAlertCategory") {
            let categories: [String: DroughtCategory] = ["moderately-dry": .moderatelyDry, "severely-dry": .severelyDry, "extremely-dry": .extremelyDry]
            guard let category = categories[name.lowercased()] else {
                throw ConfigurationError("droughtAlertCategory must be moderately-dry, severely-dry or extremely-dry, got '\(name)'.")
            }
            configuration.droughtAlertCategory = category
        }
        if let weights = value("equityWeights") {
            let malformed = weights.split(separator: ",").first { item in
                let parts = item.split(separator: ":")
                return parts.count != 2 || Double(parts[1]).map { !($0 >= 0 && $0.isFinite) } ?? true
            }
            if let malformed { throw ConfigurationError("equityWeights must be name:weight,… with weights of 0 or more, got '\(malformed)'.") }
            configuration.equityWeights = weights
        }
        if let days = try int("eventRetentionDays", 0...36_500) { configuration.eventRetentionDays = days }
        if let count = try int("eventRetentionCount", 0...1_000_000_000) { configuration.eventRetentionCount = count }
        if let days = try int("observationRetentionDays", 0...36_500) { configuration.observationRetentionDays = days }
        // Entry classification by image models (docs/ocean.md).
        if let text = value("entryModels") {
            do { configuration.entryClassification.models = try EntryClassificationSettings.parseModels(text) } catch let error as EcoError {
                throw ConfigurationError(error.message)
            }
        }
        if let text = value("oceanAlertClasses") {
            configuration.entryClassification.alertClasses = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        if let text = value("oceanAlertThreshold") {
            configuration.entryClassification.threshold = try Self.number(text, key: "oceanAlertThreshold", 0...1)
        }
        // Webhooks (docs/webhooks.md); ECOTRACK_WEBHOOK_ALLOW is accepted as a shorter environment name.
        if let prefixes = flags["webhookAllowList"] ?? environment["ECOTRACK_WEBHOOK_ALLOW_LIST"] ?? environment["ECOTRACK_WEBHOOK_ALLOW"] ?? file["webhookAllowList"] {
            configuration.webhookAllowList = prefixes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let wrong = configuration.webhookAllowList.first(where: { !WebhookAllowList.isValidPrefix($0) }) {
                throw ConfigurationError("webhookAllowList entries must be http(s) URL prefixes with a host, e.g. https://hooks.example.org/; got '\(wrong)'.")
            }
        }
        if let attempts = try int("webhookMaxAttempts", 1...100_000) { configuration.webhookDelivery.maxAttempts = attempts }
        if let seconds = try int("webhookTimeoutSeconds", 1...300) { configuration.webhookDelivery.timeout = .seconds(seconds) }
        // EcoTrack's own compute footprint (docs/carbon.md).
        if let organization = value("footprintOrganization") {
            guard !organization.trimmingCharacters(in: .whitespaces).isEmpty else { throw ConfigurationError("footprintOrganization must not be empty.") }
            configuration.footprint.organization = organization
        }
        if let region = value("footprintRegion") {
            guard !region.isEmpty, !region.contains(where: \.isWhitespace) else {
                throw ConfigurationError("footprintRegion must be a grid region code such as FR, US-CAMX or gcp:europe-west1, got '\(region)'.")
            }
            configuration.footprint.region = region
        }
        if let text = value("footprintWattsPerCpu") { configuration.footprint.wattsPerCPU = try Self.number(text, key: "footprintWattsPerCpu", 0.01...1000) }
        if let text = value("footprintPue") { configuration.footprint.pue = try Self.number(text, key: "footprintPue", 1...5) }
        if let seconds = try int("footprintRecordSeconds", 0...604_800) { configuration.footprint.recordSeconds = seconds }
        // Plain-language explanations of recommendations (docs/carbon.md): a URL and a model, or neither.
        if let endpoint = try Self.chatEndpoint(url: ("explanationUrl", value("explanationUrl")), model: ("explanationModel", value("explanationModel"))) {
            (configuration.explanationURL, configuration.explanationModel) = (endpoint.url, endpoint.model)
        }
        if let key = value("explanationApiKey"), !key.isEmpty { configuration.explanationAPIKey = key }
        if let seconds = try int("explanationTimeoutSeconds", 1...600) { configuration.explanationTimeoutSeconds = seconds }
        // Enrichment of image entries by a vision chat model (docs/ocean.md): a URL and a model, or neither.
        if let endpoint = try Self.chatEndpoint(url: ("enrichmentUrl", value("enrichmentUrl")), model: ("enrichmentModel", value("enrichmentModel"))) {
            (configuration.enrichmentURL, configuration.enrichmentModel) = (endpoint.url, endpoint.model)
        }
        if let key = value("enrichmentApiKey"), !key.isEmpty { configuration.enrichmentAPIKey = key }
        if let rate = try int("enrichmentRequestsPerMinute", 1...10_000) { configuration.enrichmentRequestsPerMinute = rate }
        if let attempts = try int("enrichmentMaxAttempts", 1...100) { configuration.enrichmentRetry.maxAttempts = attempts }
        if let seconds = try int("enrichmentTimeoutSeconds", 1...600) { configuration.enrichmentRetry.timeout = .seconds(seconds) }
        // Tracing (docs/deployment.md): spans go to an OTLP/HTTP collector only when its URL is given.
        if let endpoint = value("otlpEndpoint"), !endpoint.isEmpty {
            guard WebhookAllowList.isValidPrefix(endpoint), !endpoint.contains("?") else {
                throw ConfigurationError("otlpEndpoint must be an http(s) URL with a host and no query, e.g. http://otel-collector:4318; got '\(endpoint)'.")
            }
            configuration.otlpEndpoint = endpoint
        }
        if let name = value("otlpServiceName") {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ConfigurationError("otlpServiceName must not be empty.") }
            configuration.otlpServiceName = name
        }
        if let seconds = try int("objectSweepSeconds", 0...604_800) { configuration.objectSweepSeconds = seconds }
        if let seconds = try int("objectGraceSeconds", 60...2_592_000) { configuration.objectGraceSeconds = seconds }
        if let template = value("mapTiles"), !template.isEmpty { configuration.mapTiles = try MapTileSettings(urlTemplate: template) }
        if let attribution = value("mapTilesAttribution"), !attribution.isEmpty { configuration.mapTilesAttribution = attribution }
        if let level = value("logLevel") {
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains(level) else { throw ConfigurationError("logLevel must be one of \(levels.joined(separator: ", ")), got '\(level)'.") }
            configuration.logLevel = level
        }
        return configuration
    }
}

extension ConfigurationSources {
    /// An OpenAI-compatible chat endpoint's URL and model, given by their keys and values: both (answered), or
    /// neither (nil); one without the other, or a URL that is not http(s) with a host, is an error naming the keys.
    static func chatEndpoint(url: (key: String, value: String?), model: (key: String, value: String?)) throws -> (url: String, model: String)? {
        if let text = url.value, !WebhookAllowList.isValidPrefix(text) {
            throw ConfigurationError("\(url.key) must be an http(s) URL with a host, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1; got '\(text)'.")
        }
        switch (url.value, model.value.flatMap { $0.isEmpty ? nil : $0 }) {
        case let (url?, model?): return (url, model)
        case (nil, nil): return nil
        case (nil, _?): throw ConfigurationError("\(model.key) is set without \(url.key); give the endpoint's URL too, or remove \(model.key).")
        case (_?, nil):
            throw ConfigurationError("\(url.key) is set without \(model.key); name the model the endpoint should use (e.g. \(model.key): gpt-4o-mini).")
        }
    }

    /// A decimal number in `range`, or an error naming the key.
    static func number(_ text: String, key: String, _ range: ClosedRange<Double>) throws -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, range.contains(value) else {
            throw ConfigurationError("\(key) must be a number from \(range.lowerBound) to \(range.upperBound), got '\(text)'.")
        }
        return value
    }
}

/// A configuration problem, with the sentence to show.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The subset of YAML EcoTrack's config file uses: `key: value` lines, `#` comments, optional quotes.
enum FlatYAML {
    static func parse(_ text: String, path: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = withoutComment(rawLine).trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed == "---" { continue }
            guard let colon = trimmed.firstIndex(of: ":"), !rawLine.hasPrefix(" ") else {
                throw ConfigurationError("\(path):\(number + 1): expected 'key: value' at the top level (nested keys are not supported).")
            }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            result[key] = value
        }
        return result
    }

    /// The line up to a `#` that is outside quotes.
    private static func withoutComment(_ line: Substring) -> Substring {
        var quote: Character?
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                return line[..<index]
            }
        }
        return line
    }
}
