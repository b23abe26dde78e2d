#if arch(x86_64) || arch(i386)
/// Scaling by √7 per resolution, rounded exactly as h3's C code rounds it.
///
/// h3 scales the gnomonic distance with `for (i = 0; i < res; i++) r *= M_SQRT7;` where `r` is a
/// `double` and `M_SQRT7` a `long double`: on x86-64 every step is an x87 product rounded to 64
/// significant bits, then stored back to a `double` (rounded again, to 53 bits). The plain Swift
/// form of that loop (`Double(Float80(r) * sqrt7)`) round-trips each step through memory between
/// the SSE and x87 units, which stalls on store forwarding.
///
/// `scaled(_:times:)` does the same arithmetic on integers instead: it keeps `r` as a 53-bit
/// significand and a binary exponent, forms the exact 117-bit product with the 64-bit significand
/// of √7, and applies both round-to-nearest-even steps explicitly. That is bit-identical by
/// construction (same exact product, same two roundings), and `Sqrt7ScalingTests` checks it against
/// the Float80 loop on millions of values and on constructed ties. Since the certified fast path
/// of `latLngToCell` (see `CoordIJK.certifiedAxial`), only the rare exact fallback runs it.
enum Sqrt7Scaling {
    /// The 64-bit significand of h3's `long double` √7 (2.6457513110645905905…), whose value is
    /// `significand · 2⁻⁶²`. Checked against `H3Constants.sqrt7` in the tests.
    static let significand: UInt64 = 0xA953_FD4E_97C7_4DBC

    /// The smallest significand m with m · `significand` ≥ 2¹¹⁶ (⌈2¹¹⁶ / S⌉): from it on, the
    /// product has 117 bits instead of 116. Known before the multiply, so off the critical path.
    static let longProductThreshold: UInt64 = 0x18_3091_E6A7_F7E7

    /// `r` multiplied by √7 `times` times (0…15), each step rounded to 64 then to 53 bits.
    /// Requires `r` positive, finite and normal (the gnomonic distance after the ε check is).
    @inline(__always)
    static func scaled(_ r: Double, times: Int) -> Double {
        scaled(significand: r.significandBitPattern | (1 << 52), exponent: Int(r.exponentBitPattern), times: times)
    }

    /// The same for the value m · 2^(e − 1075), m ∈ [2⁵², 2⁵³] (as `ExtendedQuotient.quotient` returns it).
    @inline(__always)
    static func scaled(significand: UInt64, exponent: Int, times: Int) -> Double {
        var m = significand
        var e = UInt64(exponent)
        var n = times
        while n > 0 {
            let top: UInt64 = m >= longProductThreshold ? 1 : 0
            m = step(m, top: top)
            // P · 2^(e − 1075 − 62) = m' · 2^(63 + top) · 2^(e − 1137): the exponent grows by 1 + top.
            e &+= 1 &+ top
            n &-= 1
        }
        // m may end at 2⁵³ (a carry out of the last rounding): the same value as 2⁵² one binade up.
        return ExtendedQuotient.double(significand: m, exponent: Int(e))
    }

    /// One step on the significand m ∈ [2⁵², 2⁵³]: round53(round64(m · S)), result in [2⁵², 2⁵³];
    /// `top` is 1 when the exact product m · S has 117 bits rather than 116.
    ///
    /// Write the exact product P = K · 2^(63+top) + R (K the 53 bits kept, R the 63 + top bits
    /// dropped) and let H be half a unit of K, h half a unit of the 64-bit step. Rounding R to a
    /// multiple of 2h (ties to even) and then to a multiple of 2H (ties to even) rounds K up
    /// exactly when R > H + h, or when K is odd and R ≥ H − h (the tie rules at R = H ± h follow
    /// from the parity of the 64-bit significand there). With R shifted to a 64-bit fraction,
    /// H = 2⁶³ and h = 2⁵²: one multiply, two shifts and two compares per step.
    @inline(__always)
    private static func step(_ m: UInt64, top: UInt64) -> UInt64 {
        let (hi, lo) = m.multipliedFullWidth(by: significand)
        // Masking shifts: the amounts are 0 or 1, and plain shifts would add overshift checks.
        let k = ((hi << 1) | (lo >> 63)) &>> top
        let rest = lo &<< (1 &- top)
        let above: UInt64 = rest > 0x8010_0000_0000_0000 ? 1 : 0
        let atLeastLow: UInt64 = rest >= 0x7FF0_0000_0000_0000 ? 1 : 0
        return k &+ (above | (k & atLeastLow))
    }
}
#endif
