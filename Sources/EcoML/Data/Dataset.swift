/// What a model learns to predict: a class label or a real number.
public enum Task: String, Sendable, Codable, CaseIterable {
    case classification
    case regression
}

/// How one feature column is read: a number, or one of a fixed list of category names.
public enum FeatureKind: Sendable, Equatable, Hashable {
    /// A real-valued column; NaN marks a missing value.
    case numeric
    /// A categorical column whose cells hold the index (0, 1, …) into `categories`; NaN marks a missing value.
    case categorical(categories: [String])

    /// True for a categorical column.
    public var isCategorical: Bool {
        if case .categorical = self { return true }
        return false
    }
}

/// The learning target: class indices with their names, or real values.
public enum Target: Sendable, Equatable {
    /// Class index per row (0..<classes.count) and the class names in index order.
    case classes([Int], names: [String])
    /// Real value per row.
    case values([Double])

    /// The task this target implies.
    public var task: Task {
        switch self {
        case .classes: .classification
        case .values: .regression
        }
    }

    /// Number of rows.
    public var count: Int {
        switch self {
        case .classes(let labels, _): labels.count
        case .values(let values): values.count
        }
    }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Target {
        switch self {
        case .classes(let labels, let names): .classes(indices.map { labels[$0] }, names: names)
        case .values(let values): .values(indices.map { values[$0] })
        }
    }
}

/// The names and kinds of a model's input columns, in column order.
public struct FeatureSchema: Sendable, Equatable {
    /// Column names, in order.
    public var names: [String]
    /// Kind of each column, in the same order.
    public var kinds: [FeatureKind]

    /// Creates a schema; `names` and `kinds` must have the same length.
    public init(names: [String], kinds: [FeatureKind]) {
        precondition(names.count == kinds.count, "one kind per feature name")
        self.names = names
        self.kinds = kinds
    }

    /// A schema of `count` numeric features named `x0`, `x1`, ….
    public static func numeric(count: Int) -> FeatureSchema {
        FeatureSchema(names: (0..<count).map { "x\($0)" }, kinds: Array(repeating: .numeric, count: count))
    }

    /// Number of features.
    public var count: Int { names.count }
}

/// A table of features (column-major `Double`, NaN = missing) with a schema and a target.
///
/// Column `j` occupies `features[j * rowCount ..< (j + 1) * rowCount]`. Categorical cells hold
/// the category index as a `Double`.
public struct Dataset: Sendable, Equatable {
    /// Names and kinds of the feature columns.
    public var schema: FeatureSchema
    /// Feature values, column-major.
    public var features: [Double]
    /// Number of rows.
    public var rowCount: Int
    /// What to learn.
    public var target: Target

    /// Creates a dataset from column-major features.
    public init(schema: FeatureSchema, columnMajor features: [Double], target: Target) {
        precondition(schema.count == 0 || features.count % schema.count == 0, "features must fill whole columns")
        self.schema = schema
        self.features = features
        self.rowCount = schema.count == 0 ? target.count : features.count / schema.count
        self.target = target
        precondition(target.count == rowCount, "one target per row")
    }

    /// Creates a dataset from rows of features.
    public init(schema: FeatureSchema, rows: [[Double]], target: Target) {
        let columns = schema.count
        var features = [Double](repeating: .nan, count: rows.count * columns)
        for (i, row) in rows.enumerated() {
            precondition(row.count == columns, "row \(i) has \(row.count) values, expected \(columns)")
            for j in 0..<columns { features[j * rows.count + i] = row[j] }
        }
        self.init(schema: schema, columnMajor: features, target: target)
    }

    /// Number of feature columns.
    public var featureCount: Int { schema.count }

    /// The task implied by the target.
    public var task: Task { target.task }

    /// Value of feature `feature` in row `row`.
    @inlinable public func value(row: Int, feature: Int) -> Double { features[feature * rowCount + row] }

    /// The feature values of one row, in column order.
    public func row(_ i: Int) -> [Double] {
        (0..<featureCount).map { features[$0 * rowCount + i] }
    }

    /// The features as row-major storage (row `i` at `[i * featureCount ..< (i + 1) * featureCount]`).
    public func rowMajorFeatures() -> [Double] {
        var out = [Double](repeating: 0, count: features.count)
        let n = rowCount, m = featureCount
        for j in 0..<m { for i in 0..<n { out[i * m + j] = features[j * n + i] } }
        return out
    }

    /// The rows at `indices`, in that order (repeats allowed).
    public func subset(_ indices: [Int]) -> Dataset {
        var out = [Double]()
        out.reserveCapacity(indices.count * featureCount)
        for j in 0..<featureCount {
            let base = j * rowCount
            for i in indices { out.append(features[base + i]) }
        }
        return Dataset(schema: schema, columnMajor: out, target: target.subset(indices))
    }

    /// Class names for classification, empty for regression.
    public var classNames: [String] {
        if case .classes(_, let names) = target { return names }
        return []
    }
}
