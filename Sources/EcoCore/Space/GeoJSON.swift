/// GeoJSON (RFC 7946) building blocks: positions are [longitude, latitude].
public enum GeoJSON {
    /// A cell's hexagon (or pentagon) as a Feature with a closed Polygon ring.
    public static func hexagonFeature(cell: UInt64, properties: [String: JSONValue]) -> JSONValue {
        var ring = Spatial.boundary(of: cell).map { JSONValue.array([.number($0.lng), .number($0.lat)]) }
        if let first = ring.first { ring.append(first) }
        return .object([
            "type": .string("Feature"),
            "geometry": .object(["type": .string("Polygon"), "coordinates": .array([.array(ring)])]),
            "properties": .object(properties),
        ])
    }

    public static func featureCollection(_ features: [JSONValue]) -> JSONValue {
        .object(["type": .string("FeatureCollection"), "features": .array(features)])
    }
}
