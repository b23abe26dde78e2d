import EcoCore
import Foundation

/// The filters of a STAC item search, from a GET query or a POST body (STAC API Item Search 1.0.0):
/// `collections`, `ids`, `bbox` (4 or 6 numbers), `datetime`, `intersects` (not with `bbox`), `limit` (1 or
/// more; above ``maximumLimit`` it is capped, as the specification allows), `token` (the paging token of a
/// `next` link).
public struct StacSearch: Sendable {
    public var collections: [String]?
    public var ids: [String]?
    public var bbox: BoundingBox?
    public var datetime: StacDatetime?
    public var intersects: StacGeometry?
    public var limit = 10
    /// The id of the last series of the previous page.
    public var after: Int64?
    /// The parameters as received, for the paging links (a POST body, or query values).
    var raw: JSONValue = .object([:])

    public static let maximumLimit = 10_000

    public init() {}

    /// From query parameters (lists comma-separated, `intersects` as GeoJSON text).
    public init(query: [String: String]) throws {
        raw = .object(query.mapValues(JSONValue.string))
        func list(_ name: String) -> [String]? {
            query[name].map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        }
        collections = list("collections")
        ids = list("ids")
        if let text = query["bbox"] { bbox = try Self.bbox(text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }) }
        if let text = query["datetime"] { datetime = try Self.datetime(text) }
        if let text = query["intersects"] {
            // A form-encoded query may carry spaces as '+'.
            guard let json = JSONValue.parse(text) ?? JSONValue.parse(text.replacingOccurrences(of: "+", with: " ")) else {
                throw EcoError.badRequest("'intersects' must be a GeoJSON geometry as JSON text, e.g. intersects={\"type\":\"Point\",\"coordinates\":[2.35,48.85]}.")
            }
            intersects = try StacGeometry(json)
        }
        if let text = query["limit"] {
            guard let value = Int(text) else { throw EcoError.badRequest("'limit' must be a whole number of 1 or more; got '\(text)'.") }
            limit = try Self.limit(value)
        }
        if let text = query["token"] { after = try Self.token(text) }
        try checkExclusive()
    }

    /// From a POST body.
    public init(body: JSONValue) throws {
        guard case .object = body else { throw EcoError.badRequest("The search body must be a JSON object, e.g. {\"collections\":[\"pm25\"],\"limit\":10}.") }
        raw = body
        func strings(_ name: String) throws -> [String]? {
            guard let value = body[name], value != .null else { return nil }
            guard case let .array(items) = value else { throw EcoError.badRequest("'\(name)' must be an array of strings.") }
            return try items.map { item in
                guard case let .string(text) = item else { throw EcoError.badRequest("'\(name)' must be an array of strings.") }
                return text
            }
        }
        collections = try strings("collections")
        ids = try strings("ids")
        if let value = body["bbox"], value != .null {
            guard case let .array(items) = value else { throw EcoError.badRequest("'bbox' must be an array of 4 or 6 numbers.") }
            bbox = try Self.bbox(items.map { if case let .number(number) = $0 { number } else { nil } })
        }
        if let value = body["datetime"], value != .null {
            guard case let .string(text) = value else { throw EcoError.badRequest("'datetime' must be a string (RFC 3339 instant or interval).") }
            datetime = try Self.datetime(text)
        }
        if let value = body["intersects"], value != .null { intersects = try StacGeometry(value) }
        if let value = body["limit"], value != .null {
            guard case let .number(number) = value, number == number.rounded(), abs(number) < 1e15 else {
                throw EcoError.badRequest("'limit' must be a whole number of 1 or more.")
            }
            limit = try Self.limit(Int(number))
        }
        if case let .string(text)? = body["token"] { after = try Self.token(text) }
        try checkExclusive()
    }

    private func checkExclusive() throws {
        if bbox != nil, intersects != nil { throw EcoError.badRequest("Give 'bbox' or 'intersects', not both (STAC API Item Search).") }
    }

    static func bbox(_ numbers: [Double?]) throws -> BoundingBox {
        let values = numbers.compactMap { $0 }
        guard values.count == numbers.count, values.count == 4 || values.count == 6 else {
            throw EcoError.badRequest("'bbox' must be 4 numbers west,south,east,north (or 6 with heights), e.g. bbox=2.2,48.8,2.5,48.95.")
        }
        let (west, south, east, north) = values.count == 4 ? (values[0], values[1], values[2], values[3]) : (values[0], values[1], values[3], values[4])
        do {
            return try BoundingBox(parsing: "\(west),\(south),\(east),\(north)")
        } catch {
            throw EcoError.badRequest(error.message)
        }
    }

    static func datetime(_ text: String) throws -> StacDatetime {
        guard let value = StacDatetime(parsing: text) else {
            throw EcoError.badRequest("'datetime' must be an RFC 3339 date-time (2024-05-01T00:00:00Z) or an interval start/end with '..' for an open end, start before end; got '\(text)'.")
        }
        return value
    }

    static func limit(_ value: Int) throws -> Int {
        guard value >= 1 else { throw EcoError.badRequest("'limit' must be 1 or more; got \(value).") }
        return min(value, maximumLimit)
    }

    static func token(_ text: String) throws -> Int64 {
        guard text.hasPrefix("next:"), let id = Int64(text.dropFirst(5)) else {
            throw EcoError.badRequest("'token' '\(text)' is not a paging token; follow the 'next' link of a previous page.")
        }
        return id
    }
}
