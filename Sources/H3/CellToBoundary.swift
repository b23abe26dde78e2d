extension H3Cell {
    /// The cell's outline in degrees, counter-clockwise, not closed (h3's `cellToBoundary`).
    ///
    /// Hexagons have 6 vertices and pentagons 5, plus one extra vertex wherever a Class III
    /// cell's edge crosses an icosahedron face edge (up to 10 in all), exactly as h3 v4.
    public var boundary: [LatLng] {
        boundaryRadians().map { LatLng(latitude: radiansToDegrees($0.lat), longitude: radiansToDegrees($0.lng)) }
    }

    func boundaryRadians() -> [(lat: Double, lng: Double)] {
        let res = resolution
        let center = FaceIJK(cell: rawValue)
        return isPentagon ? Boundary.pentagon(center, resolution: res) : Boundary.hexagon(center, resolution: res)
    }
}

/// Vertex computation on the aperture-3 substrate grid (h3's `_faceIjkToCellBoundary`).
enum Boundary {
    // Vertex offsets around a cell centre on the substrate grid, counter-clockwise.
    private static let verticesClassII = [
        CoordIJK(2, 1, 0), CoordIJK(1, 2, 0), CoordIJK(0, 2, 1), CoordIJK(0, 1, 2), CoordIJK(1, 0, 2), CoordIJK(2, 0, 1),
    ]
    private static let verticesClassIII = [
        CoordIJK(5, 4, 0), CoordIJK(1, 5, 0), CoordIJK(0, 5, 4), CoordIJK(0, 1, 5), CoordIJK(4, 0, 5), CoordIJK(5, 0, 1),
    ]

    /// The vertices of a cell on the substrate grid, and the Class II resolution they live at.
    private static func substrateVertices(_ f: FaceIJK, resolution res: Int, count: Int) -> (vertices: [FaceIJK], adjRes: Int) {
        var c = f.coord
        c.downAperture3()
        c.downAperture3r()
        var adjRes = res
        if isClassIII(res) {
            c.downAperture7r()
            adjRes += 1
        }
        let offsets = isClassIII(res) ? verticesClassIII : verticesClassII
        let vertices = (0..<count).map { FaceIJK(face: f.face, coord: (c + offsets[$0]).normalized()) }
        return (vertices, adjRes)
    }

    /// Corners of the face triangle (on the substrate grid at `adjRes`) and the pair bounding quadrant `dir`.
    private static func faceEdge(quadrant dir: Int, adjRes: Int) -> (Vec2, Vec2) {
        let maxDim = Double(FaceTables.maxDimByCIIres[adjRes])
        let s = H3Constants.sqrt3Over2
        let v0 = Vec2(x: 3.0 * maxDim, y: 0.0)
        let v1 = Vec2(x: -1.5 * maxDim, y: 3.0 * s * maxDim)
        let v2 = Vec2(x: -1.5 * maxDim, y: -3.0 * s * maxDim)
        switch dir {
        case 1: return (v0, v1)
        case 3: return (v1, v2)
        default: return (v2, v0)
        }
    }

    private static func adjacentQuadrant(_ a: Int, _ b: Int) -> Int { Int(FaceTables.adjacentFaceDir[a * 20 + b]) }

    /// The vertices `start ..< start + length` (topological, mod 6) of a hexagon, with a vertex added
    /// where a Class III edge crosses an icosahedron edge (h3's `_faceIjkToCellBoundary`).
    static func hexagon(_ center: FaceIJK, resolution res: Int, start: Int = 0, length: Int = 6) -> [(lat: Double, lng: Double)] {
        let (vertices, adjRes) = substrateVertices(center, resolution: res, count: 6)
        var out: [(lat: Double, lng: Double)] = []
        out.reserveCapacity(10)
        var lastFace = -1
        var lastOverage = Overage.none
        // For the whole ring one extra step checks the edge from the last vertex back to the first too.
        let steps = length == 6 ? 7 : length
        for vert in start..<(start + steps) {
            let v = vert % 6
            var fijk = vertices[v]
            let overage = fijk.adjustOverageClassII(resolution: adjRes, pentagonLeadingI: false, substrate: true)
            // A Class III edge that crosses an icosahedron edge gets an extra vertex at the crossing, so each
            // half is projected on its own face. Class II vertices sit on face edges, so they never need it.
            if isClassIII(res) && vert > start && fijk.face != lastFace && lastOverage != .faceEdge {
                let lastV = (v + 5) % 6
                let p0 = vertices[lastV].coord.hex2d()
                let p1 = vertices[v].coord.hex2d()
                let face2 = lastFace == center.face ? fijk.face : lastFace
                let (e0, e1) = faceEdge(quadrant: adjacentQuadrant(center.face, face2), adjRes: adjRes)
                let crossing = Vec2.intersection(p0, p1, e0, e1)
                if !(p0.almostEquals(crossing) || p1.almostEquals(crossing)) {
                    out.append(FaceProjection.latLng(hex2d: crossing, face: center.face, resolution: adjRes, substrate: true))
                }
            }
            if vert < start + 6 {
                out.append(FaceProjection.latLng(hex2d: fijk.coord.hex2d(), face: fijk.face, resolution: adjRes, substrate: true))
            }
            lastFace = fijk.face
            lastOverage = overage
        }
        return out
    }

    /// The vertices `start ..< start + length` (mod 5) of a pentagon, with the crossing vertex of every
    /// Class III edge (h3's `_faceIjkPentToCellBoundary`).
    static func pentagon(_ center: FaceIJK, resolution res: Int, start: Int = 0, length: Int = 5) -> [(lat: Double, lng: Double)] {
        let (vertices, adjRes) = substrateVertices(center, resolution: res, count: 5)
        var out: [(lat: Double, lng: Double)] = []
        out.reserveCapacity(10)
        var last = FaceIJK(face: 0, coord: CoordIJK(0, 0, 0))
        let steps = length == 5 ? 6 : length
        for vert in start..<(start + steps) {
            let v = vert % 5
            var fijk = vertices[v]
            fijk.adjustPentagonVertexOverage(resolution: adjRes)
            // Every Class III pentagon edge crosses a face edge: add the crossing, computed on the last face.
            if isClassIII(res) && vert > start {
                let p0 = last.coord.hex2d()
                let toLast = adjacentQuadrant(fijk.face, last.face)
                let orientation = FaceOrientation(face: fijk.face, quadrant: toLast)
                var ijk = fijk.coord
                for _ in 0..<orientation.ccwRotations { ijk.rotate60ccw() }
                ijk = (ijk + orientation.translate * (Int(FaceTables.unitScaleByCIIres[adjRes]) * 3)).normalized()
                let p1 = ijk.hex2d()
                let (e0, e1) = faceEdge(quadrant: adjacentQuadrant(orientation.face, fijk.face), adjRes: adjRes)
                let crossing = Vec2.intersection(p0, p1, e0, e1)
                out.append(FaceProjection.latLng(hex2d: crossing, face: orientation.face, resolution: adjRes, substrate: true))
            }
            if vert < start + 5 {
                out.append(FaceProjection.latLng(hex2d: fijk.coord.hex2d(), face: fijk.face, resolution: adjRes, substrate: true))
            }
            last = fijk
        }
        return out
    }
}
