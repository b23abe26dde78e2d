import Tracing

/// An ended span as the exporter sends it: plain values, no locks.
public struct FinishedSpan: Sendable {
    public var name: String
    public var identity: SpanIdentity
    public var parentSpanID: String?
    public var kind: SpanKind
    public var startNanos: UInt64
    public var endNanos: UInt64
    public var attributes: SpanAttributes
    public var status: SpanStatus?
    /// Events (errors recorded included) with their time.
    public var events: [(name: String, nanos: UInt64, attributes: SpanAttributes)]
}
