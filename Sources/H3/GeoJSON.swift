import Foundation

/// GeoJSON in and out for polygons ([longitude, latitude] order, RFC 7946).
extension GeoPolygon {
    /// The polygons of a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection.
    ///
    /// - Throws: ``H3Error/invalidGeometry(_:)`` naming what is wrong.
    public static func polygons(fromGeoJSON text: String) throws(H3Error) -> [GeoPolygon] {
        guard let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data)
        else { throw .invalidGeometry("input is not JSON") }
        return try polygons(fromGeoJSONObject: object)
    }

    static func polygons(fromGeoJSONObject object: Any) throws(H3Error) -> [GeoPolygon] {
        guard let dict = object as? [String: Any], let type = dict["type"] as? String else {
            throw .invalidGeometry("expected a GeoJSON object with a \"type\"")
        }
        switch type {
        case "Feature":
            guard let geometry = dict["geometry"] else { throw .invalidGeometry("Feature without geometry") }
            return try polygons(fromGeoJSONObject: geometry)
        case "FeatureCollection":
            guard let features = dict["features"] as? [Any] else { throw .invalidGeometry("FeatureCollection without features") }
            var out: [GeoPolygon] = []
            for f in features { out += try polygons(fromGeoJSONObject: f) }
            return out
        case "Polygon":
            return [try polygon(fromRings: dict["coordinates"])]
        case "MultiPolygon":
            guard let polygons = dict["coordinates"] as? [Any] else { throw .invalidGeometry("MultiPolygon without coordinates") }
            var out: [GeoPolygon] = []
            for p in polygons { out.append(try polygon(fromRings: p)) }
            return out
        default:
            throw .invalidGeometry("unsupported GeoJSON type \(type); expected Polygon, MultiPolygon or Feature")
        }
    }

    private static func polygon(fromRings value: Any?) throws(H3Error) -> GeoPolygon {
        guard let rings = value as? [[[Any]]], !rings.isEmpty else {
            throw .invalidGeometry("Polygon coordinates must be a list of rings of [lng, lat] positions")
        }
        var parsed: [[LatLng]] = []
        for ring in rings {
            var points: [LatLng] = []
            for position in ring {
                guard position.count >= 2, let lng = (position[0] as? NSNumber)?.doubleValue,
                      let lat = (position[1] as? NSNumber)?.doubleValue, lat.isFinite, lng.isFinite
                else { throw .invalidGeometry("a position must be [longitude, latitude] numbers") }
                points.append(LatLng(latitude: lat, longitude: lng))
            }
            guard points.count >= 3 else { throw .invalidGeometry("a ring needs at least 3 positions") }
            parsed.append(points)
        }
        return GeoPolygon(outer: parsed[0], holes: Array(parsed.dropFirst()))
    }

    /// The polygon's rings as GeoJSON coordinates: closed rings of [lng, lat].
    public var geoJSONCoordinates: [[[Double]]] {
        ([outer] + holes).map { ring in (ring + ring.prefix(1)).map { [$0.longitude, $0.latitude] } }
    }

    /// A GeoJSON MultiPolygon of the polygons, as compact JSON text.
    public static func multiPolygonGeoJSON(_ polygons: [GeoPolygon]) -> String {
        let coordinates = polygons.map { p in "[" + p.geoJSONCoordinates.map(ringJSON).joined(separator: ",") + "]" }
        return "{\"type\":\"MultiPolygon\",\"coordinates\":[" + coordinates.joined(separator: ",") + "]}"
    }

    /// A GeoJSON Polygon, as compact JSON text.
    public var geoJSON: String {
        "{\"type\":\"Polygon\",\"coordinates\":[" + geoJSONCoordinates.map(GeoPolygon.ringJSON).joined(separator: ",") + "]}"
    }

    private static func ringJSON(_ ring: [[Double]]) -> String {
        "[" + ring.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",") + "]"
    }
}

extension H3Cell {
    /// The cell outline as a GeoJSON Polygon: [lng, lat] order, closed ring.
    public var boundaryGeoJSON: String { GeoPolygon(outer: boundary).geoJSON }
}
