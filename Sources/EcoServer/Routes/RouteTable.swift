import EcoCore
import EcoPipeline
import Hummingbird
import Synchronization

/// One registered endpoint: method and full path in OpenAPI form (`/api/v1/observations/{h3}/timeseries`).
public struct RouteDescription: Hashable, Sendable, CustomStringConvertible {
    public var method: String
    public var path: String
    public var description: String { "\(method) \(path)" }
}

/// A registered route with the permission it declared.
public struct RegisteredRoute: Sendable {
    public var route: RouteDescription
    public var permission: Permission
}

/// Every route the application registered, recorded as it is registered, so tests can check the
/// OpenAPI contract (and, later, permissions) against what really exists.
public final class RouteTable: Sendable {
    private let entries = Mutex<[RegisteredRoute]>([])

    public init() {}

    public var routes: [RouteDescription] { entries.withLock { $0.map(\.route) } }

    /// Every route with its declared permission.
    public var registered: [RegisteredRoute] { entries.withLock { $0 } }

    @discardableResult
    func record(_ method: HTTPRequest.Method, _ path: String, permission: Permission) -> RouteDescription {
        // Hummingbird's `:name` parameters are OpenAPI's `{name}`.
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        let route = RouteDescription(method: method.rawValue, path: openAPIPath)
        entries.withLock { $0.append(RegisteredRoute(route: route, permission: permission)) }
        return route
    }
}

/// Registers handlers on a router or group and records each in the route table. Every handler
/// runs behind `AccessControl`: the declared permission is enforced, with rate limits and audit;
/// then under the route's body limit from `limits` (413 past it).
struct RouteRegistrar<Methods: RouterMethods<AppRequestContext>> {
    let methods: Methods
    let prefix: String
    let table: RouteTable
    let access: AccessControl
    let limits: BodyLimits

    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    /// Registers a GET route that needs `permission`.
    func get(_ path: String, _ permission: Permission, use handler: @escaping Handler) { add(.get, path, permission, .automatic, handler) }
    /// Registers a GET route answering with a long-lived stream (SSE): it does not hold a concurrency slot.
    func stream(_ path: String, _ permission: Permission, use handler: @escaping Handler) {
        add(.get, path, permission, .automatic, handler, longLived: true)
    }
    /// Registers a PUT route that needs `permission`.
    func put(_ path: String, _ permission: Permission, audit: AuditMode = .automatic, use handler: @escaping Handler) {
        add(.put, path, permission, audit, handler)
    }
    /// Registers a POST route that needs `permission`.
    func post(_ path: String, _ permission: Permission, audit: AuditMode = .automatic, use handler: @escaping Handler) {
        add(.post, path, permission, audit, handler)
    }
    /// Registers a PATCH route that needs `permission`.
    func patch(_ path: String, _ permission: Permission, audit: AuditMode = .automatic, use handler: @escaping Handler) {
        add(.patch, path, permission, audit, handler)
    }
    /// Registers a DELETE route that needs `permission`.
    func delete(_ path: String, _ permission: Permission, audit: AuditMode = .automatic, use handler: @escaping Handler) {
        add(.delete, path, permission, audit, handler)
    }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ permission: Permission, _ audit: AuditMode,
                     _ handler: @escaping Handler, longLived: Bool = false) {
        let route = table.record(method, prefix + path, permission: permission)
        let access = access
        let limit = limits.limit(for: route)
        methods.on(RouterPath(path), method: method) { request, context in
            var context = context
            context.bodyLimit = limit
            return try await access.run(permission, route: route, audit: audit, longLived: longLived, request: request, context: context) { request, context in
                try await limit.enforce(request) { try await handler(request, context) }
            }
        }
    }
}
