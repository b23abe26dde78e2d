import Foundation

/// GeoJSON polygons in ([longitude, latitude] order, RFC 7946). GeoJSON out goes through EcoCore's
/// `AntimeridianSplit`, which cuts rings at ±180° as RFC 7946 asks; h3 itself does not.
extension GeoPolygon {
    /// The polygons of a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection.
    ///
    /// Numbers are read exactly (to the nearest double), so a fill of the same text gives h3's cells.
    /// - Throws: ``H3Error/invalidGeometry(_:)`` naming what is wrong.
    public static func polygons(fromGeoJSON text: String) throws(H3Error) -> [GeoPolygon] {
        guard let tree = try? JSONDecoder().decode(JSONTree.self, from: Data(text.utf8)) else {
            throw .invalidGeometry("input is not JSON")
        }
        return try polygons(from: tree)
    }

    private static func polygons(from tree: JSONTree) throws(H3Error) -> [GeoPolygon] {
        guard case .object(let dict) = tree, case .string(let type)? = dict["type"] else {
            throw .invalidGeometry("expected a GeoJSON object with a \"type\"")
        }
        switch type {
        case "Feature":
            guard let geometry = dict["geometry"] else { throw .invalidGeometry("Feature without geometry") }
            return try polygons(from: geometry)
        case "FeatureCollection":
            guard case .array(let features)? = dict["features"] else { throw .invalidGeometry("FeatureCollection without features") }
            var out: [GeoPolygon] = []
            for f in features { out += try polygons(from: f) }
            return out
        case "Polygon":
            return [try polygon(fromRings: dict["coordinates"])]
        case "MultiPolygon":
            guard case .array(let polygons)? = dict["coordinates"] else { throw .invalidGeometry("MultiPolygon without coordinates") }
            var out: [GeoPolygon] = []
            for p in polygons { out.append(try polygon(fromRings: p)) }
            return out
        default:
            throw .invalidGeometry("unsupported GeoJSON type \(type); expected Polygon, MultiPolygon or Feature")
        }
    }

    private static func polygon(fromRings value: JSONTree?) throws(H3Error) -> GeoPolygon {
        let shape = H3Error.invalidGeometry("Polygon coordinates must be a list of rings of [lng, lat] positions")
        guard case .array(let rings)? = value, !rings.isEmpty else { throw shape }
        var parsed: [[LatLng]] = []
        for ring in rings {
            guard case .array(let positions) = ring else { throw shape }
            var points: [LatLng] = []
            for position in positions {
                guard case .array(let numbers) = position, numbers.count >= 2,
                      case .number(let lng) = numbers[0], case .number(let lat) = numbers[1], lat.isFinite, lng.isFinite
                else { throw .invalidGeometry("a position must be [longitude, latitude] numbers") }
                points.append(LatLng(latitude: lat, longitude: lng))
            }
            guard points.count >= 3 else { throw .invalidGeometry("a ring needs at least 3 positions") }
            parsed.append(points)
        }
        return GeoPolygon(outer: parsed[0], holes: Array(parsed.dropFirst()))
    }
}

/// Any JSON value, decoded with `JSONDecoder`, which reads numbers exactly (Foundation's
/// `JSONSerialization` on Linux can be an ulp off on 17-digit numbers).
private indirect enum JSONTree: Decodable {
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])
    case other

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else if let text = try? value.decode(String.self) {
            self = .string(text)
        } else if let array = try? value.decode([JSONTree].self) {
            self = .array(array)
        } else if let object = try? value.decode([String: JSONTree].self) {
            self = .object(object)
        } else {
            self = .other
        }
    }
}
