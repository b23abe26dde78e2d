import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Enriches image entries with a vision model's tags and description, in the background (docs/ocean.md,
/// "Enrichment"). Built only when an endpoint is configured: otherwise there is no consumer and nothing is logged.
///
/// It follows `ecotrack.ocean.entry-created` as consumer `entry-enrichment`, from its committed offset (from the
/// start of the retained log the first time), and commits each event once its entry is enriched or marked failed,
/// so a restart resumes where it stopped. Like webhook deliveries, only the holder of the consumer's lease works:
/// several processes on one store send each image once, and the requests-per-minute pace holds for the deployment.
/// Uploads never wait for any of this: they only append the event.
public struct EntryEnrichmentService: Service {
    public static let consumer = "entry-enrichment"

    let entries: any EntryStore
    let objects: any ObjectStore
    let log: any EventLog
    let settings: EnrichmentSettings
    let metrics: EcoMetrics
    let clock: WallClock
    let holder: String
    let logger: Logger
    private let client: VisionChatClient
    private let pacer: RequestPacer
    /// How long the lease holds without renewal: it is renewed before every request and while idle, so it must outlast
    /// one request and the longest backoff between two.
    var leaseTTLMs: Int64 { 15_000 + Int64((settings.retry.timeout + settings.retry.maxDelay).seconds * 1000) }
    var leaseRenewal: Duration = .seconds(5)

    public init(entries: any EntryStore, objects: any ObjectStore, log: any EventLog, settings: EnrichmentSettings, metrics: EcoMetrics,
                clock: WallClock, holder: String, logger: Logger) {
        self.entries = entries
        self.objects = objects
        self.log = log
        self.settings = settings
        self.metrics = metrics
        self.clock = clock
        self.holder = holder
        self.logger = logger
        client = VisionChatClient(settings: settings)
        pacer = RequestPacer(perMinute: settings.requestsPerMinute)
    }

    struct LeaseLost: Error {}

    public func run() async throws {
        // Shutdown cancels the loop (and a backoff or pacing sleep); a request in flight ends within its timeout.
        try? await cancelWhenGracefulShutdown { await loop() }
    }

    private func loop() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                if try await renewLease() {
                    do {
                        try await consume()
                    } catch {
                        // Stopping or failing: another process may take over at once, from the committed offset.
                        try? await log.releaseConsumerLease(Self.consumer, holder: holder)
                        throw error
                    }
                    try? await log.releaseConsumerLease(Self.consumer, holder: holder)
                }
                try await Task.sleep(for: leaseRenewal)
            } catch is LeaseLost {
                logger.info("entry enrichment lease taken by another process; this one stops sending")
            } catch {
                if Task.isCancelled { return }
                // The store failed (busy, closing …): wait, then resume from the committed offset.
                failures += 1
                logger.warning("entry enrichment consumer failed", metadata: ["error": "\(error)"])
                do { try await Task.sleep(for: settings.retry.delay(afterAttempt: failures)) } catch { return }
            }
        }
    }

    private func renewLease() async throws -> Bool {
        try await log.acquireConsumerLease(Self.consumer, holder: holder, ttlMs: leaseTTLMs, nowMs: clock.nowMs())
    }

    /// Follows the log until cancelled or an error is thrown.
    private func consume() async throws {
        var cursor = try await log.consumerOffset(Self.consumer) ?? 0
        var newest = try await log.latestEventOffset()
        let topics: Set<String> = [EventTopic.entryCreated]
        while !Task.isCancelled {
            let batch = try await log.events(after: cursor, topics: topics, limit: 50)
            if batch.isEmpty {
                cursor = max(cursor, newest)
                if try await log.waitForEvents(after: cursor, atMost: leaseRenewal) { newest = try await log.latestEventOffset() }
                guard try await renewLease() else { throw LeaseLost() }
                continue
            }
            for event in batch {
                if let id = Self.imageEntryID(event) { try await enrich(id) }
                try await log.commitConsumerOffset(Self.consumer, offset: event.offset)
                cursor = event.offset
            }
            newest = max(newest, cursor)
        }
    }

    /// The entry id of an entry-created event of an image; nil for other data types.
    static func imageEntryID(_ event: DomainEvent) -> String? {
        guard case let .object(payload)? = JSONValue.parse(event.payloadJSON), payload["dataType"] == .string(EntryDataType.image.rawValue),
              case let .string(id)? = payload["entryId"] else { return nil }
        return id
    }

    /// Asks the model about the entry's image until it answers usably or the attempts run out, and records the result.
    /// Entries already enriched (a replay) or deleted are skipped. Throws on cancellation, a lost lease or a store failure.
    func enrich(_ id: String) async throws {
        guard let entry = try await entries.entry(id: id), entry.enrichment == nil, let file = entry.file,
              let key = ObjectKey(sha256: file.sha256) else { return }
        if let refusal = Self.refusal(file, maxBytes: settings.maxImageBytes) {
            return try await record(id, .failed, attempts: 0, error: refusal)
        }
        let image: [UInt8]
        do {
            image = try await objects.readAll(key)
        } catch ObjectStoreError.notFound {
            return try await record(id, .failed, attempts: 0, error: "The entry's file (SHA-256 \(file.sha256)) is missing from object storage.")
        }
        var attempt = 0
        while true {
            attempt += 1
            guard try await renewLease() else { throw LeaseLost() }
            try await pacer.wait()
            let reason: String
            switch await client.ask(image: image, contentType: file.contentType) {
            case let .answer(text):
                switch Result(catching: { () throws(EnrichmentAnswer.Unparsable) in try EnrichmentAnswer.parse(text) }) {
                case let .success(answer):
                    metrics.enrichmentRequest(outcome: "ok")
                    return try await record(id, .enriched, attempts: attempt, tags: answer.tags, description: answer.description)
                case let .failure(unparsable):
                    metrics.enrichmentRequest(outcome: "unparsable")
                    reason = unparsable.description
                }
            case let .failure(why, outcome, retryable):
                try Task.checkCancellation()  // a request cut short by shutdown is not the endpoint's failure
                metrics.enrichmentRequest(outcome: outcome)
                reason = why
                if !retryable { return try await record(id, .failed, attempts: attempt, error: reason) }
            }
            if attempt >= settings.retry.maxAttempts {
                return try await record(id, .failed, attempts: attempt, error: "Gave up after \(attempt) attempt\(attempt == 1 ? "" : "s"); the last: \(reason)")
            }
            logger.debug("entry enrichment attempt failed", metadata: ["entry.id": "\(id)", "attempt": "\(attempt)", "error": "\(reason)"])
            try await Task.sleep(for: settings.retry.delay(afterAttempt: attempt))
        }
    }

    /// Why an image is not sent at all, or nil.
    static func refusal(_ file: EntryFile, maxBytes: Int64) -> String? {
        if !["image/jpeg", "image/png", "image/webp", "image/gif"].contains(file.contentType) {
            return "\(file.contentType) images are not sent: OpenAI-compatible vision endpoints take JPEG, PNG, WebP and GIF."
        }
        if file.size > maxBytes { return "The image (\(file.size) bytes) is larger than the \(maxBytes) bytes a request may carry." }
        return nil
    }

    private func record(_ id: String, _ status: EntryEnrichment.Status, attempts: Int, tags: [String] = [], description: String? = nil,
                        error: String? = nil) async throws {
        let enrichment = EntryEnrichment(status: status, tags: tags, description: description, model: settings.model, attempts: attempts,
                                         error: error, atMs: clock.nowMs())
        _ = try await entries.recordEnrichment(id: id, enrichment)
        if status == .failed {
            metrics.enrichmentFailed()
            logger.warning("entry enrichment failed", metadata: ["entry.id": "\(id)", "error": "\(error ?? "")"])
        }
    }
}
