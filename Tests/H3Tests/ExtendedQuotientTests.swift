#if arch(x86_64) || arch(i386)
import Testing
@testable import H3

/// `ExtendedQuotient` (integer arithmetic) against the plain `Double(Float80(a) / c)` it replaces.
struct ExtendedQuotientTests {
    static let divisors = [ExtendedQuotient.sqrt3Over2, ExtendedQuotient.res0UGnomonic]

    static func plain(_ a: Double, _ divisor: ExtendedQuotient.Divisor) -> Double { Double(Float80(a) / divisor.value) }

    @Test(arguments: divisors)
    func divisorDataIsThatOfTheLongDoubleConstant(divisor: ExtendedQuotient.Divisor) {
        let c = divisor.value
        #expect(divisor.significand == (1 << 63 | c.significandBitPattern))
        #expect(Int(c.exponent) - 63 == divisor.exponent)
        // reciprocal = ⌊(2¹²⁸ − 1)/d⌋ − 2⁶⁴ ⟺ (2⁶⁴ + v)·d < 2¹²⁸ ≤ (2⁶⁴ + v + 1)·d.
        let d = divisor.significand, v = divisor.reciprocal
        let (high, low) = v.multipliedFullWidth(by: d)
        let (productHigh, overflow) = high.addingReportingOverflow(d)  // + 2⁶⁴·d
        #expect(!overflow)
        let (_, lowCarry) = low.addingReportingOverflow(d)  // + d more
        let (_, highCarry) = productHigh.addingReportingOverflow(lowCarry ? 1 : 0)
        #expect(highCarry)
    }

    @Test(arguments: divisors)
    func randomValuesDivideBitForBit(divisor: ExtendedQuotient.Divisor) {
        var rng = SplitMix(seed: 3)
        var mismatches = 0
        for _ in 0..<300_000 {
            let a = Double(sign: .plus, exponentBitPattern: UInt(1023 - 60 + Int(rng.next() % 90)),
                           significandBitPattern: rng.next() & ((1 << 52) - 1))
            if ExtendedQuotient.divide(a, by: divisor).bitPattern != Self.plain(a, divisor).bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// Dividends whose quotient lands on, or next to, a rounding boundary of the 53-bit step after
    /// the 64-bit one (low 11 bits of the 64-bit quotient near 0x400), plus zero, subnormals and
    /// powers of two.
    @Test(arguments: divisors)
    func quotientsNextToRoundingBoundariesDivideBitForBit(divisor: ExtendedQuotient.Divisor) {
        var rng = SplitMix(seed: 5)
        var values: [Double] = [0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1, 2, 0.5, 1e-300, 1e300]
        let lowBits: [UInt64] = [0x3FF, 0x400, 0x401, 0x000, 0x7FF, 0xBFF, 0xC00]
        for _ in 0..<100_000 {
            let q = (rng.next() | (1 << 63)) & ~0x7FF | lowBits[Int(rng.next() % UInt64(lowBits.count))]
            let target = Float80(q) / 0x1p63 * divisor.value * Float80(1 << Int(rng.next() % 8))
            let a = Double(target)
            values += [a.nextDown, a, a.nextUp]
        }
        var mismatches = 0
        for a in values where ExtendedQuotient.divide(a, by: divisor).bitPattern != Self.plain(a, divisor).bitPattern {
            mismatches += 1
        }
        #expect(mismatches == 0)
        #expect(values.count == 300_008)
    }
}
#endif
