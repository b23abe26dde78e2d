import Foundation

/// How the gamma distribution of the SPI is fitted to the non-zero totals of one calendar month.
public enum GammaEstimator: String, Codable, Sendable, CaseIterable {
    /// Thom's (1958) approximation of the maximum-likelihood shape, α = (1 + √(1 + 4A/3)) / 4A with
    /// A = ln(x̄) − mean(ln x): the estimator of McKee et al. (1993), the WMO SPI User Guide and climate-indices.
    case thom
    /// The exact maximum-likelihood shape: ln α − ψ(α) = A solved by Newton's method from Thom's value
    /// (scipy.stats.gamma.fit with the location fixed at 0 gives the same).
    case maximumLikelihood = "mle"
}

/// A two-parameter gamma distribution (shape α, scale β) with a probability mass `zeroProbability` at zero.
struct ZeroInflatedGamma: Sendable {
    let shape: Double
    let scale: Double
    /// q: the share of zero totals in the calibration sample.
    let zeroProbability: Double
    /// ln Γ(shape), computed once per fit.
    let logGammaShape: Double

    init(shape: Double, scale: Double, zeroProbability: Double) {
        self.shape = shape
        self.scale = scale
        self.zeroProbability = zeroProbability
        self.logGammaShape = lgamma(shape)
    }

    /// H(x) = q + (1 − q)·G(x), the cumulative probability of the mixture (McKee et al. 1993; WMO-No. 1090).
    func cdf(_ x: Double) -> Double {
        if x <= 0 { return zeroProbability }
        return zeroProbability + (1 - zeroProbability) * SpecialFunctions.regularizedLowerGamma(shape, x / scale, logGammaA: logGammaShape)
    }

    /// Fits the calibration `sample` (totals ≥ 0), or explains why it cannot be fitted.
    static func fit(_ sample: [Double], estimator: GammaEstimator) -> Result<ZeroInflatedGamma, DroughtFitFailure> {
        let positive = sample.filter { $0 > 0 }
        let q = Double(sample.count - positive.count) / Double(sample.count)
        guard positive.count >= 3 else { return .failure(.tooFewNonZero(positive.count)) }
        let mean = positive.reduce(0, +) / Double(positive.count)
        let meanLog = positive.reduce(0) { $0 + log($1) } / Double(positive.count)
        let a = log(mean) - meanLog
        guard a > 1e-12 else { return .failure(.constantSample) }
        var shape = (1 + (1 + 4 * a / 3).squareRoot()) / (4 * a)
        if estimator == .maximumLikelihood { shape = maximumLikelihoodShape(a: a, start: shape) }
        return .success(ZeroInflatedGamma(shape: shape, scale: mean / shape, zeroProbability: q))
    }

    /// Solves ln α − ψ(α) = a for α by Newton's method on ln α, which keeps α positive.
    static func maximumLikelihoodShape(a: Double, start: Double) -> Double {
        var logShape = log(start)
        for _ in 0..<50 {
            let shape = exp(logShape)
            let value = log(shape) - SpecialFunctions.digamma(shape) - a
            let slope = (1 / shape - SpecialFunctions.trigamma(shape)) * shape
            let step = value / slope
            logShape -= step
            if abs(step) < 1e-14 { break }
        }
        return exp(logShape)
    }
}

/// Why a calendar month's distribution could not be fitted.
enum DroughtFitFailure: Error, Equatable {
    case tooFewNonZero(Int)
    case constantSample
    case invalidMoments

    var sentence: String {
        switch self {
        case .tooFewNonZero(let count): "only \(count) non-zero totals in the calibration years (the gamma fit needs 3)"
        case .constantSample: "every calibration total is the same, so the distribution has no spread to fit"
        case .invalidMoments: "the sample's L-moments do not define a log-logistic distribution (|τ₃| ≥ 1 or λ₂ ≤ 0)"
        }
    }
}
