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
    ///
    /// h3's `_ijkNormalize` gets there in up to four conditional steps, each adding some (c, c, c),
    /// which does not move the coordinate; the triple with smallest component 0 is unique, so
    /// subtracting the minimum once gives the same result, without branching on signs.
    @inline(__always) mutating func normalize() {
        let m = Swift.min(i, j, k)
        i &-= m
        j &-= m
        k &-= m
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

    /// n/7 rounded half away from zero, as h3's `lroundl(n / 7.0L)`; n/7 is never a tie, so it is
    /// ⌊(n + 3)/7⌋. Computed without libm and without a branch on the sign (random from point to
    /// point): x = n + 3 + 7·2²⁶ is non-negative, and for 0 ≤ x < 2³²/3, ⌊x · ⌈2³²/7⌉ / 2³²⌋ = ⌊x/7⌋
    /// (⌈2³²/7⌉ = (2³² + 3)/7 overshoots x/7 by 3x/(7·2³²) < 1/7, less than the distance from x/7 to
    /// the next integer). One multiply and a shift, on the critical path of every digit.
    /// Valid for |n| < 2²⁸; grid coordinates stay below 2²⁵.
    @inline(__always) static func roundedSeventh(_ n: Int) -> Int {
        assert(abs(n) < 1 << 28, "grid coordinate out of range")
        let bias = 1 << 26
        let x = UInt64(bitPattern: Int64(n &+ 3 &+ 7 &* bias))
        return Int(truncatingIfNeeded: (x &* 0x2492_4925) >> 32) &- bias
    }

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
        return Vec2(x: Double(ii) - 0.5 * Double(jj), y: Double(jj) * H3Constants.sqrt3Over2)
    }

    /// The cell containing a point of the 2D hex plane (h3's `_hex2dToCoordIJK`).
    init(hex2d v: Vec2) {
        let (i, j) = CoordIJK.axial(hex2d: v)
        self.init(i, j, 0)
        normalize()
    }

    /// The cell containing a point of the 2D hex plane, as the un-normalized triple (i, j, 0),
    /// which is also its axial form (i − k, j − k): what `FaceIJK.cellIndex` starts from.
    @inline(__always)
    static func axial(hex2d v: Vec2) -> (a: Int, b: Int) {
        let a1 = abs(v.x), a2 = abs(v.y)
        let x2 = a2 * H3Constants.inverseSin60
        return axial(x1: a1 + x2 / 2.0, x2: x2, negativeX: v.x < 0, negativeY: v.y < 0)
    }

    /// `axial(hex2d:)` for a point known only approximately (`GnomonicProjection.approximatePoint`),
    /// or nil when the approximation could change the answer.
    ///
    /// Why the answer is then exact. Write u = 2⁻⁵³. The exact path (h3 ≥ 4.2, all in doubles) rounds
    /// tan d · (1/RES0_U_GNOMONIC) · √7 · … · √7 after each of its res + 1 ≤ 16 products; the
    /// approximate path multiplies tan d once by the rounded product of the same constants. So both
    /// distances are within a relative (1 + u)¹⁶ − 1 and (1 + u)² − 1 of the same real number, hence
    /// within 19u < 2⁻⁴⁸ of each other. Both paths then round v = r·(cos θ, sin θ) (same cos θ, sin θ),
    /// x2 = a2 · (1/sin 60°) (the same double constant) and x1 = a1 + x2/2 once each: x1 and x2 each
    /// stay within Δ = X·2⁻⁴⁵ of their exact-path values, X = max(x1, x2, 1) (the bound is about
    /// X·2⁻⁴⁶); r1 and r2 (exact subtractions of the same integers) too, and the r2 thresholds,
    /// computed from r1 with at most one rounding, within 3Δ. So when every fractional part is more
    /// than 4Δ from 0, 1, ⅓, ½, ⅔ and from every threshold, each decision (floor, band, comparison)
    /// comes out as on the exact path. The check uses X·2⁻⁴⁰, eight times that; of 300,000 uniform
    /// random points it sent 10 to the exact path at res 15, 2 at res 13 and none at res 0…12 or 14.
    /// `CertifiedHex2dTests` checks the 2⁻⁴⁸ premise and compares both paths, on and off cell edges.
    @inline(__always)
    static func certifiedAxial(approximately v: Vec2) -> (a: Int, b: Int)? {
        let a1 = abs(v.x), a2 = abs(v.y)
        let x2 = a2 * H3Constants.inverseSin60
        let x1 = a1 + x2 / 2.0
        let tolerance = Swift.max(x1, x2, 1.0) * 0x1p-40
        guard decisionMargin(x1: x1, x2: x2) > tolerance else { return nil }
        return axial(x1: x1, x2: x2, negativeX: v.x < 0, negativeY: v.y < 0)
    }

    /// The distance from (x1, x2) to the nearest decision boundary of `axial(x1:x2:…)`: integers
    /// for both, ⅓, ½, ⅔ for r1, and every r2 threshold.
    @inline(__always)
    static func decisionMargin(x1: Double, x2: Double) -> Double {
        let r1 = x1 - Double(Int(x1)), r2 = x2 - Double(Int(x2))
        let integers = Swift.min(Swift.min(r1, 1.0 - r1), Swift.min(r2, 1.0 - r2))
        let bands = Swift.min(abs(r1 - 1.0 / 3.0), abs(r1 - 0.5), abs(r1 - 2.0 / 3.0))
        let thresholds = Swift.min(Swift.min(abs(r2 - (1.0 + r1) / 2.0), abs(r2 - (1.0 - r1))),
                                   Swift.min(abs(r2 - 2.0 * r1), abs(r2 - (2.0 * r1 - 1.0)), abs(r2 - r1 / 2.0)))
        return Swift.min(integers, bands, thresholds)
    }

    /// h3's `_hex2dToCoordIJK` from x1 = |x| + x2/2 and x2 = |y| / sin 60° (the point's
    /// coordinates along the two hex axes) and the signs of x and y.
    ///
    /// Same decisions as h3, written without branches: the quadrant signs and the position inside
    /// the unit rhombus are random from point to point, so every `if` there would be a coin-flip
    /// for the branch predictor. Checked against the plain branchy transcription in `FastPathOracleTests`.
    @inline(__always)
    static func axial(x1: Double, x2: Double, negativeX: Bool, negativeY: Bool) -> (a: Int, b: Int) {
        let m1 = Int(x1), m2 = Int(x2)
        let r1 = x1 - Double(m1), r2 = x2 - Double(m2)
        // Which of the four bands of r1 the point is in: [0, ⅓), [⅓, ½), [½, ⅔), [⅔, 1). The
        // decisions are combined as 0/1 integers: a `?:` on doubles compiles to a branch.
        let belowThird = bit(r1 < 1.0 / 3.0), belowHalf = bit(r1 < 0.5), belowTwoThirds = bit(r1 < 2.0 / 3.0)
        // j: one up when r2 reaches the band's threshold ((1 + r1)/2, 1 − r1, 1 − r1, r1/2).
        let jUp = (belowThird & bit(r2 >= (1.0 + r1) / 2.0))
            | ((belowTwoThirds & ~belowThird) & bit(r2 >= 1.0 - r1))
            | (~belowTwoThirds & 1 & bit(r2 >= r1 / 2.0))
        var j = m2 &+ jUp
        // i: never up in the first band, always in the last; in between it depends on r2.
        let upSecond = bit((1.0 - r1) <= r2) & bit(r2 < 2.0 * r1)
        let upThird = 1 & ~(bit((2.0 * r1 - 1.0) < r2) & bit(r2 < 1.0 - r1))
        let iUp = ((belowHalf & ~belowThird) & upSecond)
            | ((belowTwoThirds & ~belowHalf) & upThird)
            | (~belowTwoThirds & 1)
        var i = m1 &+ iUp
        // Fold across the axes for the other quadrants. With j ≥ 0, h3's even/odd mirror of i
        // about (j + 1)/2 is 2·⌊(j + 1)/2⌋ − i − (j mod 2), and its (2j + 1)/2 is j.
        let mirroredI = 2 &* ((j &+ 1) >> 1) &- i &- (j & 1)
        i = negativeX ? mirroredI : i
        i = negativeY ? i &- j : i
        j = negativeY ? 0 &- j : j
        return (i, j)
    }

    /// 1 for true, 0 for false, without a branch (a `Bool` is stored as the byte 0 or 1).
    @inline(__always) private static func bit(_ b: Bool) -> Int { Int(unsafeBitCast(b, to: UInt8.self)) }
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
