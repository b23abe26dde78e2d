import Foundation

/// One exponential smoothing state-space model, ETS(error, trend, season), after Hyndman, Koehler, Ord & Snyder,
/// *Forecasting with Exponential Smoothing* (2008), and the `ets()` of R's forecast package, whose recursions
/// (`etscalc.c`) and likelihood this follows.
struct ETSSpec: Sendable, Equatable, Hashable {
    enum Error: String, Sendable { case additive = "A", multiplicative = "M" }
    enum Trend: String, Sendable { case none = "N", additive = "A", damped = "Ad" }
    enum Season: String, Sendable { case none = "N", additive = "A", multiplicative = "M" }

    var error: Error
    var trend: Trend
    var season: Season
    /// Seasonal period (1 when `season == .none`).
    var period: Int

    /// `ETS(M,Ad,M)` style.
    var name: String { "ETS(\(error.rawValue),\(trend.rawValue),\(season.rawValue))" }

    /// Class 1 models (additive everything) have analytic forecast variances; the others are simulated.
    var isLinear: Bool { error == .additive && season != .multiplicative }

    var hasTrend: Bool { trend != .none }
    var seasonalStates: Int { season == .none ? 0 : period }

    /// Number of optimised values: smoothing parameters, damping and free initial states (one seasonal state
    /// follows from the others by normalisation).
    var parameterCount: Int {
        1 + (hasTrend ? 2 : 0) + (season == .none ? 0 : 1 + period - 1) + (trend == .damped ? 1 : 0) + 1
    }
}

/// Smoothing parameters in the error-correction form: ℓ = q + α·ε̃, b = φb + β·ε̃, s = s + γ·ε̃.
struct ETSParameters: Sendable, Equatable {
    var alpha: Double
    var beta: Double
    var gamma: Double
    var phi: Double
}

/// The state after the last observation: level, trend and the seasonal values indexed by phase (time mod period).
struct ETSState: Sendable, Equatable {
    var level: Double
    var trend: Double
    var seasonal: [Double]
    /// Phase of the next observation.
    var nextPhase: Int
}

extension ETSSpec {
    /// Runs the model over `y` from the initial states; returns the likelihood criterion
    /// n·log(SSE) + 2·Σ log|ŷ| (the last term for multiplicative error), as forecast/statsforecast's `etscalc`,
    /// or `.infinity` when a one-step forecast or a multiplicative state is not positive.
    ///
    /// `seasonal` holds the initial seasonal values by phase and is updated in place; no allocation happens here.
    @inline(__always)
    func likelihood(
        _ y: UnsafeBufferPointer<Double>, _ p: ETSParameters, level l0: Double, trend b0: Double,
        seasonal: UnsafeMutableBufferPointer<Double>, sse sseOut: inout Double, final: inout (Double, Double, Int)
    ) -> Double {
        var level = l0
        var trend = hasTrend ? b0 : 0
        let phi = hasTrend ? (self.trend == .damped ? p.phi : 1) : 0
        let betaOverAlpha = p.beta / p.alpha
        var phase = 0
        var sse = 0.0
        var logSum = 0.0
        // Σ log ŷ is kept as a running product, flushed to a log only when it leaves [1e-150, 1e150].
        var product = 1.0
        let multiplicativeError = error == .multiplicative
        for t in 0..<y.count {
            let phiB = phi * trend
            let q = level + phiB
            let observation = y[t]
            let forecast: Double
            var deseasonalized = observation
            var seasonalTarget = 0.0
            switch season {
            case .none:
                forecast = q
            case .additive:
                let s = seasonal[phase]
                forecast = q + s
                deseasonalized = observation - s
                seasonalTarget = observation - q
            case .multiplicative:
                let s = seasonal[phase]
                guard s > 1e-10, q > 1e-10 else { return .infinity }
                forecast = q * s
                deseasonalized = observation / s
                seasonalTarget = observation / q
            }
            let e: Double
            if multiplicativeError {
                guard forecast > 1e-10 else { return .infinity }
                e = (observation - forecast) / forecast
                product *= forecast
                if product > 1e150 || product < 1e-150 {
                    logSum += log(product)
                    product = 1
                }
            } else {
                e = observation - forecast
            }
            sse += e * e
            let newLevel = q + p.alpha * (deseasonalized - q)
            if hasTrend { trend = phiB + betaOverAlpha * (newLevel - level - phiB) }
            level = newLevel
            if season != .none {
                seasonal[phase] += p.gamma * (seasonalTarget - seasonal[phase])
                phase += 1
                if phase == period { phase = 0 }
            }
        }
        sseOut = sse
        final = (level, trend, phase)
        let n = Double(y.count)
        return n * log(max(sse, 1e-300)) + 2 * (logSum + log(product))
    }
}
