import Foundation

/// The standard normal's upper tail and its inverse, to express any tail probability in
/// "Gaussian-equivalent σ": the z a normal variable needs to be as rare.
enum NormalTail {
    /// z with P(Z > z) = `probability` for a standard normal Z, for 0 < probability ≤ 0.5.
    ///
    /// Abramowitz & Stegun, Handbook of Mathematical Functions (1964), formula 26.2.23:
    /// t = √(−2 ln p), z = t − (c₀ + c₁t + c₂t²) / (1 + d₁t + d₂t² + d₃t³), |error| < 4.5e-4.
    static func quantile(upperTail probability: Double) -> Double {
        guard probability < 0.5 else { return 0 }
        let t = (-2 * log(max(probability, 1e-300))).squareRoot()
        let numerator = 2.515517 + 0.802853 * t + 0.010328 * t * t
        let denominator = 1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t
        return t - numerator / denominator
    }

    /// P(Z > z) for a standard normal Z: erfc(z/√2)/2.
    static func upperTail(_ z: Double) -> Double { erfc(z / 2.0.squareRoot()) / 2 }
}
