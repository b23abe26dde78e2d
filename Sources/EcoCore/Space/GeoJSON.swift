/// GeoJSON (RFC 7946) building blocks: positions are [longitude, latitude].
public enum GeoJSON {
    /// A cell's hexagon (or pentagon) as a Feature: a Polygon, or a MultiPolygon cut at the
    /// antimeridian (RFC 7946 §3.1.9) for cells that cross ±180°.
    public static func hexagonFeature(cell: UInt64, properties: [String: JSONValue]) -> JSONValue {
        .object([
            "type": .string("Feature"),
            "geometry": geometry(Spatial.boundaryGeometry(of: cell)),
            "properties": .object(properties),
        ])
    }

    /// A geometry as a JSON value.
    public static func geometry(_ geometry: GeoJSONGeometry) -> JSONValue {
        func position(_ p: GeoJSONGeometry.Position) -> JSONValue { .array([.number(p.longitude), .number(p.latitude)]) }
        func polygon(_ rings: [[GeoJSONGeometry.Position]]) -> JSONValue { .array(rings.map { .array($0.map(position)) }) }
        let coordinates: JSONValue = geometry.polygons.count == 1 ? polygon(geometry.polygons[0]) : .array(geometry.polygons.map(polygon))
        return .object(["type": .string(geometry.type), "coordinates": coordinates])
    }

    public static func featureCollection(_ features: [JSONValue]) -> JSONValue {
        .object(["type": .string("FeatureCollection"), "features": .array(features)])
    }
}
