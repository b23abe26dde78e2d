import EcoCore
import EcoStore

/// A list answer: `{"data": [...], "pagination": {...}}`.
public struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    public var data: [Item]
    public var pagination: Pagination

    public init(data: [Item], pagination: Pagination) {
        self.data = data
        self.pagination = pagination
    }

    /// Every item on one page: no cursor, no more.
    public static func complete(_ data: [Item]) -> Page {
        Page(data: data, pagination: Pagination(limit: data.count, nextCursor: nil, hasMore: false))
    }

    /// A list a route returns whole unless `limit` asks for fewer: `pagination.limit` is the limit
    /// asked for (the number of items when none was), and `hasMore` says whether items were left out.
    public static func whole(_ data: [Item], limit: Int?) -> Page {
        guard let limit else { return complete(data) }
        return Page(data: Array(data.prefix(limit)), pagination: Pagination(limit: limit, nextCursor: nil, hasMore: data.count > limit))
    }
}

/// Keyset pagination state of a list answer.
public struct Pagination: Encodable, Sendable {
    public var limit: Int
    /// Pass as `cursor` to get the next page; absent on the last page.
    public var nextCursor: String?
    public var hasMore: Bool
    /// Exact number of matching rows, only when asked for with `count=exact`.
    public var total: Int?

    public init(limit: Int, nextCursor: String?, hasMore: Bool, total: Int? = nil) {
        self.limit = limit
        self.nextCursor = nextCursor
        self.hasMore = hasMore
        self.total = total
    }
}
