import EcoCore

/// One server setting: its config-file key, how to give it, its default and what it does.
///
/// `ecotrack serve --help` and docs/configuration.md are both rendered from ``ConfigurationSettings/all``.
public struct ConfigurationSetting: Sendable {
    /// The key in `ecotrack.yaml` (and of `--set KEY=VALUE`).
    public let key: String
    /// The dedicated flag of `ecotrack serve`, when there is one (`--port`); others take `--set KEY=VALUE`.
    public let flag: String?
    /// The environment variable, `ECOTRACK_` and the key in upper snake case.
    public var environment: String { ConfigurationSources.environmentName(key) }
    /// The default, read from ``EcoConfiguration``'s own defaults so the two cannot disagree.
    public let defaultText: @Sendable (EcoConfiguration) -> String
    /// A valid value that is not the default (tests set it through every source; the docs show it).
    public let example: String
    /// What the setting does, with its unit and range.
    public let summary: String

    /// How to set it on the command line.
    public var flagSpelling: String { flag ?? "--set \(key)=…" }
}

/// Every setting `ecotrack serve` reads, in the order the docs list them.
public enum ConfigurationSettings {
    public static let all: [ConfigurationSetting] = [
        s("host", flag: "--host", "0.0.0.0", "Address to bind; 127.0.0.1 keeps the server local, 0.0.0.0 opens it to the network.") { $0.host },
        s("port", flag: "--port", "9090", "TCP port to listen on (0–65535).") { "\($0.port)" },
        s("database", flag: "--database", "sqlite:/var/lib/ecotrack/db.sqlite?durability=normal",
          "The store: a SQLite file path, or a URL with the adapter's options (durability full, the default, fsyncs every commit).") { $0.database },
        s("objectStore", flag: "--object-store", "/var/lib/ecotrack/objects",
          "Where entry files and model artefacts are stored: a directory (content-addressed files).") {
            $0.objectStore ?? "objects/ beside a SQLite database (./data/objects)"
        },
        s("maxEntryBytes", "1073741824", "Largest file one data entry may carry, in bytes (1 KiB–1 TiB); uploads are streamed to storage.") {
            "\($0.maxEntryBytes)"
        },
        s("demo", flag: "--demo", "true", "Seed the demo dataset on first start, open public reads and print a demo admin key.") { "\($0.demo)" },
        s("logLevel", "debug", "trace, debug, info, notice, warning, error or critical (JSON lines on standard error).") { $0.logLevel },
        s("maxIngestBytes", "1048576", "Largest ingest request body, in bytes (1 KiB–1 TiB).") { "\($0.maxIngestBytes)" },
        s("maxRequestBytes", "2097152", "Largest body of other JSON requests, in bytes (1 KiB–1 GiB).") { "\($0.maxRequestBytes)" },
        s("ingestBatchSize", "5000", "Records per store transaction while streaming an ingest body (1–1,000,000).") { "\($0.ingestBatchSize)" },
        s("maxPageSize", "500", "Most rows a JSON page returns (1–1,000,000); NDJSON and CSV exports are not capped.") { "\($0.maxPageSize)" },
        s("queryTimeoutSeconds", "5", "Longest a store read may run before it is stopped with 503, in seconds (1–86,400).") { "\($0.queryTimeoutSeconds)" },
        s("publicRead", "true", "Anonymous callers may read public data (read:public).") { _ in "false (true with demo)" },
        s("metricsToken", "scrape-secret", "Bearer token that may scrape /metrics; without one, /metrics is open only on a loopback host.") {
            $0.metricsToken ?? "none"
        },
        s("jwtSecret", "0123456789abcdef0123456789abcdef", "HS256 secret for session tokens, 32 bytes or more.") {
            $0.jwtSecret ?? "random, per process"
        },
        s("sessionTokenSeconds", "3600", "Lifetime of a session token from POST /api/v1/auth/login, in seconds (60–86,400).") { "\($0.sessionTokenSeconds)" },
        s("rateLimits", "false", "Enforce the per-tier rate limits (docs/security.md).") { "\($0.rateLimits)" },
        s("maxConcurrentRequests", "4", "Requests one viewer, analyst, API consumer or anonymous caller may have in flight (1–10,000).") {
            "\($0.maxConcurrentRequests)"
        },
        s("maxConcurrentRequestsOperators", "32", "The same for admins and contributors writing data (1–10,000).") { "\($0.maxConcurrentRequestsOperators)" },
        s("concurrencyQueueSeconds", "5", "How long a request over its caller's concurrency limit waits for a slot before 429, in seconds (0–60).") {
            "\(Int($0.concurrencyQueueSeconds))"
        },
        s("corsOrigins", "https://dash.example.org", "Browser origins allowed by CORS, comma-separated (* for any).") {
            $0.corsOrigins.isEmpty ? "none" : $0.corsOrigins.joined(separator: ",")
        },
        s("trustForwardedFor", "true", "Take the client address from X-Forwarded-For; only behind a proxy you control.") { "\($0.trustForwardedFor)" },
        s("hsts", "true", "Send Strict-Transport-Security (when a TLS proxy fronts the server).") { "\($0.hsts)" },
        s("mapTiles", flag: "--map-tiles", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
          "Raster tiles ({z}/{x}/{y}, Web Mercator, one host) the dashboard draws under its map when the browser reaches them; their origin is added to the Content-Security-Policy's img-src. Unset: the built-in world outline only (docs/dashboard.md).") {
            $0.mapTiles?.urlTemplate ?? "none"
        },
        s("mapTilesAttribution", "© OpenStreetMap contributors", "Attribution shown on the map over the tiles, as the tile provider's terms ask.") {
            $0.mapTilesAttribution ?? "the tile host's name"
        },
        s("detection", "false", "Run anomaly detection and threshold rules on ingested data in the background (docs/alerts.md).") { "\($0.detection)" },
        s("alertMinimumSeverity", "warning", "Anomalies at or above this severity (info, warning, critical) raise alerts; all are recorded.") {
            $0.alertMinimumSeverity
        },
        s("silenceCheckSeconds", "30", "How often detection looks for real-time series that fell silent, in seconds (1–86,400).") {
            "\(Int($0.silenceCheckSeconds))"
        },
        s("detectionPartitions", "16",
          "Partitions of detection (1–256), spread over the processes sharing a store; the same in every process (docs/scale-out.md).") {
            $0.detectionPartitions.map(String.init) ?? "1 on SQLite, 8 on PostgreSQL"
        },
        s("hotspotCheckSeconds", "600", "How often hotspot alerts compute Getis-Ord Gi*, in seconds (1–86,400).") { "\(Int($0.hotspotCheckSeconds))" },
        s("hotspotWindowMinutes", "120", "The recent window hotspot alerts look at, in minutes (1–525,600).") { "\($0.hotspotWindowMinutes)" },
        s("hotspotResolution", "7", "H3 resolution of hotspot alerts (0–15).") { "\($0.hotspotResolution)" },
        s("hotspotRings", "2", "Neighbour rings of hotspot alerts (1–5).") { "\($0.hotspotRings)" },
        s("airQualityCheckSeconds", "600", "How often air quality alerts compute each cell's AQI, in seconds (1–86,400).") {
            "\(Int($0.airQualityCheckSeconds))"
        },
        s("airQualityResolution", "6", "H3 resolution of air quality alerts (0–15).") { "\($0.airQualityResolution)" },
        s("airQualityAlertCategory", "unhealthy", "AQI category from which a cell holds an alert: moderate, usg, unhealthy, very-unhealthy or hazardous.") { _ in
            "usg"
        },
        s("droughtCheckSeconds", "7200", "How often drought alerts compute each cell's SPI, in seconds (1–604,800).") { "\(Int($0.droughtCheckSeconds))" },
        s("droughtResolution", "6", "H3 resolution of drought alerts (0–15).") { "\($0.droughtResolution)" },
        s("droughtScale", "6", "SPI accumulation period of drought alerts, in months (1–72).") { "\($0.droughtScale)" },
        s("droughtAlertCategory", "extremely-dry", "WMO drought class from which a cell holds an alert: moderately-dry, severely-dry or extremely-dry.") { _ in
            "severely-dry"
        },
        s("equityWeights", "pm25:0.4,ozone:0.2,heat:0.2,drought:0.2",
          "Default weights of environmental justice scores, name:weight,… (each group named sums to 1); empty: equal weights.") {
            $0.equityWeights.isEmpty ? "equal" : $0.equityWeights
        },
        s("eventRetentionDays", "30", "Days of events the event log keeps (0: no age limit).") { "\($0.eventRetentionDays)" },
        s("eventRetentionCount", "1000000", "Most events the event log keeps (0: no count limit).") { "\($0.eventRetentionCount)" },
        s("observationRetentionDays", "400",
          "Days of observations kept, as whole UTC months with their rollups: PostgreSQL drops a month's partitions, SQLite deletes its rows in batches (0: kept for ever; 0–36,500).") {
            "\($0.observationRetentionDays)"
        },
        s("entryModels", "image=ocean-plastic@champion,image=algae-bloom",
          "Registered ONNX image models that classify each new entry of a data type, DATATYPE=MODEL,… (docs/ocean.md); empty: no classification.") {
            $0.entryClassification.modelsText.isEmpty ? "none" : $0.entryClassification.modelsText
        },
        s("oceanAlertClasses", "heavy_plastic,high_bloom,oil_sheen", "Predicted classes that raise an ocean alert, comma-separated.") {
            $0.entryClassification.alertClasses.sorted().joined(separator: ",")
        },
        s("oceanAlertThreshold", "0.9", "Probability (0–1) from which a class in oceanAlertClasses raises an alert.") {
            NumberText.short($0.entryClassification.threshold)
        },
        s("webhookAllowList", "https://hooks.example.org/",
          "URL prefixes webhooks may call, comma-separated; empty disables webhooks (docs/webhooks.md). ECOTRACK_WEBHOOK_ALLOW is a shorter name.") {
            $0.webhookAllowList.isEmpty ? "none" : $0.webhookAllowList.joined(separator: ",")
        },
        s("webhookMaxAttempts", "10", "Delivery attempts per event before a webhook gives it up (1–100,000).") { "\($0.webhookDelivery.maxAttempts)" },
        s("webhookTimeoutSeconds", "5", "Timeout of one webhook delivery, in seconds (1–300).") {
            "\($0.webhookDelivery.timeout.components.seconds)"
        },
        s("footprintOrganization", "ops", "Organization under which the server records its own compute as carbon activities (docs/carbon.md).") {
            $0.footprint.organization
        },
        s("footprintRegion", "FR", "Grid region of the machine the server runs on (FR, US-CAMX, gcp:europe-west1); WORLD is the world average.") {
            $0.footprint.region
        },
        s("footprintWattsPerCpu", "4.5", "Average power per CPU for the own-footprint estimate, in watts (0.01–1,000).") { NumberText.short($0.footprint.wattsPerCPU) },
        s("footprintPue", "1.4", "Power usage effectiveness of the data centre for the own-footprint estimate (1–5).") { String($0.footprint.pue) },
        s("footprintRecordSeconds", "900", "How often the server records its compute as an activity, in seconds (0 records none; metrics stay; up to 604,800).") {
            "\($0.footprint.recordSeconds)"
        },
        s("explanationUrl", "http://127.0.0.1:11434/v1",
          "OpenAI-compatible chat API (base URL or …/chat/completions) that explains recommendations in plain language; needs explanationModel. Unset: nothing is sent.") {
            $0.explanationURL ?? "none (explanations off)"
        },
        s("explanationModel", "llama3.1:8b", "Model name sent to the explanation endpoint; needs explanationUrl.") { $0.explanationModel ?? "none" },
        s("explanationApiKey", "sk-local-0123", "Bearer key for the explanation endpoint, when it needs one.") { _ in "none" },
        s("explanationTimeoutSeconds", "10", "Longest wait for an explanation, in seconds (1–600).") { "\($0.explanationTimeoutSeconds)" },
        s("enrichmentUrl", "http://127.0.0.1:11434/v1",
          "OpenAI-compatible vision chat API (base URL or …/chat/completions) that gives image entries llm tags and a description in the background; needs enrichmentModel. Unset: no enrichment, nothing is sent (docs/ocean.md).") {
            $0.enrichmentURL ?? "none (enrichment off)"
        },
        s("enrichmentModel", "llava:13b", "Vision model name sent to the enrichment endpoint; needs enrichmentUrl.") { $0.enrichmentModel ?? "none" },
        s("enrichmentApiKey", "sk-local-0123", "Bearer key for the enrichment endpoint, when it needs one.") { _ in "none" },
        s("enrichmentRequestsPerMinute", "6", "Most enrichment requests started per minute by the deployment (1–10,000).") {
            "\($0.enrichmentRequestsPerMinute)"
        },
        s("enrichmentMaxAttempts", "3", "Requests per image (retried with backoff on 429, 5xx, timeouts and unusable answers) before the entry is marked failed (1–100).") {
            "\($0.enrichmentRetry.maxAttempts)"
        },
        s("enrichmentTimeoutSeconds", "20", "Longest wait for one enrichment answer, in seconds (1–600).") { "\($0.enrichmentRetry.timeout.components.seconds)" },
        s("objectSweepSeconds", "600", "How often the object sweeper removes unreferenced objects and interrupted uploads past the grace period, in seconds (0: never; up to 604,800).") {
            "\($0.objectSweepSeconds)"
        },
        s("objectGraceSeconds", "86400", "Age an unreferenced object or an interrupted upload must reach before the sweeper removes it, in seconds (60–2,592,000).") {
            "\($0.objectGraceSeconds)"
        },
        s("otlpEndpoint", "http://127.0.0.1:4318",
          "OpenTelemetry collector (OTLP/HTTP, base URL; spans go to …/v1/traces as JSON) receiving spans of requests, store calls and background jobs (docs/deployment.md). Unset: no tracing, nothing recorded.") {
            $0.otlpEndpoint ?? "none (tracing off)"
        },
        s("otlpServiceName", "ecotrack-eu-1", "service.name of the exported spans (one per deployment or role).") { $0.otlpServiceName },
        s("oidcJwksUrl", "https://id.example.org/.well-known/jwks.json",
          "JWKS URL of an OpenID Connect provider whose ES256, RS256 or EdDSA tokens are accepted (docs/security.md); needs oidcIssuer and oidcAudience.") {
            $0.externalTokens?.jwksURL ?? "none (provider tokens refused)"
        },
        s("oidcIssuer", "https://id.example.org/auth/v1", "The exact iss provider tokens must carry.") { $0.externalTokens?.issuer ?? "none" },
        s("oidcAudience", "ecotrack", "An aud value provider tokens must include.") { $0.externalTokens?.audience ?? "none" },
        s("oidcRoleClaim", "app_metadata.role", "Dotted path of the claim whose value picks the role.") { _ in "role" },
        s("oidcRoleMap", "analyst=analyst,ops=admin", "Claim value → role pairs, comma-separated (viewer, analyst, contributor, api_consumer, admin).") { _ in "none" },
        s("oidcDefaultRole", "viewer", "Role of a token whose role claim is absent or unmapped; none refuses such tokens.") { _ in "none" },
        s("oidcOrganizationClaim", "app_metadata.org", "Dotted path of the claim naming the user's organization.") { _ in "organization" },
        s("oidcEmailClaim", "user.email", "Dotted path of the claim with the user's e-mail, for the audit log.") { _ in "email" },
        s("oidcTier", "institutional", "Quota tier of provider users (free, researcher, institutional).") { _ in "free" },
        s("oidcCacheSeconds", "120", "How long fetched keys are used when the JWKS answer has no max-age, in seconds.") { _ in "600" },
        s("oidcRefetchSeconds", "5", "Shortest time between two fetches caused by an unknown key id, in seconds.") { _ in "30" },
    ]

    /// Keys that only take effect beside others (the provider keys need the JWKS URL, issuer,
    /// audience and a role source), with values to give alongside when one of them is set alone.
    public static let companions: [String: String] = [
        "oidcJwksUrl": "https://id.example.org/keys", "oidcIssuer": "https://id.example.org", "oidcAudience": "authenticated",
        "oidcDefaultRole": "analyst",
        "explanationUrl": "http://127.0.0.1:8000/v1", "explanationModel": "local-model",
        "enrichmentUrl": "http://127.0.0.1:8000/v1", "enrichmentModel": "local-vision-model",
    ]

    /// The config file itself: not a key of the file, so only a flag and an environment variable.
    public static let configFile = (flag: "--config", environment: "ECOTRACK_CONFIG", defaultText: "ecotrack.yaml, when present")

    /// The setting with `key`, if there is one.
    public static func named(_ key: String) -> ConfigurationSetting? { all.first { $0.key == key } }

    /// Plain-text lines for `ecotrack serve --help`: key, flag, environment variable, default and summary.
    public static func helpText() -> String {
        let defaults = EcoConfiguration()
        var lines = ["Settings (flag > environment variable > config file > default; docs/configuration.md):"]
        lines.append("  \(configFile.flag) / \(configFile.environment)  (default \(configFile.defaultText)): the config file.")
        for setting in all {
            lines.append("  \(setting.key): \(setting.flagSpelling) / \(setting.environment)  (default \(setting.defaultText(defaults)))")
            lines.append("      \(setting.summary)")
        }
        return lines.joined(separator: "\n")
    }

    /// docs/configuration.md, whole (`ecotrack serve --settings-markdown` prints it).
    public static func markdown() -> String {
        let defaults = EcoConfiguration()
        var text = """
            # Configuration

            <!-- Generated from Sources/EcoPipeline/Configuration/ConfigurationSettings.swift by
                 `ecotrack serve --settings-markdown > docs/configuration.md`; a test fails when they differ. -->

            `ecotrack serve` reads each setting from the strongest source that has it:
            command-line flag > `ECOTRACK_*` environment variable > config file > default. The config file is
            `\(configFile.flag) PATH`, else `\(configFile.environment)`, else `ecotrack.yaml` in the working directory
            when present; it holds flat `key: value` lines (`#` comments, optional quotes). Settings without a
            flag of their own take `--set KEY=VALUE` (repeatable). A value of the wrong type or out of range
            stops the server with a message naming the key.

            | Key (`ecotrack.yaml`) | Flag | Environment | Default | Example | What it does |
            |---|---|---|---|---|---|

            """
        for setting in all {
            let cells = [
                "`\(setting.key)`", "`\(setting.flagSpelling)`", "`\(setting.environment)`", "`\(setting.defaultText(defaults))`",
                "`\(setting.example)`", setting.summary,
            ]
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }

    private static func s(_ key: String, flag: String? = nil, _ example: String, _ summary: String,
                          default defaultText: @escaping @Sendable (EcoConfiguration) -> String) -> ConfigurationSetting {
        ConfigurationSetting(key: key, flag: flag, defaultText: defaultText, example: example, summary: summary)
    }
}
