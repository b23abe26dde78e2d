import EcoCore
import EcoStore
import Prometheus

/// Every metric EcoTrack exports, named once (names from the specification).
public final class EcoMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    public static let durationBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// `http_requests_total{method,route,status}`.
    public func requestCompleted(method: String, route: String, status: Int, seconds: Double) {
        registry.makeCounter(name: "http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeValueHistogram(name: "http_request_duration_seconds", labels: [("method", method), ("route", route)], buckets: Self.durationBuckets)
            .record(seconds)
    }

    /// `data_ingestion_events_total{format,outcome}`: records accepted or rejected by ingest.
    public func ingested(format: String, accepted: Int, rejected: Int) {
        if accepted > 0 { registry.makeCounter(name: "data_ingestion_events_total", labels: [("format", format), ("outcome", "accepted")]).increment(by: Int64(accepted)) }
        if rejected > 0 { registry.makeCounter(name: "data_ingestion_events_total", labels: [("format", format), ("outcome", "rejected")]).increment(by: Int64(rejected)) }
    }

    /// `store_operation_duration_seconds{operation}`: time spent in the store.
    public func storeOperation(_ operation: String, seconds: Double) {
        registry.makeValueHistogram(name: "store_operation_duration_seconds", labels: [("operation", operation)], buckets: Self.durationBuckets)
            .record(seconds)
    }

    /// Runs `body` in a `store.<operation>` span (when tracing is on) and records its duration as
    /// `store_operation_duration_seconds{operation}` (when `metrics` is given).
    public static func timingStore<T>(_ metrics: EcoMetrics?, _ operation: String, isolation: isolated (any Actor)? = #isolation,
                                      _ body: () async throws -> T) async rethrows -> T {
        try await Traced.span("store.\(operation)", kind: .client, attributes: ["db.operation.name": .string(operation)], isolation: isolation) {
            let started = ContinuousClock.now
            defer { metrics?.storeOperation(operation, seconds: (ContinuousClock.now - started).seconds) }
            return try await body()
        }
    }

    /// `ml_inference_total{model}` rows predicted and `ml_inference_duration_seconds{model}` per request.
    public func inference(model: String, rows: Int, seconds: Double) {
        registry.makeCounter(name: "ml_inference_total", labels: [("model", model)]).increment(by: Int64(rows))
        registry.makeValueHistogram(name: "ml_inference_duration_seconds", labels: [("model", model)], buckets: Self.durationBuckets)
            .record(seconds)
    }

    /// `entry_classifications_total{outcome}`: new entries classified by image models (`classified`) or not (`failed`).
    public func entryClassified(outcome: String) {
        registry.makeCounter(name: "entry_classifications_total", labels: [("outcome", outcome)]).increment()
    }

    /// `compute_cpu_seconds_total`, `compute_energy_kwh_total` and `compute_emissions_kg_co2e_total{region}`:
    /// EcoTrack's own compute and its estimated energy and CO2e (``CarbonFootprint``), increased by these amounts.
    public func ownCompute(cpuSeconds: Double, kWh: Double, kgCO2e: Double, region: String) {
        registry.makeCounter(name: "compute_cpu_seconds_total").increment(by: cpuSeconds)
        registry.makeCounter(name: "compute_energy_kwh_total").increment(by: kWh)
        registry.makeCounter(name: "compute_emissions_kg_co2e_total", labels: [("region", region)]).increment(by: kgCO2e)
    }

    /// `observation_retention_rows_deleted_total` and `observation_retention_partitions_dropped_total`: what observation
    /// retention removed (rows on SQLite, whole month partitions with their rollups on PostgreSQL). Zero amounts
    /// still create the series, so they are exported from the start.
    public func observationRetention(rows: Int, partitions: Int) {
        registry.makeCounter(name: "observation_retention_rows_deleted_total").increment(by: Int64(rows))
        registry.makeCounter(name: "observation_retention_partitions_dropped_total").increment(by: Int64(partitions))
    }

    /// `alerts_opened_total{domain,severity}` or `alerts_resolved_total{domain}`: an alert this process opened or
    /// resolved (detection, the watches, the API); each change is counted by the process that committed it.
    public func alertChanged(domain: String, severity: String, opened: Bool, resolved: Bool) {
        if opened { registry.makeCounter(name: "alerts_opened_total", labels: [("domain", domain), ("severity", severity)]).increment() }
        if resolved { registry.makeCounter(name: "alerts_resolved_total", labels: [("domain", domain)]).increment() }
    }

    /// `background_jobs_ended_total{kind,status}`: training jobs (`kind="training"`: succeeded, failed, cancelled,
    /// released back to the queue) and carbon imports (`kind="carbon_import"`: succeeded, failed) this process ended.
    public func backgroundJobEnded(kind: String, status: String) {
        registry.makeCounter(name: "background_jobs_ended_total", labels: [("kind", kind), ("status", status)]).increment()
    }

    /// `enrichment_requests_total{outcome}`: requests this process sent to the vision chat endpoint (issue #18) and how
    /// each ended: `ok`, `unparsable` (an answer without the asked JSON), `rate_limited` (429), `server_error` (5xx),
    /// `timeout`, `network`, `refused` (another 4xx).
    public func enrichmentRequest(outcome: String) {
        registry.makeCounter(name: "enrichment_requests_total", labels: [("outcome", outcome)]).increment()
    }

    /// `enrichment_failures_total`: entries marked failed once their attempts ran out (or the image could not be sent).
    public func enrichmentFailed() {
        registry.makeCounter(name: "enrichment_failures_total").increment()
    }

    /// `object_store_swept_total{kind}`: what the object sweeper removed: `object` (unreferenced, past the grace period)
    /// or `incoming` (an interrupted upload's leftover). Zero amounts still create the series.
    public func objectsSwept(objects: Int, incoming: Int) {
        registry.makeCounter(name: "object_store_swept_total", labels: [("kind", "object")]).increment(by: Int64(objects))
        registry.makeCounter(name: "object_store_swept_total", labels: [("kind", "incoming")]).increment(by: Int64(incoming))
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

extension Duration {
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
