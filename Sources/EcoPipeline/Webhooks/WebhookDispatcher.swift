import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle

/// Background service that delivers alert events to every enabled webhook (docs/webhooks.md):
/// one ``WebhookWorker`` per webhook, started for the webhooks in the store and for each one
/// registered while the server runs, stopped when it is deleted or the server shuts down.
/// Every `refresh` it reads the webhooks again, so webhooks registered, changed or deleted through
/// another process sharing the store are followed too; the workers' consumer leases make one
/// process at a time deliver each webhook's events.
public final class WebhookDispatcher: Service, Sendable {
    public typealias Store = any EventLog & WebhookStore

    private enum Change: Sendable {
        case saved(WebhookRecord)
        case deleted(id: String)
        case stored([WebhookRecord])
    }

    let store: Store
    let allowList: WebhookAllowList
    let policy: WebhookDeliveryPolicy
    let metrics: EcoMetrics?
    let clock: WallClock
    let logger: Logger
    let holder: String
    let refresh: Duration
    let leaseRenewal: Duration
    private let changes: AsyncStream<Change>
    private let continuation: AsyncStream<Change>.Continuation

    /// - Parameters:
    ///   - holder: this process's name on the webhook consumers' leases (``Platform/instanceID``).
    ///   - refresh: how often the stored webhooks are read again (changes made by other processes).
    ///   - leaseRenewal: how often a worker renews its lease while idle, or tries one it does not hold.
    public init(store: Store, allowList: WebhookAllowList, policy: WebhookDeliveryPolicy, metrics: EcoMetrics? = nil, clock: WallClock = .system,
                logger: Logger, holder: String = "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)",
                refresh: Duration = .seconds(30), leaseRenewal: Duration = .seconds(5)) {
        self.holder = holder
        self.refresh = refresh
        self.leaseRenewal = leaseRenewal
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
        var workers: [String: (webhook: WebhookRecord, task: Task<Void, Never>)] = [:]
        func stop(_ id: String) async {
            guard let worker = workers.removeValue(forKey: id) else { return }
            worker.task.cancel()
            await worker.task.value  // gone before a successor with the same lease holder starts
        }
        /// Runs a worker for `webhook` when it is enabled, replacing one started from an older version of it.
        func apply(_ webhook: WebhookRecord) async {
            if workers[webhook.id]?.webhook == webhook { return }
            await stop(webhook.id)
            guard webhook.enabled else { return }
            var worker = WebhookWorker(webhook: webhook, store: store, client: client, allowList: allowList, policy: policy,
                                       metrics: metrics, clock: clock, logger: logger, holder: holder)
            worker.leaseRenewal = leaseRenewal
            workers[webhook.id] = (webhook, Task { [worker] in await worker.run() })
        }
        let refresher = Task { [continuation, refresh] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: refresh) } catch { return }
                if let stored = try? await store.webhooks() { continuation.yield(.stored(stored)) }
            }
        }
        await withGracefulShutdownHandler {
            guard let existing = await loadWebhooks() else { return }
            for webhook in existing { await apply(webhook) }
            // Ends on cancellation, or when graceful shutdown finishes the stream.
            for await change in changes {
                switch change {
                case let .saved(webhook):
                    await apply(webhook)
                case let .deleted(id):
                    await stop(id)
                case let .stored(stored):
                    for id in Set(workers.keys).subtracting(stored.map(\.id)) { await stop(id) }
                    for webhook in stored { await apply(webhook) }
                }
            }
        } onGracefulShutdown: { [continuation] in
            continuation.finish()
        }
        refresher.cancel()
        for worker in workers.values { worker.task.cancel() }
        for worker in workers.values { await worker.task.value }
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
