import EcoCore
import EcoPipeline
import Hummingbird
import Logging

/// Logs one line per request (method, route, status, duration) and returns the request id
/// in `X-Request-Id`, so a user's report can be matched to the log.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.init("X-Request-Id")!] = context.id
        let elapsed = ContinuousClock.now - start
        context.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)",
            "path": "\(request.uri.path)",
            "route": "\(context.endpointPath ?? "-")",
            "status": "\(response.status.code)",
            "durationMs": "\((elapsed.seconds * 1000 * 1000).rounded() / 1000)",
        ])
        return response
    }
}
