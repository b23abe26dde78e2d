/// A GeoJSON (RFC 7946) Polygon or MultiPolygon in degrees, ready to encode.
///
/// Every ring is closed (its first position repeated last) and has at least four positions;
/// exterior rings run counter-clockwise and holes clockwise (RFC 7946 §3.1.6). Made by
/// ``AntimeridianSplit``, so no ring crosses the antimeridian (§3.1.9). Encodes as
/// `{"type":"Polygon","coordinates":[…]}` or `{"type":"MultiPolygon","coordinates":[[…]]}`.
public struct GeoJSONGeometry: Sendable, Hashable, Encodable {
    /// A position, encoded as `[longitude, latitude]`.
    public struct Position: Sendable, Hashable, Encodable {
        public var longitude: Double
        public var latitude: Double

        public init(longitude: Double, latitude: Double) {
            self.longitude = longitude
            self.latitude = latitude
        }

        public func encode(to encoder: any Encoder) throws {
            var pair = encoder.unkeyedContainer()
            try pair.encode(longitude)
            try pair.encode(latitude)
        }
    }

    /// The polygons, each its exterior ring followed by its holes.
    public let polygons: [[[Position]]]

    public init(polygons: [[[Position]]]) {
        self.polygons = polygons
    }

    /// `"Polygon"` for exactly one polygon, else `"MultiPolygon"` (also for none).
    public var type: String { polygons.count == 1 ? "Polygon" : "MultiPolygon" }

    private enum CodingKeys: String, CodingKey { case type, coordinates }

    public func encode(to encoder: any Encoder) throws {
        var object = encoder.container(keyedBy: CodingKeys.self)
        try object.encode(type, forKey: .type)
        if polygons.count == 1 {
            try object.encode(polygons[0], forKey: .coordinates)
        } else {
            try object.encode(polygons, forKey: .coordinates)
        }
    }

    /// The geometry as compact JSON text, `type` first (for the CLI and logs; the server encodes the value).
    public var json: String {
        func ring(_ r: [Position]) -> String { "[" + r.map { "[\($0.longitude),\($0.latitude)]" }.joined(separator: ",") + "]" }
        func polygon(_ p: [[Position]]) -> String { "[" + p.map(ring).joined(separator: ",") + "]" }
        let coordinates = polygons.count == 1 ? polygon(polygons[0]) : "[" + polygons.map(polygon).joined(separator: ",") + "]"
        return "{\"type\":\"\(type)\",\"coordinates\":\(coordinates)}"
    }
}
