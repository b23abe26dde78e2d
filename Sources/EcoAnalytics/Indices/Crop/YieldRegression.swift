/// Ordinary least squares of crop yield on growing-season predictors (e.g. year for the technology trend,
/// growing degree days, season precipitation), with the classical prediction interval of a new observation:
/// ŷ₀ ± t(1 − α/2; n − p) · s · √(1 + x₀ᵀ(XᵀX)⁻¹x₀), s² = RSS/(n − p), p = predictors + 1 (the intercept).
/// Predictors are centred on their means before the fit, which leaves the fitted line unchanged and keeps
/// XᵀX well conditioned when a predictor is a year (≈2000) beside one of order 1.
public struct YieldRegression: Sendable, Equatable, Codable {
    public var predictors: [String]
    public var means: [Double]
    /// Intercept (at the predictors' means), then one slope per predictor.
    public var coefficients: [Double]
    /// (XᵀX)⁻¹ of the centred design, row-major, p × p.
    public var inverseGram: [Double]
    public var residualStandardError: Double
    public var degreesOfFreedom: Int
    public var observations: Int

    /// Fits `yields` on `rows` (one array of predictor values per observation, in the order of `predictors`).
    /// - Throws: ``CropIndexError/yieldFit(_:)`` when there are too few observations or a predictor is constant
    ///   or a combination of the others.
    public static func fit(predictors: [String], rows: [[Double]], yields: [Double]) throws(CropIndexError) -> YieldRegression {
        let n = rows.count, p = predictors.count + 1
        guard n == yields.count, rows.allSatisfy({ $0.count == predictors.count }) else {
            throw .yieldFit("every row needs one value per predictor (\(predictors.joined(separator: ", "))) and a yield")
        }
        guard n >= p + 2 else {
            throw .yieldFit("\(n) years of yields; a fit on \(predictors.count) predictors and an interval need at least \(p + 2)")
        }
        guard rows.joined().allSatisfy(\.isFinite), yields.allSatisfy(\.isFinite) else { throw .yieldFit("a predictor or yield is not a finite number") }
        let means = (0..<predictors.count).map { j in rows.reduce(0) { $0 + $1[j] } / Double(n) }
        let design = rows.map { row in [1.0] + row.enumerated().map { $0.element - means[$0.offset] } }
        var gram = [Double](repeating: 0, count: p * p), moment = [Double](repeating: 0, count: p)
        for (i, x) in design.enumerated() {
            for r in 0..<p {
                moment[r] += x[r] * yields[i]
                for c in 0..<p { gram[r * p + c] += x[r] * x[c] }
            }
        }
        guard let inverse = invert(gram, size: p) else {
            throw .yieldFit("a predictor is constant over the years, or a combination of the others; drop it")
        }
        let coefficients = (0..<p).map { r in (0..<p).reduce(0) { $0 + inverse[r * p + $1] * moment[$1] } }
        let residualSquares = design.enumerated().reduce(0.0) { sum, item in
            let fitted = zip(item.element, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
            return sum + (yields[item.offset] - fitted) * (yields[item.offset] - fitted)
        }
        return YieldRegression(predictors: predictors, means: means, coefficients: coefficients, inverseGram: inverse,
                               residualStandardError: (residualSquares / Double(n - p)).squareRoot(), degreesOfFreedom: n - p, observations: n)
    }

    /// The predicted yield at `values` and its `level` (e.g. 0.8) prediction interval.
    public func predict(_ values: [Double], level: Double) -> (mean: Double, low: Double, high: Double) {
        let p = coefficients.count
        let x = [1.0] + values.enumerated().map { $0.element - means[$0.offset] }
        let mean = zip(x, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
        var leverage = 0.0
        for r in 0..<p { for c in 0..<p { leverage += x[r] * inverseGram[r * p + c] * x[c] } }
        let half = StudentT.quantile(1 - (1 - level) / 2, degreesOfFreedom: Double(degreesOfFreedom))
            * residualStandardError * (1 + leverage).squareRoot()
        return (mean, mean - half, mean + half)
    }

    /// Leave-one-out residuals of the fitted rows, yᵢ − ŷ₍₋ᵢ₎ = eᵢ / (1 − hᵢᵢ), hᵢᵢ = xᵢᵀ(XᵀX)⁻¹xᵢ: the prediction error of
    /// each row by the model refitted without it, without refitting (the PRESS identity of least squares).
    /// `rows` and `yields` must be the ones the model was fitted on.
    public func leaveOneOutResiduals(rows: [[Double]], yields: [Double]) -> [Double] {
        let p = coefficients.count
        return zip(rows, yields).map { row, y in
            let x = [1.0] + row.enumerated().map { $0.element - means[$0.offset] }
            var leverage = 0.0
            for r in 0..<p { for c in 0..<p { leverage += x[r] * inverseGram[r * p + c] * x[c] } }
            let fitted = zip(x, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
            return (y - fitted) / (1 - leverage)
        }
    }

    /// The root mean square of ``leaveOneOutResiduals(rows:yields:)``: the model's error on a season it has not seen.
    public func leaveOneOutRMSE(rows: [[Double]], yields: [Double]) -> Double {
        let residuals = leaveOneOutResiduals(rows: rows, yields: yields)
        return (residuals.reduce(0) { $0 + $1 * $1 } / Double(residuals.count)).squareRoot()
    }

    /// Student's t quantile, as the intervals use it.
    public static func tQuantile(_ p: Double, degreesOfFreedom: Double) -> Double { StudentT.quantile(p, degreesOfFreedom: degreesOfFreedom) }

    /// Standard errors of the coefficients (intercept at the means first).
    public var standardErrors: [Double] {
        let p = coefficients.count
        return (0..<p).map { residualStandardError * inverseGram[$0 * p + $0].squareRoot() }
    }

    /// Gauss–Jordan inverse with partial pivoting; nil when (numerically) singular.
    static func invert(_ matrix: [Double], size n: Int) -> [Double]? {
        var a = matrix, inverse = [Double](repeating: 0, count: n * n)
        for i in 0..<n { inverse[i * n + i] = 1 }
        let scale = (0..<n).map { abs(matrix[$0 * n + $0]) }.max() ?? 1
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(a[$0 * n + column]) < abs(a[$1 * n + column]) }),
                  abs(a[pivot * n + column]) > 1e-12 * max(scale, 1e-300) else { return nil }
            if pivot != column {
                for k in 0..<n { a.swapAt(pivot * n + k, column * n + k); inverse.swapAt(pivot * n + k, column * n + k) }
            }
            let factor = a[column * n + column]
            for k in 0..<n { a[column * n + k] /= factor; inverse[column * n + k] /= factor }
            for row in 0..<n where row != column {
                let multiple = a[row * n + column]
                guard multiple != 0 else { continue }
                for k in 0..<n { a[row * n + k] -= multiple * a[column * n + k]; inverse[row * n + k] -= multiple * inverse[column * n + k] }
            }
        }
        return inverse
    }
}
