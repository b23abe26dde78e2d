import Testing
@testable import H3

/// Tables written as literals for speed (no lazy initialisation on the hot path), recomputed
/// here from their definitions.
struct LiteralTableTests {
    static let ccwDigits = [0, 5, 3, 1, 6, 4, 2, 7]
    static let cwDigits = [0, 3, 6, 2, 5, 1, 4, 7]

    static func pack(_ digits: [Int]) -> UInt64 {
        digits.enumerated().reduce(0) { $0 | (UInt64($1.element) << UInt64(3 * $1.offset)) }
    }

    @Test func packedDigitRotationsMatchTheirDigitLists() {
        #expect(UInt64(IndexBits.ccwPacked) == Self.pack(Self.ccwDigits))
        #expect(UInt64(IndexBits.cwPacked) == Self.pack(Self.cwDigits))
    }

    /// The word-parallel `rotateCcw` against `times` single-digit turns, on random digit strings
    /// (including 0 and the unused 7) at every resolution.
    @Test(arguments: 0..<8)
    func wordParallelRotationEqualsRepeatedSingleTurns(times: Int) {
        var rng = SplitMix(seed: UInt64(times))
        for _ in 0..<20_000 {
            let res = Int(rng.next() % 16)
            var h = IndexBits.cellInit | (UInt64(res) << IndexBits.resolutionOffset)
            for r in stride(from: 1, through: res, by: 1) { IndexBits.setDigit(&h, r, Int(rng.next() % 8)) }
            var expected = h
            for _ in 0..<times { expected = IndexBits.rotate60ccw(expected) }
            #expect(IndexBits.rotateCcw(h, times: times) == expected)
        }
    }

    @Test func packedAxialDigitTableMatchesTheUnitVectors() {
        // (da, db) = (i − k, j − k) of each digit's unit vector; anything else is 7.
        var digits = [Int](repeating: 7, count: 9)
        for d in 0..<7 {
            let u = CoordIJK.unit(d)
            digits[(u.i - u.k + 1) * 3 + (u.j - u.k + 1)] = d
        }
        #expect(FaceIJK.axialDigitTable == Self.pack(digits))
    }

    /// h3 4.5.0's `_vec3TangentBasis` of each face centre, step by step, against the literal table.
    @Test(arguments: 0..<20)
    func faceFrameTableIsTheTangentBasisOfTheFaceCentre(face: Int) {
        let c = Vec3(x: FaceTables.faceCenterPoint[3 * face], y: FaceTables.faceCenterPoint[3 * face + 1],
                     z: FaceTables.faceCenterPoint[3 * face + 2])
        let pole = Vec3(x: 0, y: 0, z: 1)
        var north = Vec3.combination(1.0, pole, -pole.dot(c), c)
        north.normalize()
        let east = north.cross(c)
        let expected = [c.x, c.y, c.z, FaceTables.faceAxesAzimuth[3 * face], north.x, north.y, north.z, east.x, east.y, east.z]
        let row = Array(FaceFrame.table[10 * face..<10 * face + 10])
        #expect(row.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
