#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    @Test(arguments: 0..<20)
    func faceProjectionTableIsLibmOfTheFaceCentre(face: Int) {
        let lat = FaceTables.faceCenterGeo[2 * face]
        let row = Array(FaceProjectionTable.table[4 * face..<4 * face + 4])
        let expected = [FaceTables.faceCenterGeo[2 * face + 1], cos(lat), sin(lat), FaceTables.faceAxesAzimuth[3 * face]]
        #expect(row.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}

/// The double thresholds that replace comparisons with h3's long-double constants.
struct LongDoubleThresholdTests {
    @Test(arguments: [(H3Constants.twoPiRoundedUp, H3Constants.twoPi), (H3Constants.epsilonRoundedUp, H3Constants.epsilon)])
    func thresholdIsTheSmallestDoubleNotBelowTheConstant(threshold: Double, constant: LongDouble) {
        #expect(LongDouble(threshold) >= constant)
        #expect(LongDouble(threshold.nextDown) < constant)
    }
}
