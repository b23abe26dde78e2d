import Foundation
import Logging
import ServiceLifecycle

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends finished spans to an OTLP/HTTP collector as JSON (`POST {endpoint}/v1/traces`), in batches, every
/// `interval` and once more at shutdown. A failed export is logged and its batch dropped (the queue keeps filling
/// meanwhile, bounded); requests never wait for it.
public final class OTLPExporter: Service {
    private let url: URL
    private let serviceName: String
    private let queue: SpanQueue
    private let interval: Duration
    private let metrics: EcoMetrics
    private let logger: Logger
    private let session: URLSession
    static let batchSize = 512

    /// `endpoint` is the collector's base URL (as OTEL_EXPORTER_OTLP_ENDPOINT): `/v1/traces` is appended.
    public init(endpoint: String, serviceName: String, queue: SpanQueue, interval: Duration, metrics: EcoMetrics, logger: Logger) {
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        url = URL(string: base + "/v1/traces")!
        self.serviceName = serviceName
        self.queue = queue
        self.interval = interval
        self.metrics = metrics
        self.logger = logger
        session = URLSession(configuration: .outbound(timeout: .seconds(10)))
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
            await flush()
        }
        await flush()
        session.finishTasksAndInvalidate()
    }

    /// Sends every span waiting now, in batches.
    public func flush() async {
        metrics.tracingSpansDropped(queue.takeDropped())
        while true {
            let spans = queue.take(upTo: Self.batchSize)
            if spans.isEmpty { return }
            await send(spans)
        }
    }

    private func send(_ spans: [FinishedSpan]) async {
        do {
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try OTLPTraceJSON.body(spans: spans, serviceName: serviceName)
            // Apart from this task, as WebhookHTTPClient does: the last flush runs while the service is being cancelled,
            // and cancelling a URLSession task in flight can deadlock in swift-corelibs-foundation.
            let (session, sending) = (self.session, request)
            let (_, response) = try await Task.detached { try await session.data(for: sending) }.value
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else {
                metrics.tracingSpansDropped(spans.count)
                logger.warning("OTLP export refused; spans dropped", metadata: ["url": "\(url)", "status": "\(status)", "spans": "\(spans.count)"])
                return
            }
            metrics.tracingSpansExported(spans.count)
        } catch {
            metrics.tracingSpansDropped(spans.count)
            logger.warning("OTLP export failed; spans dropped", metadata: ["url": "\(url)", "error": "\(error)", "spans": "\(spans.count)"])
        }
    }
}
