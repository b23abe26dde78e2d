#if arch(x86_64) || arch(i386)
import Testing
@testable import H3

/// `Sqrt7Scaling.scaled` (integer arithmetic) against the plain Float80 loop it replaces.
struct Sqrt7ScalingTests {
    static func plain(_ r: Double, times: Int) -> Double {
        var r = r
        for _ in 0..<times { r = Double(Float80(r) * H3Constants.sqrt7) }
        return r
    }

    @Test func significandIsThatOfTheLongDoubleConstant() {
        let s = H3Constants.sqrt7
        #expect(Sqrt7Scaling.significand == (1 << 63 | s.significandBitPattern))
        #expect(s.exponent == 1)  // value = significand · 2⁻⁶²
        let t = Sqrt7Scaling.longProductThreshold
        #expect(t.multipliedFullWidth(by: Sqrt7Scaling.significand).high >> 52 == 1)
        #expect((t - 1).multipliedFullWidth(by: Sqrt7Scaling.significand).high >> 52 == 0)
    }

    @Test(arguments: 0...15)
    func randomDistancesScaleBitForBit(times: Int) {
        var rng = SplitMix(seed: UInt64(100 + times))
        var mismatches = 0
        for _ in 0..<200_000 {
            // Any positive normal significand, exponents spanning the gnomonic distances and beyond.
            let r = Double(sign: .plus, exponentBitPattern: UInt(1023 - 60 + Int(rng.next() % 64)),
                           significandBitPattern: rng.next() & ((1 << 52) - 1))
            if Sqrt7Scaling.scaled(r, times: times).bitPattern != Self.plain(r, times: times).bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// Significands with few bits (1.125, 1.25, …): √7's significand is 4 × odd, so these put the
    /// exact product precisely on a tie of the 64-bit rounding step (ties to even must apply).
    @Test func exactTiesOfTheLongDoubleStepScaleBitForBit() {
        var mismatches = 0
        for j in 0..<1024 {
            for exponent in [-40, -3, 0, 1, 7] {
                let r = Double(sign: .plus, exponentBitPattern: UInt(1023 + exponent), significandBitPattern: UInt64(j) << 42)
                for times in 1...15 where Sqrt7Scaling.scaled(r, times: times).bitPattern != Self.plain(r, times: times).bitPattern {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// Values whose product with √7 lands exactly on, or one unit either side of, a rounding
    /// boundary of the 64-bit or the 53-bit step: the cases that separate double rounding from
    /// single rounding and ties-to-even from ties-away.
    @Test func productsNextToRoundingBoundariesScaleBitForBit() {
        var rng = SplitMix(seed: 42)
        var mismatches = 0, checked = 0
        for _ in 0..<300_000 {
            // Pick a target 64-bit significand q with chosen low 11 bits (near 0x400, the 53-bit midpoint),
            // then the double nearest q·2^k / √7; its product lies near q·2^k.
            let lowBits: [UInt64] = [0x3FF, 0x400, 0x401, 0x000, 0x7FF]
            let q = (rng.next() | (1 << 63)) & ~0x7FF | lowBits[Int(rng.next() % 5)]
            let target = Float80(sign: .plus, exponent: 0, significand: 1) * Float80(q) / 0x1p63
            let r = Double(target / H3Constants.sqrt7)
            for candidate in [r.nextDown, r, r.nextUp] {
                for times in 1...3 {
                    checked += 1
                    if Sqrt7Scaling.scaled(candidate, times: times).bitPattern != Self.plain(candidate, times: times).bitPattern {
                        mismatches += 1
                    }
                }
            }
        }
        #expect(mismatches == 0)
        #expect(checked == 2_700_000)
    }
}
#endif
