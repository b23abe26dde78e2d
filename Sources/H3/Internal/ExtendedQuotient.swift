#if arch(x86_64) || arch(i386)
/// Quotients of a double by one of h3's `long double` constants, rounded exactly as the C code
/// rounds them on x86-64, in integer arithmetic.
///
/// h3 computes `x2 = a2 / M_SIN60` and `r /= RES0_U_GNOMONIC` with `long double` divisors: an x87
/// division rounded to 64 significant bits, then stored to a `double` (rounded again, to 53). The
/// Swift form `Double(Float80(a) / c)` moves its operands between the SSE and x87 units through
/// memory on both sides of a slow x87 divide, all on the critical path of `latLngToCell`.
///
/// Here the divisor's 64-bit significand d is fixed, so the quotient of the 53-bit significand
/// (shifted up to give exactly 64 quotient bits) by d takes a multiply by a precomputed reciprocal
/// and one correction step (Möller & Granlund, "Improved division by invariant integers", IEEE
/// Trans. Computers 60(2), 2011, algorithm 4). The exact remainder then decides both roundings:
/// bit-identical by construction, and `ExtendedQuotientTests` checks it against Float80.
enum ExtendedQuotient {
    /// A `long double` divisor: significand d (top bit set), value d · 2^`exponent`, and the
    /// reciprocal ⌊(2¹²⁸ − 1)/d⌋ − 2⁶⁴. Checked against the `H3Constants` values in the tests.
    struct Divisor {
        /// The constant itself, for the x87 fallback.
        var value: Float80
        var significand: UInt64
        var reciprocal: UInt64
        var exponent: Int
    }

    /// h3's `M_SQRT3_2` (sin 60°).
    static let sqrt3Over2 = Divisor(value: H3Constants.sqrt3Over2, significand: 0xDDB3_D742_C265_539E, reciprocal: 0x279A_7459_0331_C4D1, exponent: -64)
    /// h3's `RES0_U_GNOMONIC`.
    static let res0UGnomonic = Divisor(value: H3Constants.res0UGnomonic, significand: 0xC391_0C8D_016A_F1F5, reciprocal: 0x4F1B_BCDC_BFA5_6385, exponent: -65)

    /// `Double(Float80(a) / divisor)` for a positive normal `a` whose quotient is normal, as a
    /// significand m ∈ [2⁵², 2⁵³] and a biased exponent e (value m · 2^(e − 1075); m = 2⁵³ when the
    /// rounding carried into the next binade).
    @inline(__always)
    static func quotient(_ a: Double, by divisor: Divisor) -> (significand: UInt64, exponent: Int) {
        let d = divisor.significand
        let ma = a.significandBitPattern | (1 << 52)
        // Dividend ma · 2^(74 + extra): the quotient q lies in [2⁶³, 2⁶⁴) and u1 < d.
        let extra: UInt64 = (ma << 11) < d ? 1 : 0
        let u1 = ma &<< (10 &+ extra)
        // q = ⌊u1 · 2⁶⁴ / d⌋ and its remainder r (Möller & Granlund's algorithm 4 with u0 = 0).
        let (ph, pl) = divisor.reciprocal.multipliedFullWidth(by: u1)
        var q = ph &+ u1 &+ 1
        var r = 0 &- q &* d
        let overshot = r > pl
        q = overshot ? q &- 1 : q
        r = overshot ? r &+ d : r
        if r >= d {  // rare second correction
            q &+= 1
            r &-= d
        }
        // Round q + r/d to 64 bits and then to 53 (dropping the low 11 bits L of q). As for
        // products (see `Sqrt7Scaling.step`), the kept part k goes up exactly when
        // L + r/d > 1024 + ½, or k is odd and L + r/d ≥ 1024 − ½; r/d against ½ is r against d − r.
        let k = q >> 11, low = q & 0x7FF
        let rest = d &- r
        // (Combined as 0/1 integers: `||` and `&&` would compile to branches on random bits.)
        let above = bit(low > 1024) | (bit(low == 1024) & bit(r > rest))
        let atLeastLower = bit(low > 1023) | (bit(low == 1023) & bit(r >= rest))
        let up = above | (k & atLeastLower)
        // a / c = (q + r/d) · 2^(ea − 1075 − 74 − extra − exponent), and k carries the top 53 of q's 64 bits.
        let exponent = Int(a.exponentBitPattern) &- 63 &- Int(extra) &- divisor.exponent
        return (k &+ up, exponent)
    }

    /// 1 for true, 0 for false, without a branch (a `Bool` is stored as the byte 0 or 1).
    @inline(__always) private static func bit(_ b: Bool) -> UInt64 { UInt64(unsafeBitCast(b, to: UInt8.self)) }

    /// The double of a significand m ∈ [2⁵², 2⁵³] and biased exponent e (normal range).
    @inline(__always)
    static func double(significand m: UInt64, exponent e: Int) -> Double {
        let carry = m >> 53
        return Double(sign: .plus, exponentBitPattern: UInt(e &+ Int(carry)),
                      significandBitPattern: (m &>> carry) & ((1 << 52) - 1))
    }

    /// `Double(Float80(a) / divisor)` for any finite non-negative `a`: the integer path for normal
    /// values, x87 for zero and subnormals (whose quotient it need not special-case).
    @inline(__always)
    static func divide(_ a: Double, by divisor: Divisor) -> Double {
        guard a.exponentBitPattern != 0 else { return Double(Float80(a) / divisor.value) }
        let (m, e) = quotient(a, by: divisor)
        return double(significand: m, exponent: e)
    }
}
#endif
