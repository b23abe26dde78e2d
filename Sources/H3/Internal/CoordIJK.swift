import Foundation

/// Hexagon coordinates on one icosahedron face: three axes 120° apart, kept normalized
/// (non-negative, at least one component zero).
struct CoordIJK: Equatable {
    var i: Int
    var j: Int
    var k: Int

    @inline(__always) init(_ i: Int, _ j: Int, _ k: Int) {
        self.i = i
        self.j = j
        self.k = k
    }

    @inline(__always) static func + (a: CoordIJK, b: CoordIJK) -> CoordIJK { CoordIJK(a.i + b.i, a.j + b.j, a.k + b.k) }
    @inline(__always) static func - (a: CoordIJK, b: CoordIJK) -> CoordIJK { CoordIJK(a.i - b.i, a.j - b.j, a.k - b.k) }
    @inline(__always) static func * (a: CoordIJK, s: Int) -> CoordIJK { CoordIJK(a.i * s, a.j * s, a.k * s) }

    /// Brings the coordinate to its canonical form: no negative component and the smallest one zero.
    @inline(__always) mutating func normalize() {
        if i < 0 { j -= i; k -= i; i = 0 }
        if j < 0 { i -= j; k -= j; j = 0 }
        if k < 0 { i -= k; j -= k; k = 0 }
        let m = Swift.min(i, j, k)
        if m > 0 { i -= m; j -= m; k -= m }
    }

    @inline(__always) func normalized() -> CoordIJK {
        var c = self
        c.normalize()
        return c
    }

    /// Combination `i·a + j·b + k·c` of three basis vectors, normalized: the shape of every
    /// aperture change and rotation below.
    @inline(__always) private func transformed(_ a: CoordIJK, _ b: CoordIJK, _ c: CoordIJK) -> CoordIJK {
        (a * i + b * j + c * k).normalized()
    }

    /// The unit vector of a digit 0…6 (bits i, j, k).
    @inline(__always) static func unit(_ digit: Int) -> CoordIJK { CoordIJK((digit >> 2) & 1, (digit >> 1) & 1, digit & 1) }

    /// The digit 0…6 of a normalized unit vector, or 7 when it is not one.
    @inline(__always) var digit: Int {
        guard i | j | k <= 1, i >= 0, j >= 0, k >= 0 else { return 7 }
        let d = i << 2 | j << 1 | k
        return d == 7 ? 7 : d
    }

    /// n/7 rounded half away from zero, as h3's `lroundl(n / 7.0L)`; n/7 is never a tie, so
    /// integer arithmetic gives the same answer without a libm call.
    @inline(__always) static func roundedSeventh(_ n: Int) -> Int { n >= 0 ? (n &+ 3) / 7 : -((3 &- n) / 7) }

    // Aperture-7 parent on the counter-clockwise (Class III → II) grid.
    @inline(__always) mutating func upAperture7() {
        let ii = i &- k, jj = j &- k
        self = CoordIJK(CoordIJK.roundedSeventh(3 &* ii &- jj), CoordIJK.roundedSeventh(ii &+ 2 &* jj), 0).normalized()
    }

    // Aperture-7 parent on the clockwise grid.
    @inline(__always) mutating func upAperture7r() {
        let ii = i &- k, jj = j &- k
        self = CoordIJK(CoordIJK.roundedSeventh(2 &* ii &+ jj), CoordIJK.roundedSeventh(3 &* jj &- ii), 0).normalized()
    }

    // Centre child on the finer aperture-7 counter-clockwise grid.
    @inline(__always) mutating func downAperture7() {
        self = transformed(CoordIJK(3, 0, 1), CoordIJK(1, 3, 0), CoordIJK(0, 1, 3))
    }

    @inline(__always) mutating func downAperture7r() {
        self = transformed(CoordIJK(3, 1, 0), CoordIJK(0, 3, 1), CoordIJK(1, 0, 3))
    }

    // Aperture-3 substrate grids used to place cell vertices.
    mutating func downAperture3() { self = transformed(CoordIJK(2, 0, 1), CoordIJK(1, 2, 0), CoordIJK(0, 1, 2)) }
    mutating func downAperture3r() { self = transformed(CoordIJK(2, 1, 0), CoordIJK(0, 2, 1), CoordIJK(1, 0, 2)) }

    @inline(__always) mutating func rotate60ccw() { self = transformed(CoordIJK(1, 1, 0), CoordIJK(0, 1, 1), CoordIJK(1, 0, 1)) }
    @inline(__always) mutating func rotate60cw() { self = transformed(CoordIJK(1, 0, 1), CoordIJK(1, 1, 0), CoordIJK(0, 1, 1)) }

    /// Moves one cell in the direction of `digit`.
    @inline(__always) mutating func move(_ digit: Int) {
        guard digit > 0, digit < 7 else { return }
        self = (self + CoordIJK.unit(digit)).normalized()
    }

    /// Centre of this cell in the face's 2D hex plane (unit = distance between neighbour centres).
    func hex2d() -> Vec2 {
        let ii = i - k, jj = j - k
        return Vec2(x: Double(ii) - 0.5 * Double(jj), y: Double(ld(Double(jj)) * H3Constants.sqrt3Over2))
    }

    /// The cell containing a point of the 2D hex plane.
    init(hex2d v: Vec2) {
        let a1 = abs(v.x), a2 = abs(v.y)
        let x2 = Double(ld(a2) / H3Constants.sqrt3Over2)
        let x1 = a1 + x2 / 2.0
        let m1 = Int(x1), m2 = Int(x2)
        let r1 = x1 - Double(m1), r2 = x2 - Double(m2)
        var i: Int, j: Int
        if r1 < 0.5 {
            if r1 < 1.0 / 3.0 {
                i = m1
                j = r2 < (1.0 + r1) / 2.0 ? m2 : m2 + 1
            } else {
                j = r2 < (1.0 - r1) ? m2 : m2 + 1
                i = ((1.0 - r1) <= r2 && r2 < (2.0 * r1)) ? m1 + 1 : m1
            }
        } else {
            if r1 < 2.0 / 3.0 {
                j = r2 < (1.0 - r1) ? m2 : m2 + 1
                i = ((2.0 * r1 - 1.0) < r2 && r2 < (1.0 - r1)) ? m1 : m1 + 1
            } else {
                i = m1 + 1
                j = r2 < (r1 / 2.0) ? m2 : m2 + 1
            }
        }
        // Fold across the axes for the other quadrants.
        if v.x < 0 {
            if j % 2 == 0 {
                let axis = j / 2
                i -= 2 * (i - axis)
            } else {
                let axis = (j + 1) / 2
                i -= 2 * (i - axis) + 1
            }
        }
        if v.y < 0 {
            i -= (2 * j + 1) / 2
            j = -j
        }
        self.init(i, j, 0)
        normalize()
    }
}

/// A point in a face's 2D plane.
struct Vec2 {
    var x: Double
    var y: Double

    var length: Double { (x * x + y * y).squareRoot() }

    /// Intersection of the line through p0, p1 with the line through p2, p3.
    static func intersection(_ p0: Vec2, _ p1: Vec2, _ p2: Vec2, _ p3: Vec2) -> Vec2 {
        let s1 = Vec2(x: p1.x - p0.x, y: p1.y - p0.y)
        let s2 = Vec2(x: p3.x - p2.x, y: p3.y - p2.y)
        let t = (s2.x * (p0.y - p2.y) - s2.y * (p0.x - p2.x)) / (-s2.x * s1.y + s1.x * s2.y)
        return Vec2(x: p0.x + t * s1.x, y: p0.y + t * s1.y)
    }

    func almostEquals(_ o: Vec2) -> Bool {
        abs(x - o.x) < Double(Float.ulpOfOne) && abs(y - o.y) < Double(Float.ulpOfOne)
    }
}
