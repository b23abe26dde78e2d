/// Turns a row of features into the dense, standardised vector that linear models use:
/// numeric columns are mean-imputed and scaled to unit variance, categorical columns one-hot
/// encoded (a missing or unknown category is all zeros).
struct FeatureStandardizer: Sendable, Equatable {
    /// Per input column: the first output index, and the category count (0 for numeric).
    var offsets: [Int]
    var categoryCounts: [Int]
    /// Mean and scale per numeric input column (unused entries for categorical ones).
    var means: [Double]
    var scales: [Double]
    /// Length of the output vector.
    var width: Int

    init(offsets: [Int], categoryCounts: [Int], means: [Double], scales: [Double], width: Int) {
        self.offsets = offsets
        self.categoryCounts = categoryCounts
        self.means = means
        self.scales = scales
        self.width = width
    }

    init(fitting data: Dataset) {
        offsets = []
        categoryCounts = []
        means = []
        scales = []
        var next = 0
        for j in 0..<data.featureCount {
            offsets.append(next)
            if case .categorical(let categories) = data.schema.kinds[j] {
                categoryCounts.append(categories.count)
                means.append(0)
                scales.append(1)
                next += categories.count
                continue
            }
            categoryCounts.append(0)
            let column = data.features[j * data.rowCount ..< (j + 1) * data.rowCount].filter { !$0.isNaN }
            let mean = column.isEmpty ? 0 : column.reduce(0, +) / Double(column.count)
            let variance = column.isEmpty ? 0 : column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)
            means.append(mean)
            scales.append(variance > 0 ? variance.squareRoot() : 1)
            next += 1
        }
        width = next
    }

    /// Writes the encoded row (`width` values) for a row-major input row.
    @inline(__always)
    func encode(_ row: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        for j in 0..<offsets.count {
            let x = row[j]
            let count = categoryCounts[j]
            if count == 0 {
                out[offsets[j]] = x.isNaN ? 0 : (x - means[j]) / scales[j]
            } else {
                for c in 0..<count { out[offsets[j] + c] = 0 }
                if x >= 0 && x < Double(count) { out[offsets[j] + Int(x)] = 1 }
            }
        }
    }

    /// Encoded rows, row-major (`width` per row).
    func encode(_ data: Dataset) -> [Double] {
        let rows = data.rowMajorFeatures()
        var out = [Double](repeating: 0, count: data.rowCount * width)
        rows.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<data.rowCount {
                    encode(x.baseAddress! + i * data.featureCount, into: o.baseAddress! + i * width)
                }
            }
        }
        return out
    }
}
