import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Classifies new image entries in the background (issue #18): a named consumer (`entry-classification`) of the
/// event log's `ecotrack.ocean.entry-created` topic, run by one process at a time under a lease like detection.
/// For each new entry whose data type has models assigned (``EntryClassificationSettings``) it runs each model on
/// the entry's image, stores the result on the entry — `label` (the first model's most probable class),
/// `processed` true, and `metadata.classification.<model>` with version, label and probabilities — and raises an
/// `ocean` alert through ``AlertBook`` when a configured severe class reaches the threshold.
///
/// Ingest never waits for it. A failure (no model, an undecodable image, storage down) is logged and counted
/// (`entry_classifications_total{outcome="failed"}`), and the entry keeps `processed` false with
/// `metadata.classificationError` saying why; the consumer moves on, so one bad entry never blocks the rest.
public struct EntryClassificationService: Service {
    public static let consumer = "entry-classification"
    static let leaseTTLMs: Int64 = 15_000
    static let eventsPerRead = 32

    let log: any EventLog
    let entries: EntryService
    let models: ImageModels
    let book: AlertBook
    let settings: EntryClassificationSettings
    let metrics: EcoMetrics
    let clock: WallClock
    let holder: String
    let logger: Logger

    public init(log: any EventLog, entries: EntryService, models: ImageModels, book: AlertBook, settings: EntryClassificationSettings,
                metrics: EcoMetrics, clock: WallClock, holder: String, logger: Logger) {
        self.log = log
        self.entries = entries
        self.models = models
        self.book = book
        self.settings = settings
        self.metrics = metrics
        self.clock = clock
        self.holder = holder
        self.logger = logger
    }

    private static var leaseRenewal: Duration { .milliseconds(leaseTTLMs / 3) }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if (try? await log.acquireConsumerLease(Self.consumer, holder: holder, ttlMs: Self.leaseTTLMs, nowMs: clock.nowMs())) == true {
                await follow()
                try? await log.releaseConsumerLease(Self.consumer, holder: holder)
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.leaseRenewal) }
        }
    }

    /// Classifies while this process holds the lease, committing the offset after each batch.
    private func follow() async {
        var offset = ((try? await log.consumerOffset(Self.consumer)) ?? nil) ?? 0
        var leaseRenewedAt = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if ContinuousClock.now - leaseRenewedAt >= Self.leaseRenewal {
                    guard try await log.acquireConsumerLease(Self.consumer, holder: holder, ttlMs: Self.leaseTTLMs, nowMs: clock.nowMs()) else {
                        logger.warning("entry classification lease taken by another process; this one stops classifying")
                        return
                    }
                    leaseRenewedAt = ContinuousClock.now
                }
                let latest = try await log.latestEventOffset()
                let events = try await log.events(after: offset, topics: [EventTopic.entryCreated], limit: Self.eventsPerRead)
                for event in events { await classify(event) }
                let next = events.count < Self.eventsPerRead ? max(offset, latest) : events.last!.offset
                if next != offset {
                    try await log.commitConsumerOffset(Self.consumer, offset: next)
                    offset = next
                }
                if events.count < Self.eventsPerRead { _ = try await log.waitForEvents(after: offset, atMost: Self.leaseRenewal) }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("entry classification failed to read the event log", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
            }
        }
    }

    /// Classifies the entry of one `entry-created` event, if its data type has models; never throws.
    func classify(_ event: DomainEvent) async {
        guard case let .object(payload)? = JSONValue.parse(event.payloadJSON), case let .string(id)? = payload["entryId"],
              case let .string(typeText)? = payload["dataType"], let type = EntryDataType(rawValue: typeText),
              let references = settings.models[type], !references.isEmpty else { return }
        let entry: Entry
        do { entry = try await entries.entry(id: id) } catch {
            // Deleted before its turn came: nothing to classify.
            logger.debug("entry gone before classification", metadata: ["entry.id": "\(id)"])
            return
        }
        guard entry.label == nil || !entry.processed else { return }
        do {
            let image = try await models.imageBytes(of: entry)
            var results: [String: JSONValue] = [:]
            var label: String?
            var alerts: [AlertAction] = []
            for reference in references {
                let started = ContinuousClock.now
                let (loaded, predictions) = try await models.predict(reference, images: [image], topK: 5)
                metrics.inference(model: loaded.version.name, rows: 1, seconds: (ContinuousClock.now - started).seconds)
                let prediction = predictions[0]
                label = label ?? prediction.label
                results[loaded.version.name] = Self.document(prediction, model: loaded, atMs: clock.nowMs())
                alerts += severeAlerts(prediction, model: loaded, entry: entry)
            }
            let change = EntryChange(metadata: ["classification": .object(results), "classificationError": .null], label: label.map { .some($0) },
                                     processed: true)
            _ = try await entries.update(id: entry.id, change)
            if !alerts.isEmpty { try await book.apply(alerts) }
            metrics.entryClassified(outcome: "classified")
        } catch {
            metrics.entryClassified(outcome: "failed")
            logger.warning("entry classification failed", metadata: ["entry.id": "\(entry.id)", "error": "\(error)"])
            let note: JSONValue = .object(["error": .string("\(error)"), "at": .string(Timestamp.format(ms: clock.nowMs()))])
            _ = try? await entries.update(id: entry.id, EntryChange(metadata: ["classificationError": note]))
        }
    }

    /// What the entry keeps of one model's prediction.
    static func document(_ prediction: ImagePrediction, model: LoadedImageModel, atMs: Int64) -> JSONValue {
        var fields: [String: JSONValue] = [
            "model": .string(model.reference), "version": .number(Double(model.version.version)), "at": .string(Timestamp.format(ms: atMs)),
        ]
        if let label = prediction.label { fields["label"] = .string(label) }
        if !prediction.probabilities.isEmpty { fields["probabilities"] = .object(prediction.probabilities.mapValues(JSONValue.number)) }
        if !prediction.values.isEmpty { fields["values"] = .object(prediction.values.mapValues(JSONValue.number)) }
        return .object(fields)
    }

    /// An alert per severe class at or above the threshold, one open alert per entry and class.
    func severeAlerts(_ prediction: ImagePrediction, model: LoadedImageModel, entry: Entry) -> [AlertAction] {
        prediction.probabilities.filter { settings.alertClasses.contains($0.key) && $0.value >= settings.threshold }
            .sorted { $0.key < $1.key }
            .map { pair -> AlertAction in
                let (label, probability) = (pair.key, pair.value)
                let percent = Int((probability * 100).rounded())
                let place = entry.lat.flatMap { lat in entry.lng.map { String(format: " at %.4f, %.4f", lat, $0) } } ?? ""
                let signal = AlertSignal(
                    dedupKey: "ocean:entry:\(entry.id):\(label)", alertType: "image_classification", domain: Domain.ocean.rawValue,
                    severity: probability >= (1 + settings.threshold) / 2 ? .critical : .warning,
                    title: "\(label) in an image from \(entry.source) (\(percent)%)",
                    description: "Model \(model.reference) classified entry \(entry.id) from \(entry.source)\(place) as \(label) with probability "
                        + "\(percent)% (alert threshold \(Int((settings.threshold * 100).rounded()))%).",
                    cell: entry.cell15, lat: entry.lat, lng: entry.lng, timeMs: entry.timeMs,
                    metadata: ["entryId": .string(entry.id), "model": .string(model.reference), "class": .string(label), "probability": .number(probability)],
                    organization: "")
                return .raise(signal, .firing)
            }
    }
}
