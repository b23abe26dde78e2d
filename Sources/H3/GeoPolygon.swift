/// A polygon on the sphere: an outer ring and optional holes, vertices in degrees.
///
/// Edges are straight lines in latitude/longitude, as in h3's polygon functions; an edge whose
/// longitude jumps by more than 180° crosses the antimeridian. Rings need not repeat their first vertex.
public struct GeoPolygon: Hashable, Sendable {
    /// The outer ring.
    public var outer: [LatLng]
    /// Holes cut out of the outer ring.
    public var holes: [[LatLng]]

    /// A polygon from its outer ring and holes (a repeated closing vertex is dropped).
    public init(outer: [LatLng], holes: [[LatLng]] = []) {
        self.outer = GeoPolygon.open(outer)
        self.holes = holes.map(GeoPolygon.open)
    }

    /// Whether the point (degrees) lies inside the outer ring and outside every hole, by h3's ray-casting
    /// test (`pointInsideGeoLoop`), the one ``H3/polygonToCells`` uses.
    public func contains(latitude: Double, longitude: Double) -> Bool {
        let lat = degreesToRadians(latitude), lng = degreesToRadians(longitude)
        guard outer.count >= 3, RadianLoop(outer).contains(lat: lat, lng: lng) else { return false }
        return !holes.contains { $0.count >= 3 && RadianLoop($0).contains(lat: lat, lng: lng) }
    }

    private static func open(_ ring: [LatLng]) -> [LatLng] {
        guard ring.count > 1, ring.first == ring.last else { return ring }
        return Array(ring.dropLast())
    }
}

/// A ring in radians with its bounding box, ready for h3's ray-casting point test.
struct RadianLoop {
    var lat: [Double]
    var lng: [Double]
    var north = -Double.infinity, south = Double.infinity, east = -Double.infinity, west = Double.infinity
    var isTransmeridian = false

    init(_ ring: [LatLng]) {
        lat = ring.map { degreesToRadians($0.latitude) }
        lng = ring.map { degreesToRadians($0.longitude) }
        // h3's bboxFromGeoLoop: an edge spanning more than π in longitude marks the loop transmeridian.
        var minPositive = Double.greatestFiniteMagnitude, maxNegative = -Double.greatestFiniteMagnitude
        var minLng = Double.infinity, maxLng = -Double.infinity
        for i in lat.indices {
            north = max(north, lat[i])
            south = min(south, lat[i])
            minLng = min(minLng, lng[i])
            maxLng = max(maxLng, lng[i])
            if lng[i] < 0 && lng[i] > maxNegative { maxNegative = lng[i] }
            if lng[i] > 0 && lng[i] < minPositive { minPositive = lng[i] }
            if abs(lng[i] - lng[(i + 1) % lng.count]) > Double.pi { isTransmeridian = true }
        }
        east = isTransmeridian ? maxNegative : maxLng
        west = isTransmeridian ? minPositive : minLng
    }

    @inline(__always) func normalized(_ x: Double) -> Double { isTransmeridian && x < 0 ? x + 2 * Double.pi : x }

    /// h3's `pointInsideGeoLoop`: bounding box first, then a ray cast eastwards, with points on a
    /// vertex's longitude nudged west so shared edges count once.
    func contains(lat pLat: Double, lng pLng: Double) -> Bool {
        guard pLat >= south, pLat <= north else { return false }
        if isTransmeridian {
            guard pLng >= west || pLng <= east else { return false }
        } else {
            guard pLng >= west, pLng <= east else { return false }
        }
        var inside = false
        var lngP = normalized(pLng)
        let n = lat.count
        for i in 0..<n {
            var (aLat, aLng, bLat, bLng) = (lat[i], lng[i], lat[(i + 1) % n], lng[(i + 1) % n])
            if aLat > bLat { swap(&aLat, &bLat); swap(&aLng, &bLng) }
            if pLat < aLat || pLat > bLat { continue }
            aLng = normalized(aLng)
            bLng = normalized(bLng)
            if aLng == lngP || bLng == lngP { lngP -= Double.ulpOfOne }
            let ratio = (pLat - aLat) / (bLat - aLat)
            let testLng = normalized(aLng + (bLng - aLng) * ratio)
            if testLng > lngP { inside.toggle() }
        }
        return inside
    }

    /// Edges as planar segments (longitudes normalized for a transmeridian loop).
    var segments: [(Vec2, Vec2)] {
        (0..<lat.count).map { i in
            let j = (i + 1) % lat.count
            return (Vec2(x: normalized(lng[i]), y: lat[i]), Vec2(x: normalized(lng[j]), y: lat[j]))
        }
    }
}

/// A polygon prepared for containment tests.
struct PreparedPolygon {
    let outer: RadianLoop
    let holes: [RadianLoop]

    init(_ p: GeoPolygon) {
        outer = RadianLoop(p.outer)
        holes = p.holes.map(RadianLoop.init)
    }

    func contains(lat: Double, lng: Double) -> Bool {
        outer.contains(lat: lat, lng: lng) && !holes.contains { $0.contains(lat: lat, lng: lng) }
    }

    var loops: [RadianLoop] { [outer] + holes }
}
