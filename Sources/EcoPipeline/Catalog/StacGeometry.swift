import EcoCore
import H3

/// The `intersects` filter of a STAC search: any GeoJSON geometry (RFC 7946), tested against the catalogue's
/// items, which are points (a series' station).
public indirect enum StacGeometry: Sendable {
    case points([LatLng])
    case lines([[LatLng]])
    case polygons([GeoPolygon])
    case collection([StacGeometry])

    /// Parses a GeoJSON geometry object.
    /// - Throws: `EcoError.badRequest` naming what is wrong.
    public init(_ json: JSONValue) throws {
        guard case let .string(type)? = json["type"] else {
            throw EcoError.badRequest("'intersects' must be a GeoJSON geometry object with a 'type', e.g. {\"type\":\"Point\",\"coordinates\":[2.35,48.85]}.")
        }
        func positions(_ value: JSONValue?) throws -> [LatLng] {
            guard case let .array(items)? = value else { throw EcoError.badRequest("'intersects' \(type) coordinates must be arrays of positions.") }
            return try items.map { try position($0) }
        }
        func position(_ value: JSONValue) throws -> LatLng {
            guard case let .array(numbers) = value, numbers.count >= 2, case let .number(lng) = numbers[0], case let .number(lat) = numbers[1],
                  (-180...180).contains(lng), (-90...90).contains(lat)
            else { throw EcoError.badRequest("'intersects' \(type) has a position that is not [longitude, latitude] in degrees.") }
            return LatLng(latitude: lat, longitude: lng)
        }
        func list(_ value: JSONValue?) throws -> [JSONValue] {
            guard case let .array(items)? = value else { throw EcoError.badRequest("'intersects' \(type) needs 'coordinates' as an array.") }
            return items
        }
        func polygon(_ value: JSONValue) throws -> GeoPolygon {
            let rings = try list(value).map { try positions($0) }
            guard let outer = rings.first, rings.allSatisfy({ $0.count >= 4 && $0.first == $0.last }) else {
                throw EcoError.badRequest("'intersects' polygon rings must be closed (first position repeated last) with at least 4 positions.")
            }
            return GeoPolygon(outer: outer, holes: Array(rings.dropFirst()))
        }
        switch type {
        case "Point": self = .points([try position(json["coordinates"] ?? .null)])
        case "MultiPoint": self = .points(try positions(json["coordinates"]))
        case "LineString": self = .lines([try positions(json["coordinates"])])
        case "MultiLineString": self = .lines(try list(json["coordinates"]).map { try positions($0) })
        case "Polygon": self = .polygons([try polygon(json["coordinates"] ?? .null)])
        case "MultiPolygon": self = .polygons(try list(json["coordinates"]).map { try polygon($0) })
        case "GeometryCollection": self = .collection(try list(json["geometries"]).map { try StacGeometry($0) })
        default:
            throw EcoError.badRequest("'intersects' type '\(type)' is not a GeoJSON geometry; use Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or GeometryCollection.")
        }
    }

    /// Whether the point lies on the geometry (within 1e-9 degrees for points and lines; inside or on the
    /// boundary of a polygon).
    public func contains(lat: Double, lng: Double) -> Bool {
        let tolerance = 1e-9
        func onSegment(_ a: LatLng, _ b: LatLng) -> Bool {
            let (dx, dy) = (b.longitude - a.longitude, b.latitude - a.latitude)
            let length = dx * dx + dy * dy
            let t = length == 0 ? 0 : max(0, min(1, ((lng - a.longitude) * dx + (lat - a.latitude) * dy) / length))
            let (x, y) = (a.longitude + t * dx, a.latitude + t * dy)
            return abs(x - lng) <= tolerance && abs(y - lat) <= tolerance
        }
        func onLine(_ line: [LatLng]) -> Bool { zip(line, line.dropFirst()).contains { onSegment($0, $1) } || line.count == 1 && onSegment(line[0], line[0]) }
        switch self {
        case .points(let points): return points.contains { abs($0.latitude - lat) <= tolerance && abs($0.longitude - lng) <= tolerance }
        case .lines(let lines): return lines.contains(where: onLine)
        case .polygons(let polygons):
            return polygons.contains { polygon in
                polygon.contains(latitude: lat, longitude: lng) || ([polygon.outer] + polygon.holes).contains { onLine($0 + [$0[0]]) }
            }
        case .collection(let members): return members.contains { $0.contains(lat: lat, lng: lng) }
        }
    }
}
