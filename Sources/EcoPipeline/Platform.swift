import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// The application services of one EcoTrack process over one store: the composition root below
/// HTTP. `ecotrack serve` puts routes in front of it, `ecotrack worker` runs its background services,
/// `ecotrack ingest` and `query` call it directly. The store is held here only to hand each service
/// the ports it uses; services never see the whole store.
public final class Platform: Sendable {
    /// The store, for composition (services get narrow ports) and for the HTTP layer's plain reads.
    public let store: any EcoStore
    public let configuration: EcoConfiguration
    public let metrics: EcoMetrics
    /// Wall-clock time of every service (tests move it).
    public let clock: WallClock
    public let variables: VariableRegistry
    /// Where alerts change (detection, hotspots, acknowledgements).
    public let alerts: AlertBook
    /// Loaded models and cached predictions.
    public let models: ModelServing
    /// ONNX image models: registration, loading by reference, prediction (issue #18).
    public let imageModels: ImageModels
    /// One follower of the event log per process, fanning new events out to live streams.
    public let events: EventBroadcaster
    public let trainingJobs: TrainingJobRunner
    public let webhooks: WebhookDispatcher
    /// Carbon accounting, imports, insight and recommendations (issue #14).
    public let carbon: CarbonServices
    /// Data entries and their files (issue #18).
    public let entries: EntryService
    /// Labelled, versioned datasets made from entries (issue #18).
    public let datasets: DatasetService
    /// Where entry files (and later model artefacts) live; nil when none was given (entries then carry no files).
    public let objects: (any ObjectStore)?
    /// Vision-model tags and descriptions of image entries; nil unless an endpoint is configured (and files are stored).
    public let enrichment: EntryEnrichmentService?
    /// Removes unreferenced objects and interrupted uploads past the grace period; nil without object storage or with a zero interval.
    public let objectSweeper: ObjectSweeper?
    /// The estimate of this process's own compute footprint (metrics and hourly activities).
    public let footprint: CarbonFootprint
    /// This process's name in consumer leases: host, process id and a random suffix.
    public let instanceID: String
    /// Spans of requests, store calls and background jobs; nil (no spans, no cost) unless an OTLP endpoint is configured.
    public let tracer: EcoTracer?
    /// The process's logger, for services built beside the platform (the HTTP layer's shared limits).
    public let logger: Logger

    /// Loads user-registered variables from the store and builds the services.
    public init(store: any EcoStore, configuration: EcoConfiguration, metrics: EcoMetrics = EcoMetrics(), clock: WallClock = .system,
                logger: Logger = Logger(label: "ecotrack"), objects: (any ObjectStore)? = nil) async throws {
        self.store = store
        self.objects = objects
        entries = EntryService(entries: store, objects: objects, events: store, clock: clock, maxBytes: Int64(configuration.maxEntryBytes), logger: logger)
        datasets = DatasetService(entries: store, datasets: store, clock: clock)
        self.configuration = configuration
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        tracer = configuration.otlpEndpoint == nil ? nil : EcoTracer(queue: SpanQueue(capacity: configuration.tracingQueueCapacity))
        instanceID = "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8).lowercased())"
        variables = try await VariableRegistry(store: store)
        alerts = AlertBook(store: store, clock: clock, metrics: metrics)
        models = ModelServing()
        imageModels = ImageModels(registry: store, objects: objects, clock: clock)
        events = EventBroadcaster(log: store)
        trainingJobs = TrainingJobRunner(jobs: store, stores: store, variables: variables, clock: clock, logger: logger, holder: instanceID,
                                         metrics: metrics, objects: objects)
        webhooks = WebhookDispatcher(store: store, allowList: WebhookAllowList(configuration.webhookAllowList),
                                     policy: configuration.webhookDelivery, metrics: metrics, clock: clock, logger: logger, holder: instanceID)
        carbon = CarbonServices(store: store, alerts: alerts, clock: clock, batchSize: configuration.ingestBatchSize,
                                watchInterval: .milliseconds(Int64(configuration.hotspotCheckSeconds * 1000)),
                                explanation: configuration.explanation, logger: logger, holder: instanceID, metrics: metrics)
        footprint = CarbonFootprint(settings: configuration.footprint, carbon: carbon, metrics: metrics, clock: clock, instance: instanceID, logger: logger)
        if let settings = configuration.enrichment, let objects {
            enrichment = EntryEnrichmentService(entries: store, objects: objects, log: store, settings: settings, metrics: metrics, clock: clock,
                                                holder: instanceID, logger: logger)
        } else {
            if configuration.enrichment != nil {
                logger.warning("enrichment is configured but no object store is: image entries carry no files, so none is enriched")
            }
            enrichment = nil
        }
        if let objects, configuration.objectSweepSeconds > 0 {
            // Every table that names objects: entries' files, registered models' ONNX artefacts (models are few:
            // a listing is cheap) and training jobs' latest checkpoints.
            let references: [ObjectSweeper.ReferenceCount] = [
                { [store] in try await store.entryReferences(sha256: $0) },
                { [store] sha256 in try await store.modelVersions(named: nil).filter { $0.artifactKey == sha256 }.count },
                { [store] in try await store.checkpointReferences(key: $0) },
            ]
            objectSweeper = ObjectSweeper(objects: objects, references: references,
                                          grace: .seconds(configuration.objectGraceSeconds), interval: .seconds(configuration.objectSweepSeconds),
                                          metrics: metrics, clock: clock, logger: logger)
        } else {
            objectSweeper = nil
        }
    }

    /// The current variable catalogue.
    public var catalogue: VariableCatalogue { variables.catalogue }

    public var observationReads: ObservationReads {
        ObservationReads(observations: store, variables: variables, maxPageSize: configuration.maxPageSize, metrics: metrics)
    }

    public var timeseries: TimeseriesQuery { TimeseriesQuery(observations: store, variables: variables) }

    public var cellAggregation: CellAggregation { CellAggregation(observations: store, variables: variables) }

    public var forecasts: ForecastService { ForecastService(store: store, variables: variables) }

    public var airQuality: AirQualityService { AirQualityService(observations: store, variables: variables) }

    public var airQualityForecast: AirQualityForecast { AirQualityForecast(forecasts: forecasts, observations: store, variables: variables) }

    public var droughtIndices: DroughtIndexService { DroughtIndexService(observations: store, variables: variables) }
    public var cropMonitoring: CropMonitoringService { CropMonitoringService(observations: store, variables: variables) }
    public var yieldForecast: YieldForecastService { YieldForecastService(observations: store, registry: store, yields: store) }
    public var yieldHistory: YieldHistoryService { YieldHistoryService(yields: store) }
    public var vectorRisk: VectorRiskService { VectorRiskService(observations: store, registry: store, models: models, variables: variables) }

    /// Population-weighted exposure over a polygon (issue #17).
    public var exposure: PolygonExposureService { PolygonExposureService(equity: equity, airQuality: airQuality, indicators: store) }

    /// Environmental justice scores and socio-economic indicators (issue #17).
    public var equity: EquityService {
        EquityService(indicators: store, observations: store, variables: variables, defaultWeights: configuration.equityWeights, clock: clock)
    }

    /// Climate scenario projections (issue #17).
    public var scenarios: ScenarioService { ScenarioService(projections: store, observations: store, variables: variables) }

    /// The context a training job runs in: what the runner gives each job (tests run kinds with it).
    public func trainingContext(modelName: String = "", jobID: String = "", progress: @escaping @Sendable (Int, Int) -> Bool = { _, _ in true },
                                log: @escaping @Sendable (String) -> Void = { _ in }) -> TrainingJobContext {
        TrainingJobContext(store: store, catalogue: catalogue, clock: clock, modelName: modelName, objects: objects, jobID: jobID,
                           progress: progress, log: log)
    }

    /// A pipeline for one ingest body (or file): decode, validate, store in batches.
    public func ingest(format: ObservationFormat, atomic: Bool = false, organization: String = "") -> IngestPipeline {
        IngestPipeline(format: format, catalogue: catalogue, store: store, batchSize: configuration.ingestBatchSize, atomic: atomic,
                       organization: organization, nowMs: clock.nowMs(), metrics: metrics)
    }

    /// Detection on ingest: in the whole log with one partition, else in partitions spread over the processes.
    var detection: any Service {
        detection(partitions: configuration.detectionPartitionCount, holder: instanceID)
    }

    /// Detection in `partitions` partitions by `holder` (tests run two holders and shorten the leases).
    func detection(partitions: Int, holder: String, leaseTTLMs: Int64 = DetectionService.defaultLeaseTTLMs) -> any Service {
        let make = { (partition: DetectionPartition) in
            DetectionService(ports: .init(log: self.store, observations: self.store, rules: self.store), book: self.alerts, variables: self.variables,
                             clock: self.clock, configuration: self.configuration, holder: holder, logger: self.logger, partition: partition,
                             leaseTTLMs: leaseTTLMs)
        }
        guard partitions > 1 else { return make(.whole) }
        return PartitionedDetectionService(partitions: partitions, log: store, holder: holder, clock: clock, logger: logger, detection: make)
    }

    /// The background work of a process: the event broadcaster, forecast refresh, event retention,
    /// observation retention (when configured), training jobs, webhooks, entry classification (when models are assigned),
    /// the object sweeper and entry enrichment (when configured), plus detection, hotspot, air quality and drought alerts
    /// when `configuration.detection` is on.
    public func backgroundServices() -> [any Service] {
        var services: [any Service] = [
            events,
            ForecastRefreshService(forecasts: forecasts, interval: .seconds(60), clock: clock, logger: logger),
            EventRetentionService(log: store, retention: configuration.eventRetention, interval: .seconds(3600), clock: clock, logger: logger),
            webhooks,
            trainingJobs,
            carbon.imports,
            footprint,
        ]
        if let objectSweeper { services.append(objectSweeper) }
        if let enrichment { services.append(enrichment) }
        if configuration.observationRetentionDays > 0 {
            services.append(ObservationRetentionService(store: store, days: configuration.observationRetentionDays, metrics: metrics, clock: clock,
                                                        logger: logger))
        }
        if configuration.detection {
            services.append(detection)
            services.append(HotspotWatchService(alerts: store, book: alerts, cells: cellAggregation, variables: variables, clock: clock,
                                                configuration: configuration, logger: logger))
            services.append(carbon.watch)
            services.append(AirQualityWatchService(observations: store, alerts: store, book: alerts, variables: variables, clock: clock,
                                                   configuration: configuration, logger: logger))
            services.append(DroughtWatchService(observations: store, alerts: store, book: alerts, variables: variables, clock: clock,
                                                configuration: configuration, logger: logger))
        }
        if configuration.entryClassification.isOn {
            services.append(EntryClassificationService(log: store, entries: entries, models: imageModels, book: alerts,
                                                       settings: configuration.entryClassification, metrics: metrics, clock: clock,
                                                       holder: instanceID, logger: logger))
        }
        if configuration.demo { services.append(CarbonDemoFeed(carbon: carbon, clock: clock, delay: .seconds(120), logger: logger)) }
        guard let tracer, let endpoint = configuration.otlpEndpoint else { return services }
        // The exporter first: services stop in reverse order, so it sends what the others ended last.
        let exporter = OTLPExporter(endpoint: endpoint, serviceName: configuration.otlpServiceName, queue: tracer.queue,
                                    interval: configuration.tracingFlushInterval, metrics: metrics, logger: logger)
        return [exporter] + services.map { TracedService(service: $0, tracer: tracer) }
    }
}
