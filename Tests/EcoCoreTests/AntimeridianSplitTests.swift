import Foundation
import H3
import Testing
@testable import EcoCore

struct AntimeridianSplitTests {
    typealias Position = GeoJSONGeometry.Position

    static func cell(_ hex: String) -> UInt64 { Spatial.cell(hex: hex)! }

    static func planarArea(_ ring: [Position]) -> Double {
        zip(ring, ring.dropFirst()).reduce(0.0) { $0 + $1.0.longitude * $1.1.latitude - $1.1.longitude * $1.0.latitude } / 2
    }

    static func inside(_ ring: [Position], longitude: Double, latitude: Double) -> Bool {
        var inside = false
        for (a, b) in zip(ring, ring.dropFirst()) where (a.latitude > latitude) != (b.latitude > latitude) {
            if longitude < a.longitude + (latitude - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude) { inside.toggle() }
        }
        return inside
    }

    /// What RFC 7946 asks of every ring: closed, at least four positions, within ±180°, no edge
    /// jumping across the antimeridian; exteriors counter-clockwise and holes clockwise.
    static func expectWellFormed(_ g: GeoJSONGeometry, _ label: String) {
        #expect(!g.polygons.isEmpty, "\(label)")
        for polygon in g.polygons {
            for (index, ring) in polygon.enumerated() {
                #expect(ring.count >= 4 && ring.first == ring.last, "\(label): ring not closed")
                #expect(ring.allSatisfy { abs($0.longitude) <= 180 && abs($0.latitude) <= 90 }, "\(label)")
                // No edge jumps across ±180°; only the line of a pole runs from 180° to −180°.
                let jumps = zip(ring, ring.dropFirst()).filter { abs($0.longitude - $1.longitude) > 180 }
                #expect(jumps.allSatisfy { abs($0.latitude) == 90 && $0.latitude == $1.latitude }, "\(label): edge across ±180°")
                #expect(index == 0 ? planarArea(ring) > 0 : planarArea(ring) < 0, "\(label): orientation of ring \(index)")
            }
        }
    }

    // Cells found with h3-py 4.5.0 (latlng_to_cell on the antimeridian, and at both poles).
    static let crossing = ["809bfffffffffff", "829b5ffffffffff", "859b5dc7fffffff", "899b5dc5597ffff", "8f9b5dc5596906b",
                           "800dfffffffffff", "830d9efffffffff", "870d9eccaffffff"]
    static let northPole = ["8001fffffffffff", "81033ffffffffff", "8403263ffffffff", "8a0326233ab7fff", "8f0326233ab0399"]
    static let southPole = ["80f3fffffffffff", "81f2bffffffffff", "84f2939ffffffff", "8af29380e0d7fff", "8ef29380e0d0cc7"]

    @Test func aCellAwayFromTheAntimeridianIsItsBoundaryAsOnePolygon() {
        let cell = Self.cell("871fb4671ffffff")  // Paris
        let g = Spatial.boundaryGeometry(of: cell)
        let ring = Spatial.boundary(of: cell).map { Position(longitude: $0.lng, latitude: $0.lat) }
        #expect(g.type == "Polygon")
        #expect(g.polygons == [[ring + [ring[0]]]])
    }

    /// Each piece stays on its side, the cut points lie on the great-circle edges at ±180°, and the
    /// pieces add up to the cell's area on the longitude/latitude plane.
    @Test(arguments: crossing)
    func aCellAcrossTheAntimeridianIsCutIntoTwoPolygons(hex: String) {
        let boundary = Spatial.boundary(of: Self.cell(hex))
        let g = Spatial.boundaryGeometry(of: Self.cell(hex))
        Self.expectWellFormed(g, hex)
        #expect(g.type == "MultiPolygon")
        #expect(g.polygons.count == 2)
        #expect(g.polygons.allSatisfy { $0.count == 1 })
        let sides = g.polygons.map { $0[0].allSatisfy { $0.longitude >= 0 } }
        #expect(Set(sides) == [true, false], "one piece east of 180°, one west")
        // Every vertex of the cell is in a piece, at its own coordinates (longitude 180 may read −180).
        let positions = Set(g.polygons.flatMap { $0[0] })
        for v in boundary {
            #expect(positions.contains(Position(longitude: v.lng, latitude: v.lat)) || positions.contains(Position(longitude: -v.lng, latitude: v.lat)))
        }
        // Cut points are on the antimeridian and on an edge's great circle.
        let cuts = positions.filter { abs($0.longitude) == 180 }
        #expect(cuts.count == 4)
        for cut in cuts {
            let onSomeEdge = boundary.indices.contains { i in
                Self.coplanar(boundary[i], boundary[(i + 1) % boundary.count], (cut.latitude, 180))
            }
            #expect(onSomeEdge, "\(hex): cut \(cut) is on no edge")
        }
        // The same area as the unwrapped ring on the plane, but for the sliver between the great-circle
        // cut and a straight one (1.7 % for the res-0 cell at 65°N, whose edges bow far from straight).
        let unwrapped = Self.unwrappedArea(boundary)
        let pieces = g.polygons.reduce(0.0) { $0 + Self.planarArea($1[0]) }
        let tolerance = (Spatial.resolution(of: Self.cell(hex)) == 0 ? 0.02 : 1e-3) * unwrapped + 1e-9
        #expect(abs(pieces - unwrapped) <= tolerance, "\(hex): \(pieces) vs \(unwrapped)")
    }

    @Test func neighbouringCellsGetTheSameCutPoints() throws {
        let centre = try H3.latLngToCell(latitude: -16.5, longitude: 180, resolution: 5)
        func cuts(_ cell: H3Cell) -> [Position] {
            Spatial.boundaryGeometry(of: cell.rawValue).polygons.flatMap { $0[0] }.filter { abs($0.longitude) == 180 }
        }
        // Every edge of a cell within 2 steps is shared with a cell within 3.
        let inner = try H3.gridDisk(centre, k: 2).flatMap(cuts)
        let all = try H3.gridDisk(centre, k: 3).flatMap(cuts)
        #expect(inner.count >= 8)
        for cut in inner {
            // The same point is cut from the cell on the other side of the edge (a vertex shared by
            // two cells can differ in its last bits, hence the nanodegree).
            let twins = all.filter { abs($0.latitude - cut.latitude) < 1e-9 && $0.longitude == cut.longitude }
            #expect(twins.count >= 2, "\(cut) has no twin")
        }
    }

    @Test(arguments: northPole.map { ($0, 1.0) } + southPole.map { ($0, -1.0) })
    func aCellContainingAPoleIsOnePolygonReachingThePole(hex: String, pole: Double) {
        let g = Spatial.boundaryGeometry(of: Self.cell(hex))
        Self.expectWellFormed(g, hex)
        #expect(g.type == "Polygon")
        let ring = g.polygons[0][0]
        #expect(ring.contains(Position(longitude: 180, latitude: 90 * pole)))
        #expect(ring.contains(Position(longitude: -180, latitude: 90 * pole)))
        // Between the pole and the ring's point nearest to it (a cut point may come closer than any vertex).
        let nearest = ring.map { abs($0.latitude) }.filter { $0 < 90 }.max()!
        let farthest = ring.map { abs($0.latitude) }.min()!
        for lng in stride(from: -179.5, through: 179.5, by: 17.0) {
            #expect(Self.inside(ring, longitude: lng, latitude: pole * (nearest + 90) / 2), "\(hex): \(lng) near the pole")
            #expect(!Self.inside(ring, longitude: lng, latitude: pole * (farthest - 0.5)), "\(hex): \(lng) beyond the cell")
        }
    }

    /// Every cell of resolutions 0–2: well formed; one Polygon unless it crosses ±180° (two) or holds a
    /// pole (one, reaching the pole's line).
    @Test func everyCellOfResolutions0To2IsWellFormed() throws {
        let base = (0..<122).map { H3Cell(unchecked: UInt64(0x0800_1FFF_FFFF_FFFF) | UInt64($0) << 45) }
        var crossing = 0, polar = 0
        let poles = try (0...2).flatMap { res in
            [try H3.latLngToCell(latitude: 90, longitude: 0, resolution: res), try H3.latLngToCell(latitude: -90, longitude: 0, resolution: res)]
        }
        for cell in try base.flatMap({ try [$0] + $0.children(at: 1) + $0.children(at: 2) }) {
            let g = Spatial.boundaryGeometry(of: cell.rawValue)
            Self.expectWellFormed(g, cell.hex)
            let lngs = cell.boundary.map(\.longitude)
            let crosses = zip(lngs, lngs.dropFirst() + lngs.prefix(1)).contains { abs($0 - $1) > 180 }
            if poles.contains(cell) {
                polar += 1
                #expect(g.polygons.count == 1 && g.polygons[0][0].contains { abs($0.latitude) == 90 }, "\(cell)")
            } else if crosses {
                crossing += 1
                #expect(g.polygons.count == 2, "\(cell)")
            } else {
                #expect(g.polygons.count == 1 && g.polygons[0][0].count == lngs.count + 1, "\(cell)")
            }
        }
        #expect(polar == 6)
        #expect(crossing > 30)
    }

    /// A ring crossing four times (a "C" open to the east across 180°) gives three polygons: the C
    /// on the east edge of the map and two rectangles on the west edge.
    @Test func aRingCrossingFourTimesGivesThreePolygons() {
        let ring: [AntimeridianSplit.Vertex] = [
            (0, 170), (0, -170), (3, -170), (3, 175), (6, 175), (6, -170), (9, -170), (9, 170),
        ]
        let g = AntimeridianSplit.geometry(ring: ring)
        Self.expectWellFormed(g, "C")
        #expect(g.polygons.count == 3)
        let east = g.polygons.filter { $0[0].allSatisfy { $0.longitude >= 0 } }
        #expect(east.count == 1)
        #expect(east.first?[0].count == 9)  // 4 vertices, 4 cut points, closed
    }

    @Test func aClockwiseRingIsTurnedRound() {
        let ring: [AntimeridianSplit.Vertex] = [(-10, 175), (-10, -175), (-20, -175), (-20, 175)]
        let forward = AntimeridianSplit.geometry(ring: Array(ring.reversed()))
        let backward = AntimeridianSplit.geometry(ring: ring)
        Self.expectWellFormed(backward, "clockwise")
        #expect(Set(backward.polygons.map { Set($0[0]) }) == Set(forward.polygons.map { Set($0[0]) }))
    }

    @Test func aHoleStaysWithThePieceThatHoldsIt() {
        let outer: [AntimeridianSplit.Vertex] = [(0, 170), (0, -170), (10, -170), (10, 170)]
        let hole: [AntimeridianSplit.Vertex] = [(4, 172), (6, 172), (6, 174), (4, 174)]  // clockwise
        let g = AntimeridianSplit.geometry(outer: outer, holes: [hole])
        Self.expectWellFormed(g, "holed")
        #expect(g.polygons.count == 2)
        #expect(g.polygons.map(\.count).sorted() == [1, 2])
        #expect(g.polygons.first { $0.count == 2 }?[0].allSatisfy { $0.longitude >= 0 } == true)
    }

    /// A band of cells around the north pole: its outer ring and its hole both circle the pole, and
    /// join into one ring along ±180°: one polygon, without hole, not reaching the pole.
    @Test func aBandAroundThePoleIsOneRing() throws {
        let pole = try H3.latLngToCell(latitude: 90, longitude: 0, resolution: 2)
        let band = try H3.gridDisk(pole, k: 2).filter { try H3.gridDistance(pole, $0) >= 1 }.map(\.rawValue)
        let g = try Spatial.outlineGeometry(of: band)
        Self.expectWellFormed(g, "band")
        #expect(g.type == "Polygon")
        #expect(g.polygons[0].count == 1)
        let ring = g.polygons[0][0]
        #expect(!ring.contains { abs($0.latitude) == 90 })
        #expect(!Self.inside(ring, longitude: 10, latitude: 89.9))
        let inBand = Spatial.center(of: band[0])
        #expect(Self.inside(ring, longitude: inBand.lng, latitude: inBand.lat))
    }

    @Test func outlinesAcrossTheAntimeridianAreCut() throws {
        let centre = try H3.latLngToCell(latitude: 65, longitude: -179.5, resolution: 4)
        let ring = try H3.gridDisk(centre, k: 2).filter { try H3.gridDistance(centre, $0) == 2 }.map(\.rawValue)
        let g = try Spatial.outlineGeometry(of: ring)
        Self.expectWellFormed(g, "ring of cells")
        // The ring and its hole are both cut: each side is one polygon shaped like a C, no hole.
        #expect(g.polygons.count == 2)
        #expect(g.polygons.allSatisfy { $0.count == 1 })
    }

    /// h3-py 4.5.0 puts one vertex of this res-15 cell exactly on the south pole: the pole is a corner,
    /// not inside. The corner becomes a stretch of the pole's line between its two meridian edges,
    /// which here runs across 180°: two pieces, both reaching the pole's line, neither spanning it.
    @Test func aVertexOnThePoleBecomesAStretchOfThePoleLine() {
        let cell = Self.cell("8ff29380e0d0cc4")
        #expect(Spatial.boundary(of: cell).contains { $0.lat == -90 })
        let g = Spatial.boundaryGeometry(of: cell)
        Self.expectWellFormed(g, "corner on the pole")
        #expect(g.polygons.count == 2)
        for polygon in g.polygons {
            let onPoleLine = polygon[0].filter { $0.latitude == -90 }.map(\.longitude)
            #expect(onPoleLine.count >= 2)
            #expect(!(onPoleLine.contains(180) && onPoleLine.contains(-180)))
        }
    }

    /// All 122 base cells: the octants H3 gives for the whole sphere (three corners each, one on a
    /// pole) become the eight 90° × 90° squares of the map.
    @Test func theWholeSphereIsTheWholeMap() throws {
        let all = (0..<122).map { UInt64(0x0800_1FFF_FFFF_FFFF) | UInt64($0) << 45 }
        let g = try Spatial.outlineGeometry(of: all)
        Self.expectWellFormed(g, "sphere")
        #expect(g.polygons.count == 8)
        let area = g.polygons.reduce(0.0) { $0 + Self.planarArea($1[0]) }
        #expect(abs(area - 360 * 180) < 1e-6)
        #expect(throws: EcoError.self) { try Spatial.outlineGeometry(of: [all[0], all[0]]) }
    }

    @Test func encodesAsGeoJSON() throws {
        let clockwise: [AntimeridianSplit.Vertex] = [(-10, 175), (-10, -175), (-20, -175), (-20, 175)]
        let g = AntimeridianSplit.geometry(ring: Array(clockwise.reversed()))
        let decoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(g)) as? [String: Any]
        #expect(decoded?["type"] as? String == "MultiPolygon")
        #expect((decoded?["coordinates"] as? [[[[Double]]]])?.count == 2)
        let text = try JSONSerialization.jsonObject(with: Data(g.json.utf8)) as? [String: Any]
        #expect(text?["type"] as? String == "MultiPolygon")
        #expect((text?["coordinates"] as? [[[[Double]]]])?.count == 2)
        let one = Spatial.boundaryGeometry(of: Self.cell("871fb4671ffffff"))
        #expect(one.json.hasPrefix(#"{"type":"Polygon","coordinates":[[["#))
    }

    // MARK: helpers

    static func coplanar(_ a: (lat: Double, lng: Double), _ b: (lat: Double, lng: Double), _ p: (lat: Double, lng: Double)) -> Bool {
        func unit(_ v: (lat: Double, lng: Double)) -> [Double] {
            let lat = v.lat * .pi / 180, lng = v.lng * .pi / 180
            return [cos(lat) * cos(lng), cos(lat) * sin(lng), sin(lat)]
        }
        let (u, v, w) = (unit(a), unit(b), unit(p))
        let det = u[0] * (v[1] * w[2] - v[2] * w[1]) - u[1] * (v[0] * w[2] - v[2] * w[0]) + u[2] * (v[0] * w[1] - v[1] * w[0])
        let between = min(a.lat, b.lat) - 1e-9 <= p.lat && p.lat <= max(a.lat, b.lat) + 1e-9 && abs(a.lng - b.lng) > 180
        return abs(det) < 1e-12 && between
    }

    static func unwrappedArea(_ ring: [(lat: Double, lng: Double)]) -> Double {
        var x = [ring[0].lng]
        for v in ring.dropFirst() {
            var d = v.lng - (x.last! - 360 * ((x.last! + 180) / 360).rounded(.down))
            if d > 180 { d -= 360 } else if d <= -180 { d += 360 }
            x.append(x.last! + d)
        }
        return ring.indices.reduce(0.0) { sum, i in
            let j = (i + 1) % ring.count
            return sum + x[i] * ring[j].lat - x[j] * ring[i].lat
        } / 2
    }
}
