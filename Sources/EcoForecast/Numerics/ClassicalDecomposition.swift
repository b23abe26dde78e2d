/// Classical seasonal decomposition (moving-average trend, averaged seasonal figure), as R's `decompose` and
/// `statsmodels.tsa.seasonal.seasonal_decompose` compute it.
enum ClassicalDecomposition {
    /// The seasonal figure: one value per phase, phase `j` being that of `y[j]`.
    /// Additive figures sum to 0; multiplicative ones average 1. Needs `y.count >= 2 × period`.
    static func seasonalFigure(_ y: ArraySlice<Double>, period m: Int, multiplicative: Bool) -> [Double] {
        let values = Array(y)
        let n = values.count
        let trend = centeredMovingAverage(values, window: m)
        var sums = [Double](repeating: 0, count: m)
        var counts = [Int](repeating: 0, count: m)
        for index in 0..<n where !trend[index].isNaN {
            let detrended = multiplicative ? values[index] / trend[index] : values[index] - trend[index]
            guard detrended.isFinite else { continue }
            sums[index % m] += detrended
            counts[index % m] += 1
        }
        var figure = (0..<m).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : (multiplicative ? 1 : 0) }
        let center = figure.reduce(0, +) / Double(m)
        for phase in 0..<m { figure[phase] = multiplicative ? figure[phase] / center : figure[phase] - center }
        return figure
    }

    /// Centered moving average of `window` points (a 2×window average when `window` is even); NaN at the ends.
    static func centeredMovingAverage(_ values: [Double], window: Int) -> [Double] {
        let n = values.count
        var result = [Double](repeating: .nan, count: n)
        let half = window / 2
        guard n > 2 * half else { return result }
        if window % 2 == 1 {
            var sum = values[0..<window].reduce(0, +)
            for center in half..<(n - half) {
                if center > half { sum += values[center + half] - values[center - half - 1] }
                result[center] = sum / Double(window)
            }
        } else {
            // Weights 1/(2m) on the two end points and 1/m inside.
            var sum = values[0...window].reduce(0, +) - 0.5 * (values[0] + values[window])
            for center in half..<(n - half) {
                if center > half {
                    sum += 0.5 * (values[center + half] + values[center + half - 1])
                    sum -= 0.5 * (values[center - half - 1] + values[center - half])
                }
                result[center] = sum / Double(window)
            }
        }
        return result
    }
}

/// Ordinary least squares for a few regressors, by the normal equations and Gaussian elimination.
enum LeastSquares {
    /// Coefficients of `y ≈ X β`, where `rows[i]` is the i-th row of X; nil when X'X is singular.
    static func solve(rows: [[Double]], y: [Double]) -> [Double]? {
        let p = rows[0].count
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p)
        for (row, target) in zip(rows, y) {
            for i in 0..<p {
                for j in 0..<p { matrix[i][j] += row[i] * row[j] }
                matrix[i][p] += row[i] * target
            }
        }
        for column in 0..<p {
            let pivot = (column..<p).max { abs(matrix[$0][column]) < abs(matrix[$1][column]) }!
            guard abs(matrix[pivot][column]) > 1e-12 else { return nil }
            matrix.swapAt(column, pivot)
            for row in 0..<p where row != column {
                let factor = matrix[row][column] / matrix[column][column]
                for j in column...p { matrix[row][j] -= factor * matrix[column][j] }
            }
        }
        return (0..<p).map { matrix[$0][p] / matrix[$0][$0] }
    }
}
