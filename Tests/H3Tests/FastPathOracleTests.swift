import Testing
@testable import H3

/// The optimised `FaceIJK.cellIndex` (axial form, one-pass rotations) against the plain
/// step-by-step version of h3's `_faceIjkToH3`, kept here as the oracle.
struct FastPathOracleTests {
    static func plainCellIndex(_ f: FaceIJK, resolution res: Int) -> UInt64 {
        var h = IndexBits.cellInit
        IndexBits.setResolution(&h, res)
        var ijk = f.coord
        for r in stride(from: res - 1, through: 0, by: -1) {
            let last = ijk
            var center: CoordIJK
            if isClassIII(r + 1) {
                ijk.upAperture7()
                center = ijk
                center.downAperture7()
            } else {
                ijk.upAperture7r()
                center = ijk
                center.downAperture7r()
            }
            IndexBits.setDigit(&h, r + 1, (last - center).normalized().digit)
        }
        guard ijk.i <= 2, ijk.j <= 2, ijk.k <= 2 else { return 0 }
        let (bc, rotations) = BaseCells.at(FaceIJK(face: f.face, coord: ijk))
        IndexBits.setBaseCell(&h, bc)
        if BaseCells.isPentagon(bc) {
            if IndexBits.leadingNonZeroDigit(h) == 1 {
                h = BaseCells.isClockwiseOffset(bc, face: f.face) ? IndexBits.rotate60cw(h) : IndexBits.rotate60ccw(h)
            }
            for _ in 0..<rotations { h = IndexBits.rotatePentagon60ccw(h) }
        } else {
            for _ in 0..<rotations { h = IndexBits.rotate60ccw(h) }
        }
        return h
    }

    @Test func optimisedFaceToCellAgreesWithThePlainVersion() {
        var rng = SplitMix(seed: 7)
        var checked = 0
        for _ in 0..<200_000 {
            let res = Int(rng.next() % 16)
            let lat = Double(rng.next() % 1_000_000) / 1_000_000 * 180 - 90
            let lng = Double(rng.next() % 1_000_000) / 1_000_000 * 360 - 180
            let (face, v) = FaceProjection.hex2d(latitude: degreesToRadians(lat), longitude: degreesToRadians(lng), resolution: res)
            let f = FaceIJK(face: face, coord: CoordIJK(hex2d: v))
            #expect(f.cellIndex(resolution: res) == Self.plainCellIndex(f, resolution: res))
            checked += 1
        }
        #expect(checked == 200_000)
    }

    /// h3's `_hex2dToCoordIJK`, transcribed branch for branch (the oracle of `CoordIJK.axial(hex2d:)`).
    static func plainHex2dToIJK(_ v: Vec2) -> CoordIJK {
        let a1 = abs(v.x), a2 = abs(v.y)
        let x2 = a2 * H3Constants.inverseSin60
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
        return CoordIJK(i, j, 0).normalized()
    }

    /// Random points of the plane, and points whose fractional parts sit exactly on (and next to)
    /// the band limits ⅓, ½, ⅔ and the r2 thresholds, in all four quadrants.
    @Test func branchFreeHex2dAgreesWithThePlainVersion() {
        var rng = SplitMix(seed: 11)
        var points: [Vec2] = []
        for _ in 0..<200_000 {
            let scale = Double(1 << Int(rng.next() % 24))
            points.append(Vec2(x: (Double(rng.next() % 2_000_001) / 1_000_000 - 1) * scale,
                               y: (Double(rng.next() % 2_000_001) / 1_000_000 - 1) * scale))
        }
        let sqrt3Over2 = H3Constants.sqrt3Over2
        for m in 0..<6 {
            for r1 in [0.0, 1.0 / 3.0, 0.5, 2.0 / 3.0, 0.25, 0.6, 0.9] {
                for r2 in [0.0, (1.0 + r1) / 2.0, 1.0 - r1, 2.0 * r1, 2.0 * r1 - 1.0, r1 / 2.0, 0.5] {
                    let y = (Double(m) + r2) * sqrt3Over2
                    let x = Double(m) + r1 - (Double(m) + r2) / 2
                    for (dx, dy) in [(0.0, 0.0), (1e-12, 0), (-1e-12, 0), (0, 1e-12), (0, -1e-12)] {
                        for (sx, sy) in [(1.0, 1.0), (-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0)] {
                            points.append(Vec2(x: sx * (x + dx), y: sy * (y + dy)))
                        }
                    }
                }
            }
        }
        var mismatches = 0
        for v in points {
            let (a, b) = CoordIJK.axial(hex2d: v)
            if CoordIJK(a, b, 0).normalized() != Self.plainHex2dToIJK(v) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(points.count > 200_000)
    }

    /// h3's `_ijkNormalize`, step by step, against the one-subtraction `normalize()`.
    @Test func normalizationMatchesH3sStepwiseVersion() {
        var rng = SplitMix(seed: 13)
        for _ in 0..<100_000 {
            var i = Int(rng.next() % 2001) - 1000, j = Int(rng.next() % 2001) - 1000, k = Int(rng.next() % 2001) - 1000
            let c = CoordIJK(i, j, k).normalized()
            if i < 0 { j -= i; k -= i; i = 0 }
            if j < 0 { i -= j; k -= j; j = 0 }
            if k < 0 { i -= k; j -= k; k = 0 }
            let m = min(i, j, k)
            if m > 0 { i -= m; j -= m; k -= m }
            #expect(c == CoordIJK(i, j, k))
        }
    }

    @Test func integerRoundingOfSeventhsMatchesFloatingPoint() {
        var cases = Array(-10_000...10_000)
        for m: Int in [1 << 24, 1 << 27, (1 << 28) - 21] {
            for offset in -20...20 { cases += [m + offset, -m + offset] }
        }
        for n in cases {
            #expect(CoordIJK.roundedSeventh(n) == Int((Double(n) / 7.0).rounded()))
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
