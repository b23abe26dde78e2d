/// Cell texts that mean "missing" (compared after trimming spaces).
let missingTokens: Set<String> = ["", "NA", "N/A", "NaN", "nan", "NAN", "null", "NULL", "None", "?"]

/// Reads a cell as a number; nil for text that is not a number. Missing tokens give NaN.
func parseNumber(_ cell: String) -> Double? {
    let t = cell.trimmingSpaces()
    if missingTokens.contains(t) { return .nan }
    guard let v = Double(t), v.isFinite else { return nil }
    return v
}

extension Dataset {
    /// Builds a dataset from a CSV table: every column but `target` and `excluded` is a feature.
    ///
    /// A feature column whose non-missing cells all parse as numbers is numeric; otherwise it is
    /// categorical with its distinct texts as categories (sorted). Missing cells (empty, `NA`,
    /// `NaN`, `null`, `?` …) become NaN and are kept. For classification, class names are the
    /// distinct target texts, sorted numerically when all are numbers.
    ///
    /// - Parameter excluded: columns that are not features (a fold column); names not in the CSV are ignored.
    /// - Throws: ``MLError/invalidInput(_:)`` if the target column is absent, a target cell is
    ///   missing, or a regression target is not a number (with the CSV line number).
    public init(csv table: CSVTable, target: String, task: Task, excluding excluded: Set<String> = []) throws {
        guard let targetColumn = table.column(named: target) else {
            throw MLError.invalidInput(
                "the CSV has no column named \"\(target)\"; columns are \(table.header.joined(separator: ", "))")
        }
        guard !table.rows.isEmpty else { throw MLError.invalidInput("the CSV has a header but no rows") }
        let featureColumns = table.header.indices.filter { $0 != targetColumn && !excluded.contains(table.header[$0]) }
        let n = table.rows.count
        var kinds = [FeatureKind]()
        var features = [Double]()
        features.reserveCapacity(n * featureColumns.count)
        for column in featureColumns {
            let numbers = table.rows.map { parseNumber($0[column]) }
            if numbers.allSatisfy({ $0 != nil }) {
                kinds.append(.numeric)
                features += numbers.map { $0! }
            } else {
                let categories = Set(table.rows.map { $0[column].trimmingSpaces() }.filter { !missingTokens.contains($0) })
                    .sorted()
                let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, Double($0)) })
                kinds.append(.categorical(categories: categories))
                features += table.rows.map { index[$0[column].trimmingSpaces()] ?? .nan }
            }
        }
        let cells = table.rows.map { $0[targetColumn].trimmingSpaces() }
        // Line numbers in messages count the header as line 1.
        if let bad = cells.firstIndex(where: { missingTokens.contains($0) }) {
            throw MLError.invalidInput(
                "the target \"\(target)\" is missing on CSV line \(bad + 2); fill it in or remove the row")
        }
        let targetValue: Target
        switch task {
        case .regression:
            var values = [Double]()
            values.reserveCapacity(n)
            for (i, cell) in cells.enumerated() {
                guard let v = Double(cell), v.isFinite else {
                    throw MLError.invalidInput(
                        "the target \"\(target)\" on CSV line \(i + 2) is \"\(cell)\", not a number; use --task classification for labels")
                }
                values.append(v)
            }
            targetValue = .values(values)
        case .classification:
            var names = Array(Set(cells))
            if names.allSatisfy({ Double($0) != nil }) {
                names.sort { Double($0)! < Double($1)! }
            } else {
                names.sort()
            }
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            targetValue = .classes(cells.map { index[$0]! }, names: names)
        }
        self.init(
            schema: FeatureSchema(names: featureColumns.map { table.header[$0] }, kinds: kinds),
            columnMajor: features, target: targetValue)
    }

    /// Reads the feature columns of `table` in the layout of `schema` (row-major), for prediction.
    ///
    /// Columns are matched by name; extra columns are ignored. Categories not seen in training and
    /// missing cells become NaN, which the model treats as missing.
    ///
    /// - Throws: ``MLError/invalidInput(_:)`` when a feature column is absent or a numeric cell is not a number.
    public static func rowMajorFeatures(csv table: CSVTable, schema: FeatureSchema) throws -> [Double] {
        let m = schema.count
        var out = [Double](repeating: .nan, count: table.rows.count * m)
        for (j, name) in schema.names.enumerated() {
            guard let column = table.column(named: name) else {
                throw MLError.invalidInput("the CSV has no column \"\(name)\", which the model needs")
            }
            switch schema.kinds[j] {
            case .numeric:
                for (i, row) in table.rows.enumerated() {
                    guard let v = parseNumber(row[column]) else {
                        throw MLError.invalidInput("column \"\(name)\" on CSV line \(i + 2) is \"\(row[column])\", not a number")
                    }
                    out[i * m + j] = v
                }
            case .categorical(let categories):
                let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, Double($0)) })
                for (i, row) in table.rows.enumerated() { out[i * m + j] = index[row[column].trimmingSpaces()] ?? .nan }
            }
        }
        return out
    }
}
