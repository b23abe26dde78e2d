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

    @Test func integerRoundingOfSeventhsMatchesFloatingPoint() {
        for n in -10_000...10_000 {
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
