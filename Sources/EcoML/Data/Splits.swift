import EcoRandom
/// Row indices of a training part and a held-out part.
public struct TrainTestIndices: Sendable, Equatable {
    /// Rows to train on, ascending.
    public var train: [Int]
    /// Rows held out, ascending.
    public var test: [Int]

    /// A pair of row lists (for folds made elsewhere).
    public init(train: [Int], test: [Int]) {
        self.train = train
        self.test = test
    }
}

/// Seeded, reproducible splits; stratified by class for classification targets.
public enum Splits {
    /// Groups of rows that must be spread evenly: one group per class, or one group of all rows.
    static func strata(of target: Target) -> [[Int]] {
        switch target {
        case .classes(let labels, let names):
            var groups = [[Int]](repeating: [], count: names.count)
            for (i, label) in labels.enumerated() { groups[label].append(i) }
            return groups.filter { !$0.isEmpty }
        case .values(let values):
            return [Array(values.indices)]
        }
    }

    /// Assigns each row a fold number in `0..<k`, balancing each class over the folds.
    public static func foldAssignment(target: Target, folds k: Int, seed: UInt64) -> [Int] {
        precondition(k >= 2, "cross-validation needs at least 2 folds")
        var rng = Xoshiro256StarStar(seed: seed)
        var fold = [Int](repeating: 0, count: target.count)
        var offset = 0
        for var group in strata(of: target) {
            rng.shuffle(&group)
            // Continue the round-robin where the previous class stopped so fold sizes stay within one.
            for (position, row) in group.enumerated() { fold[row] = (position + offset) % k }
            offset = (offset + group.count) % k
        }
        return fold
    }

    /// K train/test index pairs, one per fold.
    public static func kFold(target: Target, folds k: Int, seed: UInt64) -> [TrainTestIndices] {
        folds(from: foldAssignment(target: target, folds: k, seed: seed), count: k)
    }

    /// ``kFold(target:folds:seed:)`` for a fold count that comes from the user.
    ///
    /// - Throws: ``MLError/invalidInput(_:)`` unless 2 ≤ k ≤ the number of rows.
    public static func checkedKFold(target: Target, folds k: Int, seed: UInt64) throws -> [TrainTestIndices] {
        guard k >= 2, k <= target.count else {
            throw MLError.invalidInput("cross-validation needs between 2 and \(target.count) folds, got \(k)")
        }
        return kFold(target: target, folds: k, seed: seed)
    }

    /// Train/test pairs from an explicit fold number per row (as exported by a reference tool).
    public static func folds(from assignment: [Int], count k: Int) -> [TrainTestIndices] {
        (0..<k).map { f in
            TrainTestIndices(
                train: assignment.indices.filter { assignment[$0] != f },
                test: assignment.indices.filter { assignment[$0] == f })
        }
    }

    /// Splits rows into train/validation/test parts with the given fractions, stratified by class.
    ///
    /// - Returns: (train, validation, test) row indices, each ascending.
    public static func trainValidationTest(
        target: Target, validationFraction: Double, testFraction: Double, seed: UInt64
    ) -> (train: [Int], validation: [Int], test: [Int]) {
        precondition(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)
        var rng = Xoshiro256StarStar(seed: seed)
        var train = [Int](), validation = [Int](), test = [Int]()
        for var group in strata(of: target) {
            rng.shuffle(&group)
            let nTest = Int((Double(group.count) * testFraction).rounded())
            let nValidation = Int((Double(group.count) * validationFraction).rounded())
            test += group[0..<min(nTest, group.count)]
            validation += group[min(nTest, group.count)..<min(nTest + nValidation, group.count)]
            train += group[min(nTest + nValidation, group.count)...]
        }
        return (train.sorted(), validation.sorted(), test.sorted())
    }

    /// Splits rows into a training and a test part, stratified by class.
    public static func trainTest(target: Target, testFraction: Double, seed: UInt64) -> TrainTestIndices {
        let parts = trainValidationTest(target: target, validationFraction: 0, testFraction: testFraction, seed: seed)
        return TrainTestIndices(train: parts.train, test: parts.test)
    }
}
