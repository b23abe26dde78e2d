/// Which cells of a polygon fill to keep.
public enum Containment: String, Sendable, CaseIterable {
    /// The cell's centre is inside the polygon (h3 v4's default `polygonToCells`).
    case center
    /// The whole cell is inside the polygon.
    case full
    /// The cell touches the polygon: shares any area with it.
    case overlapping
}

extension H3 {
    /// The cells at `resolution` covering a polygon with holes, sorted (h3's `polygonToCells`).
    ///
    /// - Parameters:
    ///   - containment: `.center` (default) gives exactly h3 v4's set; `.full` and `.overlapping`
    ///     follow h3's experimental containment modes, testing the cell outline against the polygon
    ///     edges as straight lines in latitude/longitude.
    public static func polygonToCells(
        _ polygon: GeoPolygon, resolution: Int, containment: Containment = .center
    ) throws(H3Error) -> [H3Cell] {
        guard (0...15).contains(resolution) else { throw .resolutionOutOfRange(resolution) }
        guard polygon.outer.count >= 3 else { throw .invalidGeometry("a polygon ring needs at least 3 vertices") }
        let prepared = PreparedPolygon(polygon)
        let test = CellTest(polygon: prepared, containment: containment)

        // Seeds: cells along every ring, sampled finer than the smallest cell edge, and their neighbours.
        var seeds = Set<UInt64>()
        let stepDegrees = ResolutionTables.averageEdgeLengthKm[resolution] / 111.0 / 4.0
        for ring in [polygon.outer] + polygon.holes {
            for i in ring.indices {
                let a = ring[i], b = ring[(i + 1) % ring.count]
                var dLng = b.longitude - a.longitude
                if dLng > 180 { dLng -= 360 } else if dLng < -180 { dLng += 360 }
                let dLat = b.latitude - a.latitude
                let steps = max(1, Int((max(abs(dLat), abs(dLng)) / stepDegrees).rounded(.up)))
                for s in 0...steps {
                    let t = Double(s) / Double(steps)
                    let raw = latLngToCellIndex(latitude: a.latitude + dLat * t, longitude: a.longitude + dLng * t, resolution: resolution)
                    if raw != 0 { seeds.insert(raw) }
                }
            }
        }
        var frontier = Array(seeds)
        for cell in frontier { for n in neighbors(of: H3Cell(unchecked: cell)) { seeds.insert(n.rawValue) } }

        // Flood fill from the seeds through every cell that could belong.
        var visited = Set<UInt64>()
        var result: [H3Cell] = []
        frontier = Array(seeds)
        while let cell = frontier.popLast() {
            guard visited.insert(cell).inserted else { continue }
            let c = H3Cell(unchecked: cell)
            let (keep, expand) = test.evaluate(c)
            if keep { result.append(c) }
            if expand || seeds.contains(cell) {
                for n in neighbors(of: c) where !visited.contains(n.rawValue) && (expand || seeds.contains(n.rawValue)) {
                    frontier.append(n.rawValue)
                }
            }
        }
        return result.sorted()
    }

    /// The cells covering every polygon of a multipolygon, without duplicates, sorted.
    public static func polygonToCells(
        _ polygons: [GeoPolygon], resolution: Int, containment: Containment = .center
    ) throws(H3Error) -> [H3Cell] {
        var all = Set<H3Cell>()
        for p in polygons { all.formUnion(try polygonToCells(p, resolution: resolution, containment: containment)) }
        return all.sorted()
    }
}

/// Per-cell decision of a polygon fill: whether to keep the cell and whether to grow from it.
struct CellTest {
    let polygon: PreparedPolygon
    let containment: Containment
    let segments: [(Vec2, Vec2)]

    init(polygon: PreparedPolygon, containment: Containment) {
        self.polygon = polygon
        self.containment = containment
        segments = polygon.loops.flatMap(\.segments)
    }

    func evaluate(_ cell: H3Cell) -> (keep: Bool, expand: Bool) {
        let center = cell.centerRadians
        let centerInside = polygon.contains(lat: center.lat, lng: center.lng)
        if containment == .center { return (centerInside, centerInside) }
        let ring = cell.boundaryRadians().map { Vec2(x: polygon.outer.normalized($0.lng), y: $0.lat) }
        let verticesInside = ring.map { polygon.contains(lat: $0.y, lng: $0.x) }
        let crosses = edgesCross(ring)
        let polygonVertexInCell = vertexInside(ring)
        let overlaps = centerInside || verticesInside.contains(true) || crosses || polygonVertexInCell
        switch containment {
        case .full: return (centerInside && !verticesInside.contains(false) && !crosses && !polygonVertexInCell, overlaps)
        default: return (overlaps, overlaps)
        }
    }

    private func edgesCross(_ ring: [Vec2]) -> Bool {
        for i in ring.indices {
            let p = ring[i], q = ring[(i + 1) % ring.count]
            for (a, b) in segments where Segment.intersects(p, q, a, b) { return true }
        }
        return false
    }

    // Any polygon vertex strictly inside the cell outline (a hole or a spike inside one cell).
    private func vertexInside(_ ring: [Vec2]) -> Bool {
        let loop = RadianLoop(lat: ring.map(\.y), lng: ring.map(\.x))
        return segments.contains { loop.contains(lat: $0.0.y, lng: $0.0.x) }
    }
}

enum Segment {
    @inline(__always) static func orientation(_ a: Vec2, _ b: Vec2, _ c: Vec2) -> Double {
        (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    }

    /// Whether segments pq and ab properly intersect or touch.
    static func intersects(_ p: Vec2, _ q: Vec2, _ a: Vec2, _ b: Vec2) -> Bool {
        let d1 = orientation(a, b, p), d2 = orientation(a, b, q)
        let d3 = orientation(p, q, a), d4 = orientation(p, q, b)
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
    }
}

extension RadianLoop {
    /// A loop from radian coordinates already prepared (used for cell outlines).
    init(lat: [Double], lng: [Double]) {
        self.init([])
        self.lat = lat
        self.lng = lng
        north = lat.max() ?? 0
        south = lat.min() ?? 0
        east = lng.max() ?? 0
        west = lng.min() ?? 0
    }
}

extension H3 {
    /// The cells at `resolution` covering a latitude/longitude box in degrees. `west > east` means
    /// the box crosses the antimeridian.
    public static func boundingBoxToCells(
        north: Double, south: Double, east: Double, west: Double, resolution: Int, containment: Containment = .center
    ) throws(H3Error) -> [H3Cell] {
        guard north > south, [north, south, east, west].allSatisfy(\.isFinite) else {
            throw .invalidGeometry("a bounding box needs north > south and finite edges")
        }
        let box = GeoPolygon(outer: [
            LatLng(latitude: south, longitude: west), LatLng(latitude: south, longitude: east),
            LatLng(latitude: north, longitude: east), LatLng(latitude: north, longitude: west),
        ])
        return try polygonToCells(box, resolution: resolution, containment: containment)
    }
}
