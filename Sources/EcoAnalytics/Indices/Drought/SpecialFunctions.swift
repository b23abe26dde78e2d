import Foundation

/// The special functions the drought indices need: the standard normal, the incomplete gamma function,
/// digamma and trigamma. Each is checked against scipy in the tests (via the SPI/SPEI fixtures).
enum SpecialFunctions {
    /// Φ(x), the standard normal cumulative distribution.
    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹(p) for 0 < p < 1 (−∞ at 0, +∞ at 1).
    ///
    /// Starts from the rational approximation of Abramowitz & Stegun (1964) 26.2.23 — the one Vicente-Serrano
    /// et al. (2010, eq. 10) use for the SPEI, |error| < 4.5e-4 — then two Halley steps on Φ bring it to
    /// double precision.
    static func normalQuantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        let tail = min(p, 1 - p)
        let t = (-2 * log(tail)).squareRoot()
        let numerator = 2.515517 + t * (0.802853 + t * 0.010328)
        let denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
        var x = t - numerator / denominator
        if p < 0.5 { x = -x }
        for _ in 0..<2 {
            let error = normalCDF(x) - p
            let u = error * (2 * Double.pi).squareRoot() * exp(x * x / 2)
            x -= u / (1 + x * u / 2)
        }
        return x
    }

    /// P(a, x) = γ(a, x) / Γ(a), the regularized lower incomplete gamma function, for a > 0, x ≥ 0.
    ///
    /// Its power series converges fast for x < a + 1; above that, the continued fraction of Q = 1 − P
    /// evaluated by the modified Lentz method (Abramowitz & Stegun 6.5.29 and 6.5.31).
    /// `logGammaA` is ln Γ(a), passed in so a caller evaluating one distribution many times computes it once
    /// (glibc's `lgamma` also writes the global `signgam`, which made threads contend in the SPI benchmark).
    static func regularizedLowerGamma(_ a: Double, _ x: Double, logGammaA: Double) -> Double {
        if x <= 0 { return 0 }
        let logPrefactor = a * log(x) - x - logGammaA
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var n = 1.0
            while abs(term) > abs(sum) * 1e-16, n < 10_000 {
                term *= x / (a + n)
                sum += term
                n += 1
            }
            return min(1, sum * exp(logPrefactor))
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var fraction = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return max(0, 1 - exp(logPrefactor) * fraction)
    }

    /// ψ(x), the digamma function, for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6, then the
    /// asymptotic series (Abramowitz & Stegun 6.3.18).
    static func digamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 6 {
            result -= 1 / x
            x += 1
        }
        let inverse2 = 1 / (x * x)
        let series = inverse2 * (1.0 / 12 - inverse2 * (1.0 / 120 - inverse2 * (1.0 / 252 - inverse2 * (1.0 / 240 - inverse2 / 132))))
        return result + log(x) - 0.5 / x - series
    }

    /// ψ′(x), the trigamma function, for x > 0: ψ′(x) = ψ′(x + 1) + 1/x² up to x ≥ 6, then the asymptotic
    /// series (Abramowitz & Stegun 6.4.12).
    static func trigamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 6 {
            result += 1 / (x * x)
            x += 1
        }
        let inverse = 1 / x
        let inverse2 = inverse * inverse
        let series = inverse2 * inverse * (1.0 / 6 - inverse2 * (1.0 / 30 - inverse2 * (1.0 / 42 - inverse2 / 30)))
        return result + inverse + inverse2 / 2 + series
    }
}
