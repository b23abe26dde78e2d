import Hummingbird
import Synchronization

/// One registered endpoint: method and full path in OpenAPI form (`/api/v1/observations/{h3}/timeseries`).
public struct RouteDescription: Hashable, Sendable, CustomStringConvertible {
    public var method: String
    public var path: String
    public var description: String { "\(method) \(path)" }
}

/// Every route the application registered, recorded as it is registered, so tests can check the
/// OpenAPI contract (and, later, permissions) against what really exists.
public final class RouteTable: Sendable {
    private let entries = Mutex<[RouteDescription]>([])

    public init() {}

    public var routes: [RouteDescription] { entries.withLock { $0 } }

    func record(_ method: HTTPRequest.Method, _ path: String) {
        // Hummingbird's `:name` parameters are OpenAPI's `{name}`.
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        entries.withLock { $0.append(RouteDescription(method: method.rawValue, path: openAPIPath)) }
    }
}

/// Registers handlers on a router or group and records each in the route table.
struct RouteRegistrar<Methods: RouterMethods<AppRequestContext>> {
    let methods: Methods
    let prefix: String
    let table: RouteTable

    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    func get(_ path: String, use handler: @escaping Handler) { add(.get, path, handler) }
    func post(_ path: String, use handler: @escaping Handler) { add(.post, path, handler) }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        table.record(method, prefix + path)
        methods.on(RouterPath(path), method: method, use: handler)
    }
}
