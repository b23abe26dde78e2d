/// Failures of the store that users can act on.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    case schemaTooNew(found: Int, supported: Int, path: String)
    case closed
    /// A read ran longer than the configured query timeout and was stopped.
    case queryTimedOut(limit: Duration)

    public var description: String {
        switch self {
        case let .schemaTooNew(found, supported, path):
            "The database at \(path) has schema version \(found), but this ecotrack supports up to \(supported). Upgrade ecotrack, or point --database at another file."
        case .closed:
            "The store is closed."
        case let .queryTimedOut(limit):
            "The query ran longer than the \(limit.components.seconds) s limit and was stopped; narrow the time window or region, use coarser buckets, or export with format=ndjson."
        }
    }
}
