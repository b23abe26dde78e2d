import EcoPipeline
import HTTPTypes
import Hummingbird
import Tracing

/// One server span per request (added only when tracing is on): named `METHOD /route/{pattern}`, with the method,
/// route, path and status code. A valid W3C `traceparent` from the caller makes it a child of the caller's span;
/// the response's `traceparent` names this span. Everything the handler does (store calls, log lines) runs inside it.
struct RequestTracingMiddleware<Context: RequestContext>: RouterMiddleware {
    let tracer: EcoTracer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var parent = ServiceContext.topLevel
        tracer.extract(request.headers, into: &parent, using: HTTPFieldsExtractor())
        let method = request.method.rawValue
        return try await tracer.withSpan(method, context: parent, ofKind: .server) { span in
            span.attributes["http.request.method"] = method
            span.attributes["url.path"] = request.uri.path
            do {
                var response = try await next(request, context)
                Self.describe(span, route: context.endpointPath, method: method, status: Int(response.status.code))
                response.headers[traceparentField] = span.identity.traceparent
                return response
            } catch {
                let status = (error as? any HTTPResponseError)?.status.code ?? 500
                Self.describe(span, route: context.endpointPath, method: method, status: Int(status))
                throw error
            }
        }
    }

    /// Route and status, known once the handler ran; 5xx marks the span failed (4xx is the caller's error, per OpenTelemetry).
    private static func describe(_ span: EcoSpan, route: String?, method: String, status: Int) {
        span.operationName = route.map { "\(method) \($0)" } ?? method
        span.attributes["http.route"] = route ?? "unmatched"
        span.attributes["http.response.status_code"] = status
        if status >= 500 { span.setStatus(SpanStatus(code: .error, message: "HTTP \(status)")) }
    }
}

/// Reads headers for `Tracer.extract`.
private struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from carrier: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { carrier[$0] }
    }
}

/// Parsed once, not per response.
private let traceparentField = HTTPField.Name("traceparent")!
