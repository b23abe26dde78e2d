import EcoAnalytics
import EcoCore
import EcoStore

/// Everything `ecotrack serve` needs to start, as plain values (read once, passed down).
public struct EcoConfiguration: Sendable, Equatable {
    /// Address to bind; `127.0.0.1` keeps the server local, `0.0.0.0` opens it to the network.
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// The store: a SQLite file path, or a URL with the adapter's options (`sqlite:PATH?durability=normal`,
    /// later `postgres://…`); opened by the executable's store factory.
    public var database: String = "./data/ecotrack.sqlite"
    /// Where entry files and model artefacts live (issue #18): a directory, or a URL an object-store adapter
    /// understands; nil puts them in `objects/` beside a SQLite database (see `ObjectStoreLocation`).
    public var objectStore: String? = nil
    /// Largest file one data entry may carry, in bytes; uploads are streamed, never held in memory.
    public var maxEntryBytes: Int = 100 * 1024 * 1024
    /// Seed the demo dataset on first start.
    public var demo: Bool = false
    /// Largest accepted request body for ingest, in bytes.
    public var maxIngestBytes: Int = 256 * 1024 * 1024
    /// Largest accepted body for ordinary JSON requests, in bytes.
    public var maxRequestBytes: Int = 1024 * 1024
    /// Records per store transaction while streaming an ingest body.
    public var ingestBatchSize: Int = 20_000
    /// trace, debug, info, notice, warning, error, critical.
    public var logLevel: String = "info"
    /// Most rows a JSON page returns; NDJSON/CSV exports are not capped.
    public var maxPageSize: Int = 10_000
    /// Anonymous callers may read public data (read:public); on by default with `demo`.
    public var publicRead: Bool = false
    /// Bearer token that may scrape /metrics; without one, /metrics is open only on a loopback host.
    public var metricsToken: String? = nil
    /// HS256 secret for session tokens (32+ bytes); when unset a random one is made per process.
    public var jwtSecret: String? = nil
    /// Lifetime of a session token from POST /api/v1/auth/login, in seconds.
    public var sessionTokenSeconds: Int = 900
    /// JWTs of an OpenID Connect provider, verified against its JWKS; nil accepts only EcoTrack's own credentials.
    public var externalTokens: ExternalTokenSettings? = nil
    /// Enforce the per-tier rate limits.
    public var rateLimits: Bool = true
    /// Requests one caller may have in flight at once (viewers, analysts, API consumers, anonymous).
    public var maxConcurrentRequests: Int = 8
    /// The same for operators: admins, and contributors writing data (a device gateway on many connections).
    public var maxConcurrentRequestsOperators: Int = 64
    /// How long a request over its caller's concurrency limit waits for a slot before 429, in seconds.
    public var concurrencyQueueSeconds: Double = 2
    /// Longest a store read may run before it is stopped and answered with 503 (the per-request query timeout).
    public var queryTimeoutSeconds: Int = 30
    /// Browser origins allowed by CORS (`*` for any); empty allows none.
    public var corsOrigins: [String] = []
    /// Take the client address from X-Forwarded-For; only behind a proxy you control.
    public var trustForwardedFor: Bool = false
    /// Send Strict-Transport-Security (when a TLS proxy fronts the server).
    public var hsts: Bool = false
    /// Run anomaly detection and threshold rules on ingested data in the background.
    public var detection: Bool = true
    /// How often detection looks for real-time series that have fallen silent (dead sensors).
    public var silenceCheckSeconds: Double = 60
    /// Partitions of detection, spread over the processes on one store (docs/scale-out.md); nil: the
    /// default of the store (``detectionPartitionCount``). Every process on a store must use the same.
    public var detectionPartitions: Int?
    /// The partitions detection runs in: `detectionPartitions`, else 1 on a SQLite file (one process runs
    /// everything) and 8 on PostgreSQL (so that up to 8 processes share detection).
    public var detectionPartitionCount: Int {
        detectionPartitions ?? (database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") ? 8 : 1)
    }
    /// Hotspot alerts (with `detection`): how often Gi* is computed, over which recent window, at which
    /// H3 resolution and with how many neighbour rings.
    public var hotspotCheckSeconds: Double = 300
    public var hotspotWindowMinutes: Int = 60
    public var hotspotResolution: Int = 6
    public var hotspotRings: Int = 1
    /// Air quality alerts (with `detection`): how often cells' AQI is computed, at which H3 resolution, and the
    /// category from which a cell holds an alert.
    public var airQualityCheckSeconds: Double = 300
    public var airQualityResolution: Int = 7
    public var airQualityAlertCategory: AQICategory = .unhealthyForSensitiveGroups
    /// Drought alerts (with `detection`): how often cells' SPI is computed, at which H3 resolution and scale
    /// (months), and the WMO drought class from which a cell holds an alert.
    public var droughtCheckSeconds: Double = 3600
    public var droughtResolution: Int = 7
    public var droughtScale: Int = 3
    public var droughtAlertCategory: DroughtCategory = .severelyDry
    /// Default weights of environmental justice scores, `name:weight,…` (docs/domains.md); empty gives equal
    /// weights within each group. A request's `weights` replaces them.
    public var equityWeights: String = ""
    /// Anomalies at or above this severity (info, warning, critical) raise alerts; all are recorded.
    public var alertMinimumSeverity: String = "info"
    /// Days of events the event log keeps (0: no age limit).
    public var eventRetentionDays: Int = 7
    /// Most events the event log keeps (0: no count limit).
    public var eventRetentionCount: Int = 10_000_000
    /// Days of observations kept, as whole UTC months with their rollups (0: kept for ever). A month goes once all
    /// of it is older: PostgreSQL drops its partitions, SQLite deletes its rows in batches (docs/scale-out.md).
    public var observationRetentionDays: Int = 0
    /// URL prefixes webhooks may be registered for and delivered to; empty disables webhooks (docs/webhooks.md).
    public var webhookAllowList: [String] = []
    /// Backoff, attempts and timeout of webhook deliveries.
    public var webhookDelivery = WebhookDeliveryPolicy()
    /// The estimate of EcoTrack's own compute footprint: organization, grid region, watts per CPU, PUE, recording period.
    public var footprint = OwnFootprintSettings()
    /// An OpenAI-compatible chat endpoint explaining recommendations: its URL and model (both, or neither),
    /// an optional key and the timeout. Without them nothing is sent anywhere.
    public var explanationURL: String? = nil
    public var explanationModel: String? = nil
    public var explanationAPIKey: String? = nil
    public var explanationTimeoutSeconds: Int = 30

    /// Image models that classify new entries per data type, and the classes that raise `ocean` alerts (issue #18,
    /// docs/ocean.md "Inference flow"); no models: no classification.
    public var entryClassification = EntryClassificationSettings()
    /// An OpenAI-compatible vision chat endpoint enriching image entries with tags and a description (docs/ocean.md):
    /// its URL and model (both, or neither), an optional key, the pace and the retries. Without them there is no enrichment.
    public var enrichmentURL: String? = nil
    public var enrichmentModel: String? = nil
    public var enrichmentAPIKey: String? = nil
    public var enrichmentRequestsPerMinute: Int = 30
    /// Backoff, attempts per image and the timeout of one request (tests shorten the backoff).
    public var enrichmentRetry = WebhookDeliveryPolicy(baseDelay: .seconds(2), maxDelay: .seconds(120), maxAttempts: 5, timeout: .seconds(60))
    /// How often the object sweeper looks for unreferenced objects and interrupted uploads, in seconds (0: never).
    public var objectSweepSeconds: Int = 3600
    /// How old an unreferenced object or an incoming leftover must be before the sweeper removes it, in seconds.
    public var objectGraceSeconds: Int = 3600

    /// The OpenTelemetry collector's OTLP/HTTP base URL; nil: no tracer, no spans (docs/deployment.md, "Tracing").
    public var otlpEndpoint: String? = nil
    /// `service.name` of the exported spans.
    public var otlpServiceName: String = "ecotrack"
    /// How often finished spans are sent (tests shorten it), and how many may wait before the oldest are dropped.
    public var tracingFlushInterval: Duration = .seconds(5)
    public var tracingQueueCapacity: Int = 8192

    /// Raster tiles the dashboard draws under its map when the browser reaches them; nil draws the built-in outline only.
    public var mapTiles: MapTileSettings? = nil
    /// The attribution shown over the tiles (the provider's terms); nil shows the tile host's name.
    public var mapTilesAttribution: String? = nil

    /// The explanation endpoint, when a URL and a model are configured.
    public var explanation: ExplanationSettings? {
        guard let explanationURL, let explanationModel else { return nil }
        return ExplanationSettings(url: explanationURL, model: explanationModel, apiKey: explanationAPIKey, timeoutSeconds: explanationTimeoutSeconds)
    }

    /// The enrichment endpoint, when a URL and a model are configured.
    public var enrichment: EnrichmentSettings? {
        guard let enrichmentURL, let enrichmentModel else { return nil }
        var settings = EnrichmentSettings(url: enrichmentURL, model: enrichmentModel, apiKey: enrichmentAPIKey)
        settings.requestsPerMinute = enrichmentRequestsPerMinute
        settings.retry = enrichmentRetry
        return settings
    }

    public init() {}
}
