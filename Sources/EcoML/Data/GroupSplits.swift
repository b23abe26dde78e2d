import EcoRandom

/// Folds that keep related rows together: the analyst's own folds, or whole groups (sites, spatial
/// blocks) spread over k folds. Random folds overstate skill when near rows are alike, because a
/// test row's neighbours are then in the training part.
extension Splits {
    /// Fold numbers for k folds made of whole groups: rows with the same label always share a fold,
    /// and folds hold nearly the same number of rows (scikit-learn's `GroupKFold`).
    ///
    /// Groups are placed largest first, each into the fold with the fewest rows so far (the first
    /// such fold on a tie). Without a seed, groups of equal size are taken in descending label order,
    /// exactly as `GroupKFold(n_splits=k)` in scikit-learn 1.9; with a seed their order is shuffled,
    /// so the seed picks among equally balanced assignments (the rows per fold do not depend on it).
    ///
    /// - Parameters:
    ///   - groups: one label per row (a site id, a cell id …).
    ///   - k: number of folds, at least 2 and at most the number of distinct labels.
    ///   - seed: shuffles groups of equal size; nil for scikit-learn's order.
    /// - Returns: the fold (0..<k) of each row.
    /// - Throws: ``MLError/invalidInput(_:)`` when k is below 2 or above the number of groups.
    public static func groupFoldAssignment<Label: Hashable & Comparable>(
        groups: [Label], folds k: Int, seed: UInt64?
    ) throws -> [Int] {
        var rowCount = [Label: Int]()
        for label in groups { rowCount[label, default: 0] += 1 }
        guard k >= 2 else { throw MLError.invalidInput("cross-validation needs at least 2 folds, got \(k)") }
        guard k <= rowCount.count else {
            throw MLError.invalidInput(
                "only \(rowCount.count) group\(rowCount.count == 1 ? "" : "s") hold rows but \(k) folds were asked; use at most \(rowCount.count) folds or smaller groups")
        }
        // Ascending labels first, so the result never depends on dictionary order.
        var order = rowCount.keys.sorted()
        if let seed {
            var rng = Xoshiro256StarStar(seed: seed)
            rng.shuffle(&order)
        }
        // Largest first; equal sizes in reverse of `order` (numpy's stable argsort, reversed).
        let placing = order.indices.sorted { a, b in
            let (na, nb) = (rowCount[order[a]]!, rowCount[order[b]]!)
            return na != nb ? na > nb : a > b
        }
        var foldRows = [Int](repeating: 0, count: k)
        var foldOf = [Label: Int]()
        for position in placing {
            let label = order[position]
            let lightest = foldRows.indices.min { foldRows[$0] < foldRows[$1] }!
            foldRows[lightest] += rowCount[label]!
            foldOf[label] = lightest
        }
        return groups.map { foldOf[$0]! }
    }

    /// K train/test index pairs of whole groups; see ``groupFoldAssignment(groups:folds:seed:)``.
    public static func groupKFold<Label: Hashable & Comparable>(
        groups: [Label], folds k: Int, seed: UInt64?
    ) throws -> [TrainTestIndices] {
        folds(from: try groupFoldAssignment(groups: groups, folds: k, seed: seed), count: k)
    }

    /// Train/test pairs from a fold number per row, as scikit-learn's `PredefinedSplit`: one fold per
    /// distinct number in ascending order, and rows marked -1 are never tested (always trained on).
    ///
    /// - Returns: the pairs, and the fold numbers in the order of the pairs.
    /// - Throws: ``MLError/invalidInput(_:)`` when no row has a fold, or a fold would leave nothing to train on.
    public static func predefinedFolds(_ testFold: [Int]) throws -> (splits: [TrainTestIndices], folds: [Int]) {
        let numbers = Set(testFold).subtracting([-1]).sorted()
        guard !numbers.isEmpty else {
            throw MLError.invalidInput("every row is marked -1 (training only), so no row is ever tested; give some rows a fold number")
        }
        let index = Dictionary(uniqueKeysWithValues: numbers.enumerated().map { ($1, $0) })
        let splits = folds(from: testFold.map { index[$0] ?? -1 }, count: numbers.count)
        if let empty = splits.firstIndex(where: { $0.train.isEmpty }) {
            throw MLError.invalidInput(
                "fold \(numbers[empty]) holds every row that is not training-only, so it leaves nothing to train on; use at least two folds or mark training rows -1")
        }
        return (splits, numbers)
    }
}
