import Foundation

/// The three-parameter log-logistic distribution of the SPEI, fitted by probability-weighted moments.
///
/// Vicente-Serrano et al. (2010, J. Climate 23:1696, eqs. 4–9) write it F(x) = [1 + (α/(x − γ))^β]⁻¹ with
/// β = (2w₁ − w₀)/(6w₁ − w₀ − 6w₂), from the PWMs wₛ of the sample. With w expressed through the unbiased
/// PWMs b₀, b₁, b₂ (Hosking 1990) this is exactly the generalized logistic distribution of Hosking's L-moment
/// fit, with shape k = −1/β = −τ₃; that form is used here because it also covers negatively skewed
/// water balances (τ₃ < 0, where β < 0 makes the first form undefined). It is the fit of the R SPEI
/// package (`distribution = "log-Logistic"`, unbiased PWMs, the default since SPEI 1.7) and of
/// climate-indices' `Distribution.loglogistic`.
struct LogLogistic: Sendable {
    /// ξ
    let location: Double
    /// α
    let scale: Double
    /// k (0: the logistic distribution)
    let shape: Double

    /// F(x) = 1 / (1 + e^(−y)), y = −ln(1 − k(x − ξ)/α)/k (y = (x − ξ)/α when k = 0); 0 or 1 outside the support.
    func cdf(_ x: Double) -> Double {
        let z = (x - location) / scale
        let y: Double
        if shape == 0 {
            y = z
        } else {
            let argument = 1 - shape * z
            if argument <= 0 { return shape > 0 ? 1 : 0 }
            y = -log(argument) / shape
        }
        return 1 / (1 + exp(-y))
    }

    /// Fits the calibration `sample` by unbiased probability-weighted moments (Hosking's PELGLO).
    static func fit(_ sample: [Double]) -> Result<LogLogistic, DroughtFitFailure> {
        guard sample.count >= 4 else { return .failure(.tooFewNonZero(sample.count)) }
        let sorted = sample.sorted()
        let n = Double(sorted.count)
        var b0 = 0.0
        var b1 = 0.0
        var b2 = 0.0
        for (index, x) in sorted.enumerated() {
            let j = Double(index)  // j − 1 for the 1-based rank
            b0 += x
            b1 += x * j / (n - 1)
            b2 += x * j * (j - 1) / ((n - 1) * (n - 2))
        }
        b0 /= n
        b1 /= n
        b2 /= n
        let l1 = b0
        let l2 = 2 * b1 - b0
        let l3 = 6 * b2 - 6 * b1 + b0
        guard l2 > 0 else { return .failure(.constantSample) }
        let k = -l3 / l2
        guard abs(k) < 1 else { return .failure(.invalidMoments) }
        if abs(k) <= 1e-6 { return .success(LogLogistic(location: l1, scale: l2, shape: 0)) }
        let g = k * Double.pi / sin(k * Double.pi)
        let scale = l2 / g
        return .success(LogLogistic(location: l1 - scale * (1 - g) / k, scale: scale, shape: k))
    }
}
