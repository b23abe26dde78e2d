extension Metrics {
    /// Mean absolute error.
    public static func meanAbsoluteError(truth: [Double], predicted: [Double]) -> Double {
        precondition(truth.count == predicted.count && !truth.isEmpty)
        return zip(truth, predicted).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(truth.count)
    }

    /// Root mean squared error.
    public static func rootMeanSquaredError(truth: [Double], predicted: [Double]) -> Double {
        precondition(truth.count == predicted.count && !truth.isEmpty)
        let sse = zip(truth, predicted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return (sse / Double(truth.count)).squareRoot()
    }

    /// Coefficient of determination 1 − SSE/SST (1 for a perfect fit; 0 when SST is 0 and the fit is not perfect).
    public static func r2(truth: [Double], predicted: [Double]) -> Double {
        precondition(truth.count == predicted.count && !truth.isEmpty)
        let mean = truth.reduce(0, +) / Double(truth.count)
        let sse = zip(truth, predicted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let sst = truth.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        if sst == 0 { return sse == 0 ? 1 : 0 }
        return 1 - sse / sst
    }
}
