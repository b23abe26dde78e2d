import Synchronization
import Tracing

/// A span of ``EcoTracer``: records name, attributes, status and events until it ends, then hands itself to the
/// span queue once (later changes are ignored, as the Span protocol asks). Links are not recorded.
public final class EcoSpan: Span {
    public let context: ServiceContext
    public let identity: SpanIdentity
    private let parentSpanID: String?
    private let kind: SpanKind
    private let startNanos: UInt64
    private let onEnd: @Sendable (FinishedSpan) -> Void
    private let state: Mutex<State>

    private struct State {
        var name: String
        var attributes: SpanAttributes = [:]
        var status: SpanStatus?
        var events: [(name: String, nanos: UInt64, attributes: SpanAttributes)] = []
        var ended = false
    }

    init(name: String, context: ServiceContext, identity: SpanIdentity, parentSpanID: String?, kind: SpanKind, startNanos: UInt64,
         onEnd: @escaping @Sendable (FinishedSpan) -> Void) {
        self.context = context
        self.identity = identity
        self.parentSpanID = parentSpanID
        self.kind = kind
        self.startNanos = startNanos
        self.onEnd = onEnd
        state = Mutex(State(name: name))
    }

    public var operationName: String {
        get { state.withLock { $0.name } }
        set { state.withLock { if !$0.ended { $0.name = newValue } } }
    }

    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { if !$0.ended { $0.attributes = newValue } } }
    }

    public var isRecording: Bool { state.withLock { !$0.ended } }

    public func setStatus(_ status: SpanStatus) { state.withLock { if !$0.ended { $0.status = status } } }

    public func addEvent(_ event: SpanEvent) {
        state.withLock { if !$0.ended { $0.events.append((event.name, event.nanosecondsSinceEpoch, event.attributes)) } }
    }

    /// Records the error as an OpenTelemetry `exception` event and marks the span failed.
    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        var eventAttributes = attributes
        eventAttributes["exception.type"] = String(describing: type(of: error))
        eventAttributes["exception.message"] = String(describing: error)
        let nanos = instant().nanosecondsSinceEpoch
        state.withLock {
            guard !$0.ended else { return }
            $0.events.append(("exception", nanos, eventAttributes))
            $0.status = SpanStatus(code: .error, message: String(describing: error))
        }
    }

    public func addLink(_ link: SpanLink) {}

    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let endNanos = instant().nanosecondsSinceEpoch
        let finished: FinishedSpan? = state.withLock { state in
            guard !state.ended else { return nil }
            state.ended = true
            return FinishedSpan(name: state.name, identity: identity, parentSpanID: parentSpanID, kind: kind, startNanos: startNanos,
                                endNanos: endNanos, attributes: state.attributes, status: state.status, events: state.events)
        }
        if let finished { onEnd(finished) }
    }
}
