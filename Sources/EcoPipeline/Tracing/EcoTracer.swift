import Tracing

/// EcoTrack's own tracer (swift-distributed-tracing's `Tracer`): W3C trace and span ids, `traceparent` propagation,
/// and ended spans into a bounded ``SpanQueue`` that ``OTLPExporter`` sends. It exists only when an OTLP endpoint is
/// configured; without one no tracer is made and nothing is recorded (docs/deployment.md, "Tracing").
public final class EcoTracer: Tracer, Sendable {
    public typealias Span = EcoSpan
    public let queue: SpanQueue

    public init(queue: SpanQueue) { self.queue = queue }

    public func startSpan<Instant: TracerInstant>(_ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
                                                  at instant: @autoclosure () -> Instant, function: String, file fileID: String,
                                                  line: UInt) -> EcoSpan {
        var context = context()
        let parent = context.spanIdentity
        let identity = SpanIdentity.child(of: parent)
        context[SpanIdentityKey.self] = identity
        context[EcoTracerKey.self] = self
        return EcoSpan(name: operationName, context: context, identity: identity, parentSpanID: parent?.spanID, kind: kind,
                       startNanos: instant().nanosecondsSinceEpoch, onEnd: { [queue] in queue.push($0) })
    }

    /// Spans are sent by the exporter's own schedule (and at shutdown); nothing to do here.
    public func forceFlush() {}

    /// Reads a W3C `traceparent` from the carrier; a valid one makes the next span a child of the caller's.
    public func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {
        guard let header = extractor.extract(key: "traceparent", from: carrier), let identity = SpanIdentity(traceparent: header) else { return }
        context[SpanIdentityKey.self] = identity
    }

    /// Writes the context's span as a W3C `traceparent`.
    public func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {
        guard let identity = context.spanIdentity else { return }
        injector.inject(identity.traceparent, forKey: "traceparent", into: &carrier)
    }
}
