/// Directed edges between neighbouring cells, as h3 numbers them (directedEdge.c, vertex.c): an edge
/// index is its origin cell's index with mode 2 and the direction (1…6) in the reserved bits.
/// Internal for now: `cellsToMultiPolygon` is built on them.
enum DirectedEdge {
    private static let modeAndReserved: UInt64 = 0xF << 59 | 7 << 56

    /// The edge from `origin` towards its neighbour in `direction`.
    static func index(origin: UInt64, direction: Int) -> UInt64 {
        (origin & ~modeAndReserved) | 2 << 59 | UInt64(direction) << 56
    }

    static func origin(_ edge: UInt64) -> UInt64 { (edge & ~modeAndReserved) | 1 << 59 }
    static func direction(_ edge: UInt64) -> Int { Int((edge >> 56) & 7) }

    /// The edges leaving `cell` in direction order (h3's `originToDirectedEdges`): 1…6, or 2…6 for a
    /// pentagon, whose K direction is deleted.
    static func edges(from cell: H3Cell) -> [UInt64] {
        (cell.isPentagon ? 2...6 : 1...6).map { index(origin: cell.rawValue, direction: $0) }
    }

    /// The same edge walked the other way, or nil when the step does not exist.
    static func reversed(_ edge: UInt64) -> UInt64? {
        let from = origin(edge)
        var rotations = 0
        guard let to = try? Neighbor.step(from, direction: direction(edge), rotations: &rotations),
              let back = direction(from: to, to: from)
        else { return nil }
        return index(origin: to, direction: back)
    }

    /// The direction from `origin` to a neighbouring `destination` (h3's `directionForNeighbor`).
    static func direction(from origin: UInt64, to destination: UInt64) -> Int? {
        let first = H3Cell(unchecked: origin).isPentagon ? 2 : 1
        return (first...6).first { dir in
            var rotations = 0
            return (try? Neighbor.step(origin, direction: dir, rotations: &rotations)) == destination
        }
    }

    /// The edge's vertices in radians, from its start vertex to its end vertex, with the extra vertex
    /// where it crosses an icosahedron edge (h3's `directedEdgeToBoundary`).
    static func boundary(_ edge: UInt64) -> [(lat: Double, lng: Double)] {
        let cell = H3Cell(unchecked: origin(edge))
        let start = vertexNumber(cell, direction: direction(edge))
        let center = FaceIJK(cell: cell.rawValue)
        return cell.isPentagon
            ? Boundary.pentagon(center, resolution: cell.resolution, start: start, length: 2)
            : Boundary.hexagon(center, resolution: cell.resolution, start: start, length: 2)
    }

    // First vertex (counter-clockwise) of the edge in each direction on the base cell's own face, by
    // direction 0…6 (7 where there is no edge): hexagons, then pentagons (vertex.c).
    private static let hexagonVertexByDirection = [7, 3, 1, 2, 5, 4, 0]
    private static let pentagonVertexByDirection = [7, 7, 1, 2, 4, 3, 0]

    /// The boundary vertex where the edge in `direction` starts (h3's `vertexNumForDirection`).
    static func vertexNumber(_ cell: H3Cell, direction: Int) -> Int {
        let rotations = vertexRotations(cell)
        return cell.isPentagon
            ? (pentagonVertexByDirection[direction] + 5 - rotations) % 5
            : (hexagonVertexByDirection[direction] + 6 - rotations) % 6
    }

    /// 60° ccw turns between the cell's vertex numbering and its base cell's directions, which depend
    /// on the face holding the cell's centre (h3's `vertexRotations`).
    private static func vertexRotations(_ cell: H3Cell) -> Int {
        let face = FaceIJK(cell: cell.rawValue).face
        let bc = cell.baseCell
        var rotations = BaseCells.rotations(bc, onFace: face)
        guard BaseCells.isPentagon(bc) else { return rotations }
        let faces = BaseCells.pentagonDirectionFaces(bc)  // faces in directions J, JK, I, IK, IJ
        let leading = IndexBits.leadingNonZeroDigit(cell.rawValue)
        // One more turn on a polar pentagon's other faces, or on the face towards IK.
        if face != BaseCells.home(bc).face && (BaseCells.isPolarPentagon(bc) || face == faces[3]) {
            rotations = (rotations + 1) % 6
        }
        // Crossing the deleted K sub-sequence, from JK to IK or back.
        if leading == 3 && face == faces[3] {
            rotations = (rotations + 5) % 6
        } else if leading == 5 && face == faces[1] {
            rotations = (rotations + 1) % 6
        }
        return rotations
    }
}

extension BaseCells {
    /// The ccw 60° rotations of base cell `bc` as seen from `face` (its first entry in the face's
    /// resolution-0 table), or −1 when the face does not hold it (h3's `_baseCellToCCWrot60`).
    static func rotations(_ bc: Int, onFace face: Int) -> Int {
        let t = BaseCellTables.faceIjkBaseCells
        for entry in 0..<27 where Int(t[(face * 27 + entry) * 2]) == bc {
            return Int(t[(face * 27 + entry) * 2 + 1])
        }
        return -1
    }

    /// A pentagon base cell's faces in directions J, JK, I, IK, IJ (h3's `pentagonDirectionFaces`).
    static func pentagonDirectionFaces(_ bc: Int) -> [Int] {
        let t = BaseCellTables.pentagonDirectionFaces
        guard let row = stride(from: 0, to: t.count, by: 6).first(where: { Int(t[$0]) == bc }) else { return [] }
        return (1...5).map { Int(t[row + $0]) }
    }
}
