import EcoCore
import EcoPipeline
import HTTPTypes
import Hummingbird
import Logging

/// Logs one line per request (method, route, status, duration) and returns the request id
/// in `X-Request-Id`, so a user's report can be matched to the log.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[requestIDField] = context.id
        let elapsed = ContinuousClock.now - start
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "route": .string(context.endpointPath ?? "-"),
            "status": "\(response.status.code)",
            "durationMs": "\((elapsed.seconds * 1000 * 1000).rounded() / 1000)",
        ])
        return response
    }
}

/// Parsed once, not per response.
private let requestIDField = HTTPField.Name("X-Request-Id")!
