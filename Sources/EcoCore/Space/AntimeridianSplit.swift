import Foundation

/// Cuts rings and polygons at the antimeridian (±180° longitude) so that no GeoJSON ring crosses
/// it (RFC 7946 §3.1.9).
///
/// Input vertices are latitude/longitude in degrees (longitudes in any range, rings not closed),
/// joined by great-circle edges spanning less than 180° of longitude, as H3's. Exterior rings run
/// counter-clockwise and holes clockwise, as H3's cell boundaries and outlines do.
///
/// - A ring that stays within ±180° comes back as it is, closed: a Polygon.
/// - A ring that crosses is cut where its edges meet the antimeridian (the latitude where the
///   great-circle edge meets it; neighbouring cells get the same point) and each side is closed
///   along ±180°: a MultiPolygon of two polygons, or more for a ring that crosses more than twice.
/// - A ring that circles a pole (an H3 cell containing the north or south pole, or a band of cells
///   around one) crosses an odd number of times and encloses the pole on its left. It is closed
///   along ±180° up to the pole and along the pole's line (latitude ±90° from 180° to −180°): one
///   Polygon covering the polar cap on a longitude/latitude map, the usual drawing of a polar region.
///   A hole circling the pole (a band) is joined to the outer ring the same way.
/// - A vertex exactly at a pole (the meeting point of meridian edges; H3 has one at res 15, and the
///   octants of a whole-sphere outline) becomes a stretch of the pole's line between those meridians.
///   Rings through or around a pole are taken as given (inside on the left); others are turned round
///   if they run clockwise (holes: counter-clockwise).
public enum AntimeridianSplit {
    /// A vertex in degrees.
    public typealias Vertex = (lat: Double, lng: Double)

    /// One ring, such as a cell boundary.
    public static func geometry(ring: [Vertex]) -> GeoJSONGeometry {
        geometry(polygons: [(ring, [])])
    }

    /// One polygon with holes.
    public static func geometry(outer: [Vertex], holes: [[Vertex]]) -> GeoJSONGeometry {
        geometry(polygons: [(outer, holes)])
    }

    /// Several polygons, such as H3's outline of a set of cells, as one geometry.
    public static func geometry(polygons: [(outer: [Vertex], holes: [[Vertex]])]) -> GeoJSONGeometry {
        GeoJSONGeometry(polygons: polygons.flatMap { split(outer: $0.outer, holes: $0.holes) })
    }

    private static func split(outer: [Vertex], holes: [[Vertex]]) -> [[[Position]]] {
        var closed: [[Position]] = []
        var pieces: [Piece] = []
        for (index, ring) in ([outer] + holes).enumerated() {
            switch CutRing(ring, exterior: index == 0) {
            case .whole(let positions): closed.append(positions)
            case .pieces(let cut): pieces += cut
            case .degenerate: continue
            }
        }
        closed += Piece.link(pieces)
        return Planar.polygons(from: closed.compactMap(Planar.closedRing))
    }
}

private typealias Position = GeoJSONGeometry.Position

/// Which copy of the antimeridian a point of a cut lies on: +180° (east edge of the map) or −180°.
private enum Side {
    case east, west

    var longitude: Double { self == .east ? 180 : -180 }
}

/// A stretch of a cut ring between two crossings, from the antimeridian back to it.
private struct Piece {
    var positions: [Position]
    var start: (side: Side, lat: Double)
    var end: (side: Side, lat: Double)

    /// Closed rings from pieces of one polygon's rings. The polygon's inside is on the left of every
    /// ring, so from a piece's end the boundary runs north along +180° (inside to the west) or south
    /// along −180° (inside to the east) to the next piece's start; with none that way, the rings
    /// circle a pole, and the boundary goes through it along the pole's line to the other side.
    static func link(_ pieces: [Piece]) -> [[Position]] {
        var used = [Bool](repeating: false, count: pieces.count)
        var rings: [[Position]] = []
        for first in pieces.indices where !used[first] {
            var ring: [Position] = []
            var current = first
            while true {
                used[current] = true
                ring += pieces[current].positions
                let (next, detour) = successor(of: pieces[current].end, in: pieces) { $0 == first || !used[$0] }
                ring += detour
                guard let next, next != first else { break }
                current = next
            }
            rings.append(ring)
        }
        return rings
    }

    private static func successor(
        of end: (side: Side, lat: Double), in pieces: [Piece], available: (Int) -> Bool
    ) -> (Int?, [Position]) {
        // The nearest available start on `side`, going north (smallest latitude ≥ lat) or south.
        func nearest(on side: Side, from lat: Double, north: Bool) -> Int? {
            let candidates = pieces.indices.filter { i in
                available(i) && pieces[i].start.side == side && (north ? pieces[i].start.lat >= lat : pieces[i].start.lat <= lat)
            }
            return north ? candidates.min { pieces[$0].start.lat < pieces[$1].start.lat }
                : candidates.max { pieces[$0].start.lat < pieces[$1].start.lat }
        }
        switch end.side {
        case .east:
            if let next = nearest(on: .east, from: end.lat, north: true) { return (next, []) }
            let northPole = [Position(longitude: 180, latitude: 90), Position(longitude: -180, latitude: 90)]
            return (nearest(on: .west, from: 90, north: false), northPole)
        case .west:
            if let next = nearest(on: .west, from: end.lat, north: false) { return (next, []) }
            let southPole = [Position(longitude: -180, latitude: -90), Position(longitude: 180, latitude: -90)]
            return (nearest(on: .east, from: -90, north: true), southPole)
        }
    }
}

/// A ring unwrapped across the antimeridian and cut where it crosses.
private enum CutRing {
    /// It does not cross: its positions, longitudes in [−180°, 180°).
    case whole([Position])
    /// It crosses: the stretches between crossings.
    case pieces([Piece])
    /// Fewer than three distinct vertices.
    case degenerate

    init(_ input: [AntimeridianSplit.Vertex], exterior: Bool) {
        var plain = CutRing.distinct(input)
        guard plain.count >= 3 else {
            self = .degenerate
            return
        }
        // Orientation is defined for a ring that neither circles a pole nor passes through one.
        if !plain.contains(where: { abs($0.lat) == 90 }) {
            let sheets = CutRing.sheets(plain.map { ($0, false) })
            if sheets.closing == 0 && (CutRing.unwrappedArea(plain, sheets.ofVertex) > 0) != exterior { plain.reverse() }
        }
        let ring = CutRing.expandingPoles(plain)
        let (sheetOfVertex, closing) = CutRing.sheets(ring)
        let k = sheetOfVertex + [closing]
        let position = { (v: AntimeridianSplit.Vertex) in Position(longitude: CutRing.normalized(v.lng), latitude: v.lat) }
        guard k.contains(where: { $0 != 0 }) else {
            self = .whole(ring.map { position($0.vertex) })
            return
        }
        var pieces: [Piece] = []
        var current = [position(ring[0].vertex)]
        var currentStart: (side: Side, lat: Double)?
        for i in ring.indices {
            let j = (i + 1) % ring.count
            if k[i + 1] != k[i] {
                let eastward = k[i + 1] > k[i]
                let lat = CutRing.crossingLatitude(ring[i].vertex, ring[j].vertex)
                let (out, into): (Side, Side) = eastward ? (.east, .west) : (.west, .east)
                current.append(Position(longitude: out.longitude, latitude: lat))
                pieces.append(Piece(positions: current, start: currentStart ?? (out, lat), end: (out, lat)))
                current = [Position(longitude: into.longitude, latitude: lat)]
                currentStart = (into, lat)
            }
            if j != 0 { current.append(position(ring[j].vertex)) }
        }
        // The stretch after the last crossing runs on into the one before the first (through vertex 0).
        var head = pieces.removeFirst()
        head.positions = current + head.positions
        head.start = currentStart ?? head.start
        self = .pieces(pieces + [head])
    }

    /// Longitude in [−180°, 180°).
    static func normalized(_ lng: Double) -> Double { lng - 360 * ((lng + 180) / 360).rounded(.down) }

    /// The ring with every vertex at a pole replaced by two points on the pole's line, at the
    /// longitudes of the edges that reach it (meridians): `alongPole` marks the edge between them.
    /// On a longitude/latitude map the outline runs along the pole's line there.
    static func expandingPoles(_ ring: [AntimeridianSplit.Vertex]) -> [(vertex: AntimeridianSplit.Vertex, alongPole: Bool)] {
        // Consecutive vertices at one pole are one point.
        let ring = ring.indices.filter { i in
            abs(ring[i].lat) != 90 || ring[(i + ring.count - 1) % ring.count].lat != ring[i].lat
        }.map { ring[$0] }
        guard ring.contains(where: { abs($0.lat) != 90 }) else { return ring.map { ($0, false) } }
        return ring.indices.flatMap { i -> [(vertex: AntimeridianSplit.Vertex, alongPole: Bool)] in
            let v = ring[i]
            guard abs(v.lat) == 90 else { return [(v, false)] }
            let before = ring[(i + ring.count - 1) % ring.count], after = ring[(i + 1) % ring.count]
            return [((v.lat, before.lng), true), ((v.lat, after.lng), false)]
        }
    }

    /// Which copy of the map (number of 360° shifts) each vertex falls on when the ring is walked, and
    /// the copy the closing edge returns to: 0 unless the ring circles a pole (±1). Each edge is taken
    /// the short way round (exactly 180° eastwards), except along a pole's line, where the inside
    /// must stay on the left: eastwards along the south pole's line, westwards along the north's.
    static func sheets(_ ring: [(vertex: AntimeridianSplit.Vertex, alongPole: Bool)]) -> (ofVertex: [Int], closing: Int) {
        func jump(_ from: (vertex: AntimeridianSplit.Vertex, alongPole: Bool), _ to: AntimeridianSplit.Vertex) -> Int {
            let a = normalized(from.vertex.lng), b = normalized(to.lng)
            if from.alongPole { return from.vertex.lat < 0 ? (b < a ? 1 : 0) : (b > a ? -1 : 0) }
            let d = b - a
            return d > 180 ? -1 : (d <= -180 ? 1 : 0)
        }
        var k = [0]
        for i in 1..<ring.count { k.append(k[i - 1] + jump(ring[i - 1], ring[i].vertex)) }
        return (k, k[ring.count - 1] + jump(ring[ring.count - 1], ring[0].vertex))
    }

    /// Planar (longitude, latitude) signed area of the unwrapped ring: positive counter-clockwise.
    static func unwrappedArea(_ ring: [AntimeridianSplit.Vertex], _ k: [Int]) -> Double {
        let x = ring.indices.map { normalized(ring[$0].lng) + 360 * Double(k[$0]) }
        return ring.indices.reduce(0.0) { sum, i in
            let j = (i + 1) % ring.count
            return sum + x[i] * ring[j].lat - x[j] * ring[i].lat
        } / 2
    }

    /// Latitude where the great-circle edge from a to b meets the antimeridian. The endpoints are put
    /// in a fixed order first, so the two cells sharing an edge get the same bits; an endpoint on the
    /// antimeridian is the crossing itself, and an edge along a pole's line crosses at the pole.
    static func crossingLatitude(_ a: AntimeridianSplit.Vertex, _ b: AntimeridianSplit.Vertex) -> Double {
        if normalized(a.lng) == -180 || (abs(a.lat) == 90 && a.lat == b.lat) { return a.lat }
        if normalized(b.lng) == -180 { return b.lat }
        let (p, q) = (a.lat, a.lng) < (b.lat, b.lng) ? (unit(a), unit(b)) : (unit(b), unit(a))
        // The chord p + t(q − p) meets the plane of the 0°/180° meridians where y = 0; its direction
        // is the arc's point there (x < 0 on the antimeridian side).
        let dy = p.y - q.y
        let t = dy == 0 ? 0.5 : p.y / dy
        let x = p.x + t * (q.x - p.x), z = p.z + t * (q.z - p.z)
        return atan2(z, abs(x)) * 180 / .pi
    }

    private static func unit(_ v: AntimeridianSplit.Vertex) -> (x: Double, y: Double, z: Double) {
        let lat = v.lat * .pi / 180, lng = v.lng * .pi / 180
        return (cos(lat) * cos(lng), cos(lat) * sin(lng), sin(lat))
    }

    /// The ring without a closing repeat of its first vertex and without consecutive repeats.
    private static func distinct(_ ring: [AntimeridianSplit.Vertex]) -> [AntimeridianSplit.Vertex] {
        var out: [AntimeridianSplit.Vertex] = []
        for v in ring where out.last.map({ $0.lat != v.lat || normalized($0.lng) != normalized(v.lng) }) ?? true {
            out.append(v)
        }
        while out.count > 1, let first = out.first, let last = out.last,
              first.lat == last.lat, normalized(first.lng) == normalized(last.lng) {
            out.removeLast()
        }
        return out
    }
}

/// Rings on the longitude/latitude plane once nothing crosses: closing, orientation, nesting.
private enum Planar {
    /// The ring without consecutive repeats, closed; nil when fewer than three distinct positions
    /// or no area remain (a ring that only touched the antimeridian leaves such a sliver).
    static func closedRing(_ ring: [Position]) -> [Position]? {
        var out: [Position] = []
        for p in ring where out.last != p { out.append(p) }
        while out.count > 1 && out.first == out.last { out.removeLast() }
        guard out.count >= 3 else { return nil }
        out.append(out[0])
        return area(out) == 0 ? nil : out
    }

    /// Shoelace area of a closed ring: positive counter-clockwise.
    static func area(_ ring: [Position]) -> Double {
        zip(ring, ring.dropFirst()).reduce(0.0) { $0 + $1.0.longitude * $1.1.latitude - $1.1.longitude * $1.0.latitude } / 2
    }

    /// Polygons from closed rings: counter-clockwise rings are exteriors, clockwise ones holes of the
    /// exterior that contains them.
    static func polygons(from rings: [[Position]]) -> [[[Position]]] {
        var polygons = rings.filter { area($0) > 0 }.map { [$0] }
        for hole in rings where area(hole) < 0 {
            let probe = interiorProbe(hole)
            if let i = polygons.firstIndex(where: { contains($0[0], probe) }) ?? (polygons.isEmpty ? nil : 0) {
                polygons[i].append(hole)
            }
        }
        return polygons
    }

    /// A vertex of the hole off the antimeridian and the poles' lines, where the cut put none of the
    /// exterior's edges; the first vertex otherwise.
    private static func interiorProbe(_ ring: [Position]) -> Position {
        ring.first { abs($0.longitude) != 180 && abs($0.latitude) != 90 } ?? ring[0]
    }

    /// Ray casting on the plane.
    private static func contains(_ ring: [Position], _ p: Position) -> Bool {
        var inside = false
        for (a, b) in zip(ring, ring.dropFirst()) where (a.latitude > p.latitude) != (b.latitude > p.latitude) {
            let x = a.longitude + (p.latitude - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude)
            if p.longitude < x { inside.toggle() }
        }
        return inside
    }
}
