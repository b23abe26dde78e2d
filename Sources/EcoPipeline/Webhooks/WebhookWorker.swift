import EcoCore
import EcoStore
import Foundation
import Logging
import Tracing

/// Delivers one webhook's events, in log order, at least once, from one process at a time.
///
/// It reads the event log as consumer `webhook:<id>` from the committed offset, POSTs each matching
/// event until the receiver answers 2xx (or the attempts run out), records every attempt, and commits
/// the offset only after the event was delivered or given up on: a crash or restart resends at most
/// the event in flight. When it has caught up it sleeps in `waitForEvents`, which a commit wakes.
///
/// Processes sharing a store (replicas, workers) each run a worker per webhook, but only the holder of
/// the consumer's lease delivers: it renews the lease before every attempt and while idle, so every event
/// goes out from one process; the others wait and take over, from the committed offset, once the
/// holder's lease expires (it died) or it gives the lease up (shutdown).
struct WebhookWorker: Sendable {
    typealias Store = any EventLog & WebhookStore

    let webhook: WebhookRecord
    let store: Store
    let client: WebhookHTTPClient
    let allowList: WebhookAllowList
    let policy: WebhookDeliveryPolicy
    let metrics: EcoMetrics?
    let clock: WallClock
    let logger: Logger
    /// This process's name on the consumer lease.
    let holder: String
    /// Events read from the log per query.
    var batchSize = 100

    /// How long the lease holds without renewal: longer than `leaseRenewal` plus one attempt by 10 s or more.
    var leaseTTLMs: Int64 { 15_000 + Int64(policy.timeout.seconds * 1000) }
    /// How often the lease is renewed (while idle, and before an attempt when due), and tried by a process that does not hold it.
    var leaseRenewal: Duration = .seconds(5)

    /// Thrown where the lease was found held by another process: this worker stops delivering.
    struct LeaseLost: Error {}

    /// Runs until the task is cancelled.
    func run() async {
        let filter = WebhookEventFilter(webhook)
        var failures = 0
        while !Task.isCancelled {
            do {
                if try await renewLease() {
                    do {
                        try await consume(filter)
                    } catch {
                        // Stopping (or failing): another process may take over at once, from the committed offset.
                        try? await store.releaseConsumerLease(webhook.consumerName, holder: holder)
                        throw error
                    }
                    try? await store.releaseConsumerLease(webhook.consumerName, holder: holder)
                }
                try await Task.sleep(for: leaseRenewal)
            } catch is LeaseLost {
                logger.info("webhook lease taken by another process; this one stops delivering", metadata: ["webhook.id": "\(webhook.id)"])
            } catch {
                if Task.isCancelled { return }
                // The store failed (busy, closing …): wait, then resume from the committed offset.
                failures += 1
                logger.warning("webhook consumer failed", metadata: ["webhook.id": "\(webhook.id)", "error": "\(error)"])
                do { try await Task.sleep(for: policy.delay(afterAttempt: failures)) } catch { return }
            }
        }
    }

    /// Claims or extends the consumer's lease for this process; false while another process holds it.
    private func renewLease() async throws -> Bool {
        try await store.acquireConsumerLease(webhook.consumerName, holder: holder, ttlMs: leaseTTLMs, nowMs: clock.nowMs())
    }

    /// Renews the lease when the last renewal is `leaseRenewal` old or more (one store write per `leaseRenewal`,
    /// not per attempt): a lease renewed less than that ago still outlives an attempt started now by 10 s or more.
    private func renewLeaseWhenDue(_ renewedAt: inout ContinuousClock.Instant) async throws {
        guard ContinuousClock.now - renewedAt >= leaseRenewal else { return }
        guard try await renewLease() else { throw LeaseLost() }
        renewedAt = .now
    }

    /// Follows the log from the committed offset until cancelled or an error is thrown (`LeaseLost` when
    /// another process took the consumer over).
    private func consume(_ filter: WebhookEventFilter) async throws {
        var renewedAt = ContinuousClock.now  // run() has just claimed or renewed the lease
        var committed = try await startOffset()
        var cursor = committed
        var newest = try await store.latestEventOffset()
        while !Task.isCancelled {
            let batch = try await store.events(after: cursor, topics: filter.topics, limit: batchSize)
            if batch.isEmpty {
                // No matching event up to `newest` (read before the query): skip past the others in memory
                // and sleep until something is committed after it, renewing the lease meanwhile.
                cursor = max(cursor, newest)
                if try await store.waitForEvents(after: cursor, atMost: leaseRenewal) { newest = try await store.latestEventOffset() }
                try await renewLeaseWhenDue(&renewedAt)
                continue
            }
            for event in batch {
                if filter.matches(event) {
                    try await Traced.span("webhook.delivery", kind: .producer, attributes: [
                        "webhook.id": .string(webhook.id), "event.offset": .int64(event.offset), "event.topic": .string(event.topic),
                    ]) { try await deliver(event, renewedAt: &renewedAt) }
                    try await store.commitConsumerOffset(webhook.consumerName, offset: event.offset)
                    committed = event.offset
                }
                cursor = event.offset
            }
            // Events filtered out by domain or severity are committed once per batch.
            if cursor > committed {
                try await store.commitConsumerOffset(webhook.consumerName, offset: cursor)
                committed = cursor
            }
            newest = max(newest, cursor)
        }
    }

    /// The committed offset; a webhook without one starts at the newest event.
    private func startOffset() async throws -> Int64 {
        if let offset = try await store.consumerOffset(webhook.consumerName) { return offset }
        let latest = try await store.latestEventOffset()
        try await store.commitConsumerOffset(webhook.consumerName, offset: latest)
        return latest
    }

    /// Sends `event` until it is delivered or given up on; throws only on cancellation or a store failure.
    private func deliver(_ event: DomainEvent, renewedAt: inout ContinuousClock.Instant) async throws {
        var attempt = 1
        while true {
            // Only the lease holder sends, and the lease outlives the attempt: no other process sends this event meanwhile.
            try await renewLeaseWhenDue(&renewedAt)
            let delivery = await send(event, attempt: attempt)
            // A request cut short by shutdown is not an attempt the receiver failed.
            if delivery.status != .delivered { try Task.checkCancellation() }
            try await store.recordDelivery(delivery)
            metrics?.registry.makeCounter(name: "webhook_deliveries_total", labels: [("status", delivery.status.rawValue)]).increment()
            switch delivery.status {
            case .delivered:
                return
            case .gaveUp:
                logger.warning("webhook delivery given up", metadata: ["webhook.id": "\(webhook.id)", "event.offset": "\(event.offset)",
                                                                      "attempts": "\(attempt)", "error": "\(delivery.error ?? "")"])
                return
            case .failed:
                try await Task.sleep(for: policy.delay(afterAttempt: attempt))
                attempt += 1
            }
        }
    }

    /// One signed POST of the event's payload exactly as logged.
    private func send(_ event: DomainEvent, attempt: Int) async -> WebhookDelivery {
        let startedMs = clock.nowMs()
        let started = ContinuousClock.now
        var httpStatus: Int?
        var failure: String?
        if !allowList.allows(webhook.url) {
            failure = "The URL is no longer in the webhook allow list (ECOTRACK_WEBHOOK_ALLOW); add its prefix back or delete the webhook."
        } else if let url = URL(string: webhook.url) {
            let body = Data(event.payloadJSON.utf8)
            let timestamp = startedMs / 1000
            var headers = [
                ("Content-Type", "application/json"),
                ("User-Agent", "EcoTrack-Webhooks/1"),
                ("X-EcoTrack-Event-Offset", String(event.offset)),
                ("X-EcoTrack-Topic", event.topic),
                ("X-EcoTrack-Timestamp", String(timestamp)),
                ("X-EcoTrack-Signature", WebhookSignature.sign(secret: webhook.secret, timestamp: timestamp, body: body)),
            ]
            // Inside the delivery's span when tracing is on: the receiver may continue the trace.
            if let span = ServiceContext.current?.spanIdentity { headers.append(("traceparent", span.traceparent)) }
            do {
                let status = try await client.post(url, headers: headers, body: body)
                httpStatus = status
                if !(200..<300).contains(status) { failure = "The receiver answered HTTP \(status)." }
            } catch {
                failure = Self.describe(error)
            }
        } else {
            failure = "The stored URL does not parse."
        }
        let durationMs = Int64((ContinuousClock.now - started).seconds * 1000)
        let status: WebhookDelivery.Status = failure == nil ? .delivered : attempt >= policy.maxAttempts ? .gaveUp : .failed
        return WebhookDelivery(webhookID: webhook.id, eventOffset: event.offset, attempt: attempt, status: status,
                               httpStatus: httpStatus, error: failure, durationMs: durationMs, atMs: startedMs)
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? URLError {
            switch error.code {
            case .timedOut: return "The request timed out."
            case .cannotConnectToHost: return "Could not connect to the receiver (connection refused)."
            case .cannotFindHost, .dnsLookupFailed: return "The receiver's host name did not resolve."
            case .networkConnectionLost: return "The connection was lost before a response arrived."
            default: return "Network error \(error.code.rawValue): \(error.localizedDescription)"
            }
        }
        return "\(error)"
    }
}
