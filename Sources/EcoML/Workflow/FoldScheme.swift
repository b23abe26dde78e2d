/// How `ecotrack train` forms its cross-validation folds.
public enum FoldScheme: Sendable, Equatable {
    /// K seeded folds, stratified by class for classification.
    case random(folds: Int)
    /// The analyst's folds: one fold per distinct value of this CSV column, as scikit-learn's
    /// `PredefinedSplit`; rows whose value is -1 are only ever trained on. The column is not a feature.
    case column(String)
    /// K folds of whole groups, one label per row (a site, an H3 cell …), balanced by row count and
    /// seeded, as ``Splits/groupKFold(groups:folds:seed:)``.
    case groups([String], folds: Int)

    /// The name the training summary gives this scheme: `random`, `column` or `groups`.
    public var name: String {
        switch self {
        case .random: "random"
        case .column: "column"
        case .groups: "groups"
        }
    }

    /// The CSV column this scheme reads, which is therefore not a feature.
    public var foldColumn: String? {
        if case .column(let name) = self { return name }
        return nil
    }
}

/// The folds of one run: train/test pairs and, for the analyst's folds, the column value of each.
public struct PlannedFolds: Sendable, Equatable {
    /// One train/test pair per fold.
    public var splits: [TrainTestIndices]
    /// The fold column's value for each fold (nil unless the scheme is ``FoldScheme/column(_:)``).
    public var labels: [String]?
    /// Distinct groups (nil unless the scheme is ``FoldScheme/groups(_:folds:)``).
    public var groupCount: Int?
}

extension FoldScheme {
    /// The folds of `data`, whose rows are those of `table`, under this scheme.
    ///
    /// - Throws: ``MLError/invalidInput(_:)`` saying what is wrong with the folds and how to fix it.
    public func plan(table: CSVTable, data: Dataset, seed: UInt64) throws -> PlannedFolds {
        switch self {
        case .random(let k):
            return PlannedFolds(splits: try Splits.checkedKFold(target: data.target, folds: k, seed: seed))
        case .groups(let labels, let k):
            guard labels.count == data.rowCount else {
                throw MLError.invalidInput("\(labels.count) group labels were given for \(data.rowCount) rows; give one label per row")
            }
            return PlannedFolds(splits: try Splits.groupKFold(groups: labels, folds: k, seed: seed), groupCount: Set(labels).count)
        case .column(let name):
            let column = try FoldColumn(table: table, name: name)
            let (splits, _) = try Splits.predefinedFolds(column.testFold)
            return PlannedFolds(splits: splits, labels: column.labels)
        }
    }
}

/// A fold column read from CSV: a fold number per row (-1 = training only) and the text of each fold.
struct FoldColumn {
    /// Rank of the row's value among the fold values (0, 1, …), or -1 for training-only rows.
    var testFold: [Int]
    /// Each fold's value as written, in fold order.
    var labels: [String]

    /// Reads column `name`: numeric values are ordered as numbers (and -1 means training only), other text alphabetically.
    init(table: CSVTable, name: String) throws {
        guard let column = table.column(named: name) else {
            throw MLError.invalidInput("the fold column \"\(name)\" is not in the CSV; columns are \(table.header.joined(separator: ", "))")
        }
        let cells = table.rows.map { $0[column].trimmingSpaces() }
        // Line numbers count the header as line 1.
        if let empty = cells.firstIndex(where: { missingTokens.contains($0) }) {
            throw MLError.invalidInput(
                "the fold column \"\(name)\" is empty on CSV line \(empty + 2); give every row a fold (-1 keeps a row in training only)")
        }
        let numbers = cells.map { Double($0) }
        let numeric = numbers.allSatisfy { $0 != nil }
        // Rows are keyed by number when every cell is one, so "1" and "1.0" name the same fold.
        let keys: [String] = numeric ? numbers.map { "\($0!)" } : cells
        let trainingOnly = numeric ? Set(numbers.indices.filter { numbers[$0] == -1 }) : []
        var firstRow = [String: Int]()
        for (i, key) in keys.enumerated() where !trainingOnly.contains(i) && firstRow[key] == nil { firstRow[key] = i }
        let folds = firstRow.keys.sorted { numeric ? Double($0)! < Double($1)! : $0 < $1 }
        guard folds.count >= 2 || (folds.count == 1 && !trainingOnly.isEmpty) else {
            let only = folds.first.map { "one value (\"\(cells[firstRow[$0]!])\") on every row" } ?? "only -1 (training only)"
            throw MLError.invalidInput(
                "the fold column \"\(name)\" holds \(only); cross-validation needs at least two folds, or one fold and rows marked -1 to train on")
        }
        let rank = Dictionary(uniqueKeysWithValues: folds.enumerated().map { ($1, $0) })
        testFold = keys.indices.map { trainingOnly.contains($0) ? -1 : rank[keys[$0]]! }
        labels = folds.map { cells[firstRow[$0]!] }
    }
}
