import Tracing

/// A span's place in a trace: the W3C trace id (32 lowercase hex digits) and span id (16), as OTLP, `traceparent`
/// and the JSON logs write them.
public struct SpanIdentity: Sendable, Equatable {
    public let traceID: String
    public let spanID: String

    public init(traceID: String, spanID: String) {
        self.traceID = traceID
        self.spanID = spanID
    }

    /// A new span in the trace of `parent`, or the first span of a new trace.
    static func child(of parent: SpanIdentity?) -> SpanIdentity {
        SpanIdentity(traceID: parent?.traceID ?? hex(UInt64.random(in: 1...UInt64.max)) + hex(UInt64.random(in: .min ... .max)),
                     spanID: hex(UInt64.random(in: 1...UInt64.max)))
    }

    /// The W3C `traceparent` header of this span (version 00, sampled).
    public var traceparent: String { "00-\(traceID)-\(spanID)-01" }

    /// Parses a W3C `traceparent` header (`00-<32 hex>-<16 hex>-<2 hex>`); nil when malformed or all-zero, as the
    /// specification asks (the request then starts a trace of its own).
    public init?(traceparent header: String) {
        let parts = header.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isHexDigit) && $0.lowercased() == $0 }),
              parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" })
        else { return nil }
        self.init(traceID: String(parts[1]), spanID: String(parts[2]))
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// The current span's identity in a `ServiceContext` (read by the JSON log handler).
public enum SpanIdentityKey: ServiceContextKey {
    public typealias Value = SpanIdentity
}

/// The tracer of the process in a `ServiceContext`: present only when tracing is on, so code below the HTTP layer
/// (``Traced``) starts spans without being handed a tracer.
public enum EcoTracerKey: ServiceContextKey {
    public typealias Value = EcoTracer
}

extension ServiceContext {
    /// The identity of the span this task runs in, if any.
    public var spanIdentity: SpanIdentity? { self[SpanIdentityKey.self] }
}
