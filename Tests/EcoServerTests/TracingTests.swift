@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Logging
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Tracing through the real server: spans reach a stand-in OTLP/HTTP collector on 127.0.0.1 as OTLP JSON.
@Suite struct TracingTests {
    static let callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let callerSpan = "00f067aa0ba902b7"

    /// Every span the collector received, with the resource's service.name, after checking each export's shape.
    static func spans(_ received: [WebhookReceiver.Received]) throws -> [(service: String, span: [String: Any])] {
        var spans: [(String, [String: Any])] = []
        for export in received {
            #expect(export.headers["content-type"] == "application/json")
            let body = try #require(try JSONSerialization.jsonObject(with: export.body) as? [String: Any])
            for resourceSpans in body["resourceSpans"] as? [[String: Any]] ?? [] {
                let resource = resourceSpans["resource"] as? [String: Any]
                let service = attribute(resource ?? [:], "service.name")?["stringValue"] as? String ?? ""
                for scope in resourceSpans["scopeSpans"] as? [[String: Any]] ?? [] {
                    for span in scope["spans"] as? [[String: Any]] ?? [] { spans.append((service, span)) }
                }
            }
        }
        return spans
    }

    static func attribute(_ object: [String: Any], _ key: String) -> [String: Any]? {
        (object["attributes"] as? [[String: Any]])?.first { $0["key"] as? String == key }?["value"] as? [String: Any]
    }

    /// Waits until a span named `name` has arrived.
    static func waitForSpan(_ name: String, collector: WebhookReceiver) async throws -> [(service: String, span: [String: Any])] {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let spans = try spans(collector.received)
            if spans.contains(where: { $0.span["name"] as? String == name }) { return spans }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no span named \(name) arrived")
        return try spans(collector.received)
    }

    @Test func aRequestSpanContinuesTheCallersTraceAndParentsItsStoreSpan() async throws {
        try await WebhookReceiver.with(path: "/v1/traces") { collector in
            try await LiveServer.with(configure: {
                $0.otlpEndpoint = "http://127.0.0.1:\(collector.port)/"
                $0.otlpServiceName = "ecotrack-test"
                $0.tracingFlushInterval = .milliseconds(100)
            }) { server in
                let body = (0..<3).map { IngestTests.record(Double($0), hour: $0) }.joined(separator: "\n")
                var request = URLRequest(url: server.baseURL.appendingPathComponent("api/v1/observations"))
                request.httpMethod = "POST"
                request.httpBody = Data(body.utf8)
                request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
                request.setValue("Bearer \(server.adminKey)", forHTTPHeaderField: "Authorization")
                request.setValue("00-\(Self.callerTrace)-\(Self.callerSpan)-01", forHTTPHeaderField: "traceparent")
                let (_, response) = try await URLSession.shared.data(for: request)
                let http = try #require(response as? HTTPURLResponse)
                #expect(http.statusCode == 200)
                let returned = try #require(http.value(forHTTPHeaderField: "traceparent"))
                #expect(returned.hasPrefix("00-\(Self.callerTrace)-") && returned.hasSuffix("-01") && !returned.contains(Self.callerSpan))

                let ingestSpans = try await Self.waitForSpan("POST /api/v1/observations", collector: collector)
                let httpSpan = try #require(ingestSpans.first { $0.span["name"] as? String == "POST /api/v1/observations" })
                #expect(httpSpan.service == "ecotrack-test")
                let spanID = try #require(httpSpan.span["spanId"] as? String)
                #expect(returned == "00-\(Self.callerTrace)-\(spanID)-01")
                #expect(httpSpan.span["traceId"] as? String == Self.callerTrace)
                #expect(httpSpan.span["parentSpanId"] as? String == Self.callerSpan)
                #expect(httpSpan.span["kind"] as? Int == 2)
                #expect(Self.attribute(httpSpan.span, "http.request.method")?["stringValue"] as? String == "POST")
                #expect(Self.attribute(httpSpan.span, "http.route")?["stringValue"] as? String == "/api/v1/observations")
                #expect(Self.attribute(httpSpan.span, "http.response.status_code")?["intValue"] as? String == "200")
                let start = try #require(UInt64(httpSpan.span["startTimeUnixNano"] as? String ?? ""))
                let end = try #require(UInt64(httpSpan.span["endTimeUnixNano"] as? String ?? ""))
                #expect(start > 1_700_000_000_000_000_000 && end >= start)
                let insert = try #require(ingestSpans.first { $0.span["name"] as? String == "store.insert_observations" })
                #expect(insert.span["parentSpanId"] as? String == spanID)
                #expect(insert.span["traceId"] as? String == Self.callerTrace)

                // A read without traceparent starts a trace of its own; its store read is its child.
                let read = try await server.request("GET", "/api/v1/observations?variable=temperature_2m")
                #expect(read.status == 200)
                let readParent = try #require(SpanIdentity(traceparent: read.headers["traceparent"] ?? ""))
                #expect(readParent.traceID != Self.callerTrace)
                let readSpans = try await Self.waitForSpan("store.read_observations", collector: collector)
                let storeRead = try #require(readSpans.first { $0.span["name"] as? String == "store.read_observations" })
                #expect(storeRead.span["parentSpanId"] as? String == readParent.spanID)
                #expect(storeRead.span["traceId"] as? String == readParent.traceID)
                let getSpan = try #require(readSpans.first { $0.span["spanId"] as? String == readParent.spanID })
                #expect(getSpan.span["name"] as? String == "GET /api/v1/observations" && getSpan.span["parentSpanId"] == nil)

                // Detection scored the ingested points in a background span of its own trace.
                let detection = try await Self.waitForSpan("detection.batch", collector: collector)
                let batch = try #require(detection.first { $0.span["name"] as? String == "detection.batch" })
                #expect(batch.span["parentSpanId"] == nil && batch.span["kind"] as? Int == 5)
            }
        }
    }

    @Test func theRequestsLogLineCarriesItsTraceAndSpanIDs() async throws {
        let lines = CapturedLogLines()
        var logger = Logger(label: "test") { label in CapturingJSONLogHandler(inner: JSONLogHandler(label: label), lines: lines) }
        logger.logLevel = .info
        let infoLogger = logger
        try await WebhookReceiver.with(path: "/v1/traces") { collector in
            try await LiveServer.with(configure: {
                $0.otlpEndpoint = "http://127.0.0.1:\(collector.port)"
                $0.tracingFlushInterval = .milliseconds(100)
            }, logger: infoLogger) { server in
                let reply = try await server.request("GET", "/api/v1/observations?variable=temperature_2m&limit=1")
                #expect(reply.status == 200)
                let span = try #require(SpanIdentity(traceparent: reply.headers["traceparent"] ?? ""))
                let access = lines.lines.withLock { $0 }.filter { $0["message"] == "request" && $0["route"] == "/api/v1/observations" }
                #expect(access.count == 1)
                #expect(access.first?["traceId"] == span.traceID)
                #expect(access.first?["spanId"] == span.spanID)
                // A line written outside any span (none here is) carries no ids.
                #expect(lines.lines.withLock { $0 }.allSatisfy { ($0["traceId"] == nil) == ($0["spanId"] == nil) })
            }
        }
    }

    @Test func aWebhookDeliveryIsASpanWhoseTraceparentTheReceiverGets() async throws {
        try await WebhookReceiver.with(path: "/v1/traces") { collector in
            try await WebhookReceiver.with { receiver in
                try await LiveServer.with(configure: {
                    WebhookTests.configure(allowing: "http://127.0.0.1:\(receiver.port)/")(&$0)
                    $0.otlpEndpoint = "http://127.0.0.1:\(collector.port)"
                    $0.tracingFlushInterval = .milliseconds(100)
                }) { server in
                    let id = try await WebhookTests.register(server, url: receiver.url)
                    let events = try await server.services.store.appendEvents([WebhookTests.alert(1)])
                    let delivered = try #require(try await receiver.waitFor(1).first)
                    let sent = try #require(SpanIdentity(traceparent: delivered.headers["traceparent"] ?? ""))
                    let spans = try await Self.waitForSpan("webhook.delivery", collector: collector)
                    let delivery = try #require(spans.first { $0.span["name"] as? String == "webhook.delivery" })
                    #expect(delivery.span["traceId"] as? String == sent.traceID && delivery.span["spanId"] as? String == sent.spanID)
                    #expect(delivery.span["parentSpanId"] == nil && delivery.span["kind"] as? Int == 4)
                    #expect(Self.attribute(delivery.span, "webhook.id")?["stringValue"] as? String == id)
                    #expect(Self.attribute(delivery.span, "event.offset")?["intValue"] as? String == String(events[0].offset))
                }
            }
        }
    }

    @Test func aTrainingJobAttemptIsARootSpan() async throws {
        try await WebhookReceiver.with(path: "/v1/traces") { collector in
            try await LiveServer.with(configure: {
                $0.otlpEndpoint = "http://127.0.0.1:\(collector.port)"
                $0.tracingFlushInterval = .milliseconds(100)
            }) { server in
                let single = "x,y\n" + (0..<10).map { "\($0),only" }.joined(separator: "\n")
                let id = try await TrainingJobTests.submit(server, name: "test-traced-logistic", parameters: [
                    "csv": single, "target": "y", "task": "classification", "algorithm": "logistic", "cv": 0,
                ])
                _ = try await TrainingJobTests.job(server, id) { $0["status"] as? String == "failed" }
                let spans = try await Self.waitForSpan("training.job", collector: collector)
                let job = try #require(spans.first { $0.span["name"] as? String == "training.job" })
                #expect(Self.attribute(job.span, "job.id")?["stringValue"] as? String == id)
                #expect(Self.attribute(job.span, "job.attempt")?["intValue"] as? String == "1")
                #expect(job.span["parentSpanId"] == nil && job.span["kind"] as? Int == 5)
                let submit = try #require(spans.first { $0.span["name"] as? String == "POST /api/v1/models/train" })
                #expect(submit.span["traceId"] as? String != job.span["traceId"] as? String)
            }
        }
    }

    @Test func spansWaitingAtShutdownAreSent() async throws {
        try await WebhookReceiver.with(path: "/v1/traces") { collector in
            try await LiveServer.with(configure: {
                $0.otlpEndpoint = "http://127.0.0.1:\(collector.port)"
                $0.tracingFlushInterval = .seconds(3600)
            }) { server in
                let health = try await server.request("GET", "/healthz")
                #expect(health.status == 200)
                #expect(collector.received.isEmpty)
            }
            let spans = try Self.spans(collector.received)
            #expect(spans.contains { $0.span["name"] as? String == "GET /healthz" })
        }
    }

    @Test func withoutAnEndpointNothingIsTracedOrExported() async throws {
        try await WebhookReceiver.with(path: "/v1/traces") { collector in
            try await LiveServer.with(configure: WebhookTests.configure(allowing: "http://127.0.0.1:\(collector.port)/")) { server in
                #expect(server.services.platform.tracer == nil)
                let body = IngestTests.record(1)
                let ingest = try await server.request("POST", "/api/v1/observations", body: body, contentType: "application/x-ndjson")
                #expect(ingest.status == 200)
                #expect(ingest.headers["traceparent"] == nil)
                let read = try await server.request("GET", "/api/v1/observations?variable=temperature_2m")
                #expect(read.status == 200 && read.headers["traceparent"] == nil)
                // Nor do webhook deliveries carry a traceparent.
                let id = try await WebhookTests.register(server, url: "http://127.0.0.1:\(collector.port)/v1/traces")
                _ = try await server.services.store.appendEvents([WebhookTests.alert(1)])
                let delivered = try await collector.waitFor(1)
                #expect(delivered.count == 1 && delivered.first?.headers["traceparent"] == nil, "webhook \(id)")
                try await Task.sleep(for: .milliseconds(300))
            }
            // Only the webhook delivery reached it: no export.
            #expect(collector.received.count == 1)
        }
    }

    @Test func aBadEndpointIsRefusedWithTheKeyNamed() throws {
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationSources(file: ["otlpEndpoint": "collector:4318"]).resolve() }
        #expect(error?.description.contains("otlpEndpoint must be an http(s) URL") == true)
    }
}

/// JSON log lines as the server writes them, decoded, for a test to read.
final class CapturedLogLines: Sendable {
    let lines = Mutex<[[String: String]]>([])
}

/// ``JSONLogHandler``'s lines, kept in memory instead of written to standard error.
struct CapturingJSONLogHandler: LogHandler {
    var inner: JSONLogHandler
    let lines: CapturedLogLines

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        guard let fields = try? JSONDecoder().decode([String: String].self, from: Data(inner.line(for: event))) else { return }
        lines.lines.withLock { $0.append(fields) }
    }
}
