/// Predictions for a batch of rows.
public struct Predictions: Sendable, Equatable {
    /// Class names in probability order (empty for regression).
    public var classNames: [String]
    /// Predicted class index (as a whole number) or regression value, per row.
    public var values: [Double]
    /// Class probabilities, row-major with `classNames.count` per row (empty for regression).
    public var probabilities: [Double]
    /// 10th percentile of the per-tree predictions of a regression forest (empty for other models).
    public var p10: [Double]
    /// Median of the per-tree predictions of a regression forest (empty for other models).
    public var p50: [Double]
    /// 90th percentile of the per-tree predictions of a regression forest (empty for other models).
    public var p90: [Double]
    /// Share of a forest's trees voting for the predicted class (classification); otherwise the top probability.
    public var confidence: [Double]

    /// Number of rows.
    public var count: Int { values.count }

    /// Predicted class name of row `i` (classification).
    public func className(_ i: Int) -> String { classNames[Int(values[i])] }
}

/// One row's prediction.
public struct RowPrediction: Sendable, Equatable {
    /// Predicted class index or regression value.
    public var value: Double
    /// Class probabilities (empty for regression).
    public var probabilities: [Double]
}

extension Model {
    /// Predicts one row whose features are in schema order (categorical cells hold category indices).
    public func predict(row: [Double]) -> RowPrediction {
        precondition(row.count == schema.count, "expected \(schema.count) features, got \(row.count)")
        var out = [Double](repeating: 0, count: max(outputCount, 2))
        row.withUnsafeBufferPointer { r in
            out.withUnsafeMutableBufferPointer { o in predictRaw(r.baseAddress!, into: o.baseAddress!) }
        }
        if task == .regression { return RowPrediction(value: out[0], probabilities: []) }
        out.removeLast(out.count - outputCount)
        return RowPrediction(value: Double(Model.argmax(out)), probabilities: out)
    }

    /// Writes the raw outputs (probabilities or the value) for one row-major row; `out` holds ≥ max(outputCount, 2).
    @inline(__always)
    func predictRaw(_ row: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        switch estimator {
        case .forest(let forest): forest.predict(row, into: out)
        case .boosting(let boosting): boosting.predict(row, into: out)
        case .linear(let linear):
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: linear.standardizer.width)
            defer { scratch.deallocate() }
            linear.predict(row, into: out, scratch: scratch)
        }
    }

    /// Position (from 0) of the first largest value.
    static func argmax(_ values: some Collection<Double>) -> Int {
        var best = 0, top = -Double.infinity
        for (c, v) in values.enumerated() where v > top || c == 0 {
            best = c
            top = v
        }
        return best
    }

    /// Predicts every row of `data` (its target is ignored).
    public func predict(_ data: Dataset) -> Predictions {
        predict(rowMajor: data.rowMajorFeatures(), rowCount: data.rowCount)
    }

    /// Predicts rows stored row-major (`schema.count` values per row).
    public func predict(rowMajor x: [Double], rowCount n: Int) -> Predictions {
        precondition(x.count == n * schema.count, "expected \(n) rows of \(schema.count) features")
        let m = schema.count, k = outputCount
        var result = Predictions(
            classNames: classNames, values: [], probabilities: [], p10: [], p50: [], p90: [], confidence: [])
        result.values.reserveCapacity(n)
        var out = [Double](repeating: 0, count: max(k, 2))
        var treeValues = [Double]()
        x.withUnsafeBufferPointer { rows in
            for i in 0..<n {
                let row = rows.baseAddress! + i * m
                out.withUnsafeMutableBufferPointer { predictRaw(row, into: $0.baseAddress!) }
                if task == .regression {
                    result.values.append(out[0])
                    if case .forest(let forest) = estimator {
                        forest.treeValues(row, into: &treeValues)
                        treeValues.sort()
                        result.p10.append(Model.percentile(treeValues, 0.1))
                        result.p50.append(Model.percentile(treeValues, 0.5))
                        result.p90.append(Model.percentile(treeValues, 0.9))
                    }
                } else {
                    let probabilities = out[0..<k]
                    let best = Model.argmax(probabilities)
                    result.values.append(Double(best))
                    result.probabilities += probabilities
                    if case .forest(let forest) = estimator {
                        result.confidence.append(forest.voteShare(row, predicted: best))
                    } else {
                        result.confidence.append(probabilities[best])
                    }
                }
            }
        }
        return result
    }

    /// Linear-interpolated percentile (numpy's default) of sorted values, q in [0, 1].
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard sorted.count > 1 else { return sorted.first ?? .nan }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}
