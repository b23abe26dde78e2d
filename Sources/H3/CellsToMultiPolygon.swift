extension H3 {
    /// The outline of a set of cells as polygons with holes (h3 4.5's `cellsToMultiPolygon`, same
    /// polygons, rings, first vertices and order, bit for bit).
    ///
    /// Works on the grid's topology, not on coordinates: each cell contributes its directed edges as
    /// a counter-clockwise loop; an edge whose reverse is also present is shared, so both go and the
    /// two loops are stitched into one. What remains are rings: each connected group of them is one
    /// polygon whose outer ring is the one enclosing the least area (counter-clockwise), the others
    /// (clockwise) being its holes. Polygons come largest first. Rings are in degrees, not closed,
    /// and may cross the antimeridian or circle a pole as they are. Cells that cover the whole
    /// sphere give h3's eight octant triangles.
    ///
    /// - Throws: ``H3Error/invalidCell(_:)`` for an invalid cell, ``H3Error/mixedOrDuplicateInput``
    ///   when the cells do not share one resolution or one appears twice.
    public static func cellsToMultiPolygon(_ cells: some Sequence<H3Cell>) throws(H3Error) -> [GeoPolygon] {
        let cells = Array(cells)
        guard let first = cells.first else { return [] }
        for cell in cells {
            guard cell.isValid else { throw .invalidCell(cell.hex) }
            guard cell.resolution == first.resolution else { throw .mixedOrDuplicateInput }
        }
        guard Set(cells).count == cells.count else { throw .mixedOrDuplicateInput }

        var arcs = EdgeLoops(cells)
        arcs.cancelSharedEdges()
        let rings = arcs.rings()
        guard !rings.isEmpty else { return wholeSphere() }

        // Rings of one component together, least enclosed area (the outer ring) first.
        let ordered = rings.indices.sorted { a, b in
            (rings[a].component, rings[a].area, a) < (rings[b].component, rings[b].area, b)
        }.map { rings[$0] }
        var polygons: [(outerArea: Double, polygon: GeoPolygon)] = []
        var start = 0
        while start < ordered.count {
            var end = start + 1
            while end < ordered.count && ordered[end].component == ordered[start].component { end += 1 }
            let polygon = GeoPolygon(outer: degrees(ordered[start].vertices),
                                     holes: ordered[(start + 1)..<end].map { degrees($0.vertices) })
            polygons.append((ordered[start].area, polygon))
            start = end
        }
        return sortedLargestFirst(polygons)
    }

    /// h3's outline of the whole sphere: eight triangles, one per octant, vertices at the poles and on
    /// the equator every 90°.
    private static func wholeSphere() -> [GeoPolygon] {
        let quarter = Double.pi / 2
        // Equator longitudes of each triangle's two other vertices, going round counter-clockwise.
        let northern: [Double] = [0, quarter, Double.pi, -quarter, 0]
        let southern: [Double] = [0, -quarter, -Double.pi, quarter, 0]
        var triangles: [(outerArea: Double, polygon: GeoPolygon)] = []
        for (poleLatitude, equator) in [(quarter, northern), (-quarter, southern)] {
            for i in 0..<4 {
                let ring = [(lat: poleLatitude, lng: 0.0), (lat: 0.0, lng: equator[i]), (lat: 0.0, lng: equator[i + 1])]
                triangles.append((SphericalArea.loop(ring), GeoPolygon(outer: degrees(ring))))
            }
        }
        return sortedLargestFirst(triangles)
    }

    private static func sortedLargestFirst(_ polygons: [(outerArea: Double, polygon: GeoPolygon)]) -> [GeoPolygon] {
        polygons.indices.sorted { a, b in
            (-polygons[a].outerArea, a) < (-polygons[b].outerArea, b)
        }.map { polygons[$0].polygon }
    }

    private static func degrees(_ ring: [(lat: Double, lng: Double)]) -> [LatLng] {
        ring.map { LatLng(latitude: radiansToDegrees($0.lat), longitude: radiansToDegrees($0.lng)) }
    }
}

/// The directed edges of a set of cells as doubly linked loops, with a union-find over the loops
/// merged by shared edges (h3's `ArcSet`). Arcs are indexes into the arrays below.
private struct EdgeLoops {
    var ids: [UInt64] = []
    var next: [Int] = []
    var previous: [Int] = []
    var removed: [Bool] = []
    var parent: [Int] = []
    var rank: [Int] = []
    var arcOfEdge: [UInt64: Int] = [:]

    // Positions of a cell's edges (in direction order) around it, counter-clockwise.
    private static let hexagonLoop = [0, 4, 3, 5, 1, 2]
    private static let pentagonLoop = [0, 1, 3, 2, 4]

    init(_ cells: [H3Cell]) {
        for cell in cells {
            let base = ids.count
            let edges = DirectedEdge.edges(from: cell)
            let loop = edges.count == 6 ? Self.hexagonLoop : Self.pentagonLoop
            ids += edges
            parent += Array(repeating: base, count: edges.count)
            rank += Array(repeating: 1, count: edges.count)
            removed += Array(repeating: false, count: edges.count)
            next += Array(repeating: 0, count: edges.count)
            previous += Array(repeating: 0, count: edges.count)
            for i in loop.indices {
                let current = base + loop[i]
                next[current] = base + loop[(i + 1) % loop.count]
                previous[current] = base + loop[(i + loop.count - 1) % loop.count]
            }
        }
        for (arc, id) in ids.enumerated() { arcOfEdge[id] = arc }
    }

    /// Removes every edge whose reverse is present, splicing the two loops together at that place.
    mutating func cancelSharedEdges() {
        for a in ids.indices where !removed[a] {
            guard let reverse = DirectedEdge.reversed(ids[a]), let b = arcOfEdge[reverse] else { continue }
            removed[a] = true
            removed[b] = true
            // The same four re-links as h3, in the same order (they read each other's results).
            previous[next[a]] = previous[b]
            next[previous[a]] = next[b]
            previous[next[b]] = previous[a]
            next[previous[b]] = next[a]
            union(a, b)
        }
    }

    /// The remaining loops in order of their first arc: vertices in radians (each edge's start vertex
    /// and any crossing vertex), the edge id of their component's root, and their enclosed area.
    mutating func rings() -> [(vertices: [(lat: Double, lng: Double)], component: UInt64, area: Double)] {
        var visited = [Bool](repeating: false, count: ids.count)
        var out: [(vertices: [(lat: Double, lng: Double)], component: UInt64, area: Double)] = []
        for start in ids.indices where !visited[start] && !removed[start] {
            var vertices: [(lat: Double, lng: Double)] = []
            var arc = start
            repeat {
                vertices += DirectedEdge.boundary(ids[arc]).dropLast()
                visited[arc] = true
                arc = next[arc]
            } while arc != start
            out.append((vertices, ids[root(start)], SphericalArea.loop(vertices)))
        }
        return out
    }

    private mutating func root(_ arc: Int) -> Int {
        var r = arc
        while parent[r] != r { r = parent[r] }
        var a = arc
        while parent[a] != r {
            let up = parent[a]
            parent[a] = r
            a = up
        }
        return r
    }

    /// Union by size, the larger component's root staying root (ties: the first argument's).
    private mutating func union(_ a: Int, _ b: Int) {
        var ra = root(a), rb = root(b)
        if rank[ra] < rank[rb] { swap(&ra, &rb) }
        guard ra != rb else { return }
        rank[ra] += rank[rb]
        parent[rb] = ra
    }
}
