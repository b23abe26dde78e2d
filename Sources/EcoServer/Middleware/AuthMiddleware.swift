import Hummingbird

/// Fills `context.auth` (identity and client address) for every request; bad credentials end the
/// request here with a 401 problem. Whether the identity may use a route is the route's gate's
/// decision (`AccessControl`), since only the route knows the permission it needs.
struct AuthMiddleware: RouterMiddleware {
    let access: AccessControl

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        context.auth.clientIP = access.clientIP(request, context: context)
        context.auth.identity = try await access.authenticator.identify(request.headers)
        return try await next(request, context)
    }
}
