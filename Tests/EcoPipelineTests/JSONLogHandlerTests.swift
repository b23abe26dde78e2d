import EcoPipeline
import Foundation
import Logging
import Tracing
import Testing

@Suite struct JSONLogHandlerTests {
    private func object(_ handler: JSONLogHandler, _ event: LogEvent) throws -> [String: String] {
        let line = handler.line(for: event)
        #expect(line.last == 0x0A)
        #expect(!line.dropLast().contains(0x0A))
        return try JSONDecoder().decode([String: String].self, from: Data(line))
    }

    private func event(_ message: Logger.Message, _ metadata: Logger.Metadata?) -> LogEvent {
        LogEvent(level: .info, message: message, metadata: metadata, source: nil, file: #fileID, function: #function, line: #line)
    }

    @Test func writesTheFixedFieldsThenTheMetadataAsOneLine() throws {
        var handler = JSONLogHandler(label: "ecotrack")
        handler.metadata = ["hb.request.id": "7f3", "replica": "a"]
        let fields = try object(handler, event("request", ["status": "200", "path": "/healthz \"quoted\"\nnext"]))
        #expect(fields["label"] == "ecotrack")
        #expect(fields["level"] == "info")
        #expect(fields["message"] == "request")
        #expect(fields["requestId"] == "7f3")
        #expect(fields["hb.request.id"] == nil)
        #expect(fields["replica"] == "a")
        #expect(fields["status"] == "200")
        #expect(fields["path"] == "/healthz \"quoted\"\nnext")
        let time = try #require(fields["time"])
        #expect(time.hasSuffix("Z") && time.count == "2026-12-06T19:25:10.810Z".count)
    }

    @Test func theEventsMetadataWinsAndFixedFieldsCannotBeOverwritten() throws {
        var handler = JSONLogHandler(label: "worker")
        handler.metadata = ["status": "from-logger"]
        let line = String(decoding: handler.line(for: event("done", ["status": "from-event", "label": "spoofed"])), as: UTF8.self)
        let fields = try object(handler, event("done", ["status": "from-event", "label": "spoofed"]))
        #expect(fields["status"] == "from-event")
        #expect(fields["label"] == "worker")
        #expect(line.components(separatedBy: "\"status\"").count == 2, "each key once: \(line)")
    }
}

/// Log lines written inside a span carry its trace and span ids; outside one they carry none.
@Suite struct JSONLogHandlerTraceTests {
    @Test func aLineWrittenInsideASpanCarriesItsIds() async throws {
        let handler = JSONLogHandler(label: "ecotrack")
        let event = LogEvent(level: .info, message: "inside", metadata: nil, source: nil, file: #fileID, function: #function, line: #line)
        let outside = try JSONDecoder().decode([String: String].self, from: Data(handler.line(for: event)))
        #expect(outside["traceId"] == nil && outside["spanId"] == nil)

        let tracer = EcoTracer(queue: SpanQueue(capacity: 8))
        var context = ServiceContext.topLevel
        context[EcoTracerKey.self] = tracer
        let (line, identity) = try await ServiceContext.withValue(context) {
            try await Traced.span("job") { () async throws -> ([UInt8], SpanIdentity) in
                (handler.line(for: event), try #require(ServiceContext.current?.spanIdentity))
            }
        }
        let fields = try JSONDecoder().decode([String: String].self, from: Data(line))
        #expect(fields["traceId"] == identity.traceID && identity.traceID.count == 32)
        #expect(fields["spanId"] == identity.spanID && identity.spanID.count == 16)
        let exported = tracer.queue.take(upTo: 8)
        #expect(exported.map(\.identity) == [identity])
    }
}
