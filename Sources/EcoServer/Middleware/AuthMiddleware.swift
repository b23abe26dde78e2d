import EcoCore
import EcoPipeline
import Hummingbird

/// Fills `context.auth` (identity and client address) for every request; bad credentials end the
/// request here with a 401 problem. Whether the identity may use a route is the route's gate's
/// decision (`AccessControl`), since only the route knows the permission it needs.
struct AuthMiddleware: RouterMiddleware {
    let access: AccessControl

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        context.auth.clientIP = access.clientIP(request, context: context)
        context.auth.identity = try await access.authenticator.identify(Self.credentials(of: request))
        return try await next(request, context)
    }

    /// The request's credential headers; a GET of a live stream may carry its credential as
    /// `?access_token=` instead, because browsers' EventSource and WebSocket cannot set headers.
    static func credentials(of request: Request) -> HTTPFields {
        var headers = request.headers
        let path = request.uri.path
        guard request.method == .get, headers[.authorization] == nil, headers[Authenticator.apiKeyHeader] == nil,
              path.hasSuffix("/stream") || path.hasPrefix("/ws/"),
              let token = request.uri.queryParameters["access_token"], !token.isEmpty else { return headers }
        headers[.authorization] = "Bearer \(token)"
        return headers
    }
}
