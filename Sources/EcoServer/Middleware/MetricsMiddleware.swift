import EcoCore
import EcoPipeline
import Hummingbird

/// Counts requests and their durations per route template (never the raw path, which would
/// explode the label set).
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: EcoMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.requestCompleted(method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
                                 status: Int(response.status.code), seconds: (ContinuousClock.now - start).seconds)
        return response
    }
}
