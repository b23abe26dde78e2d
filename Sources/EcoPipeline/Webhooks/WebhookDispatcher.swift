import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Background service that delivers alert events to every enabled webhook (docs/webhooks.md):
/// one ``WebhookWorker`` per webhook, started for the webhooks in the store and for each one
/// registered while the server runs, stopped when it is deleted or the server shuts down.
public final class WebhookDispatcher: Service, Sendable {
    public typealias Store = any EventLog & WebhookStore

    private enum Change: Sendable {
        case saved(WebhookRecord)
        case deleted(id: String)
    }

    let store: Store
    let allowList: WebhookAllowList
    let policy: WebhookDeliveryPolicy
    let metrics: EcoMetrics?
    let clock: WallClock
    let logger: Logger
    private let changes: AsyncStream<Change>
    private let continuation: AsyncStream<Change>.Continuation

    public init(store: Store, allowList: WebhookAllowList, policy: WebhookDeliveryPolicy, metrics: EcoMetrics? = nil, clock: WallClock = .system,
                logger: Logger) {
        self.store = store
        self.clock = clock
        self.allowList = allowList
        self.policy = policy
        self.metrics = metrics
        self.logger = logger
        (changes, continuation) = AsyncStream.makeStream(of: Change.self)
    }

    /// Starts delivering to a webhook just registered (its consumer offset must already be committed).
    public func webhookSaved(_ webhook: WebhookRecord) { continuation.yield(.saved(webhook)) }

    /// Stops delivering to a webhook just deleted.
    public func webhookDeleted(id: String) { continuation.yield(.deleted(id: id)) }

    public func run() async throws {
        let client = WebhookHTTPClient(timeout: policy.timeout)
        var workers: [String: Task<Void, Never>] = [:]
        func start(_ webhook: WebhookRecord) {
            guard webhook.enabled, workers[webhook.id] == nil else { return }
            let worker = WebhookWorker(webhook: webhook, store: store, client: client, allowList: allowList, policy: policy,
                                       metrics: metrics, clock: clock, logger: logger)
            workers[webhook.id] = Task { await worker.run() }
        }
        await withGracefulShutdownHandler {
            guard let existing = await loadWebhooks() else { return }
            for webhook in existing { start(webhook) }
            // Ends on cancellation, or when graceful shutdown finishes the stream.
            for await change in changes {
                switch change {
                case let .saved(webhook):
                    start(webhook)
                case let .deleted(id):
                    workers.removeValue(forKey: id)?.cancel()
                }
            }
        } onGracefulShutdown: { [continuation] in
            continuation.finish()
        }
        for worker in workers.values { worker.cancel() }
        for worker in workers.values { await worker.value }
    }

    /// The stored webhooks, retrying while the store fails; nil when cancelled or shut down first.
    private func loadWebhooks() async -> [WebhookRecord]? {
        var attempt = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                return try await store.webhooks()
            } catch {
                attempt += 1
                logger.warning("cannot load webhooks", metadata: ["error": "\(error)"])
                let delay = policy.delay(afterAttempt: attempt)
                do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) } } catch { return nil }
            }
        }
        return nil
    }
}
