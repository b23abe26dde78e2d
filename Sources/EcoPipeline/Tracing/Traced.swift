import ServiceLifecycle
import Tracing

/// Spans for code below the HTTP layer, without handing it a tracer: the tracer travels in the task's
/// `ServiceContext` (put there by the request middleware and by ``TracedService``). Without one, as when no
/// OTLP endpoint is configured, the body simply runs (one task-local read).
public enum Traced {
    /// Runs `body` in a span named `name`: a child of the current span, or the root of a new trace (background jobs).
    public static func span<T>(_ name: String, kind: SpanKind = .internal, attributes: SpanAttributes = [:],
                               isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T) async rethrows -> T {
        guard let context = ServiceContext.current, let tracer = context[EcoTracerKey.self] else { return try await body() }
        return try await tracer.withSpan(name, context: context, ofKind: kind, isolation: isolation) { span in
            if !attributes.isEmpty { span.attributes = attributes }
            return try await body()
        }
    }
}

/// Runs a background service with the tracer in its task's context, so the jobs it runs start their own traces.
struct TracedService: Service {
    let service: any Service
    let tracer: EcoTracer

    func run() async throws {
        var context = ServiceContext.topLevel
        context[EcoTracerKey.self] = tracer
        try await ServiceContext.withValue(context) { try await service.run() }
    }
}
