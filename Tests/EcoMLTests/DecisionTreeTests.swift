@testable import EcoML
import EcoRandom
import Testing

struct DecisionTreeTests {
    static func tree(_ data: Dataset, limits: TreeLimits = TreeLimits()) -> DecisionTree {
        let binner = FeatureBinner(fitting: data)
        let matrix = BinnedMatrix(bins: binner.transform(data), rowCount: data.rowCount, binner: binner)
        var rng = Xoshiro256StarStar(seed: 1)
        let rows = Array(0..<data.rowCount), weights = [Double](repeating: 1, count: data.rowCount)
        switch data.target {
        case .classes(let labels, let names):
            return TreeGrower(data: matrix, criterion: GiniCriterion(labels: labels, classCount: names.count), limits: limits)
                .grow(rows: rows, weights: weights, rng: &rng)
        case .values(let values):
            return TreeGrower(data: matrix, criterion: SquaredErrorCriterion(targets: values), limits: limits)
                .grow(rows: rows, weights: weights, rng: &rng)
        }
    }

    @Test func aSeparableSetIsSplitOnceAtTheMidpoint() {
        let t = Self.tree(Toy.separable)
        #expect(t.nodeCount == 3)
        #expect(t.nodes[0].feature == 0)
        #expect(t.nodes[0].threshold == 6.5)
        #expect(Array(t.predict([6])) == [1, 0])
        #expect(Array(t.predict([7])) == [0, 1])
    }

    @Test func aRegressionTreePredictsTheMeanOfEachSide() {
        let data = Dataset(
            schema: .numeric(count: 1), rows: [[1], [2], [3], [4]], target: .values([1, 1, 5, 7]))
        var limits = TreeLimits()
        limits.maxDepth = 1
        let t = Self.tree(data, limits: limits)
        // Best single split: {1, 1} | {5, 7} (SSE 2) beats {1, 1, 5} | {7} (SSE 10.67).
        #expect(t.nodes[0].threshold == 2.5)
        #expect(Array(t.predict([0])) == [1])
        #expect(Array(t.predict([9])) == [6])
    }

    @Test func anUnlimitedTreeFitsItsTrainingRowsExactly() {
        // XOR: no first split improves Gini, so this also checks that a zero-gain split is taken, as in CART.
        let data = Dataset(
            schema: .numeric(count: 2), rows: [[0, 0], [0, 1], [1, 0], [1, 1]], target: .classes([0, 1, 1, 0], names: ["a", "b"]))
        let t = Self.tree(data)
        for i in 0..<4 { #expect(t.predict(data.row(i))[data.row(i)[0] == data.row(i)[1] ? 0 : 1] == 1) }
        #expect(t.depth == 2)
    }

    @Test func missingValuesFollowTheBranchLearnedForThem() {
        // NaN rows are class 1, numeric rows class 0 whatever their value.
        let data = Dataset(
            schema: .numeric(count: 1), rows: [[1], [2], [3], [.nan], [.nan], [.nan]],
            target: .classes([0, 0, 0, 1, 1, 1], names: ["seen", "missing"]))
        let t = Self.tree(data)
        #expect(t.nodeCount == 3)
        #expect(Array(t.predict([.nan])) == [0, 1])
        #expect(Array(t.predict([2.5])) == [1, 0])
    }

    @Test(arguments: [
        ([1.0, 2, 3, 10, 11], nil as [Bool]?, 0.0),  // CART: to the larger child
        ([1, 2, 10, 11], nil, 9),  // equal children: to the right, as scikit-learn
        ([1, 2, 3, 10, 11], [true], 9),  // boosting, NaN seen in this feature elsewhere: to the right
        ([1, 2, 3, 10, 11], [false], 0),  // boosting, never seen: to the larger child
    ])
    func missingValuesUnseenByASplitFollowScikitLearnsRule(xs: [Double], hadMissing: [Bool]?, expected: Double) {
        let data = Dataset(schema: .numeric(count: 1), rows: xs.map { [$0] }, target: .values(xs.map { $0 > 5 ? 9 : 0 }))
        var limits = TreeLimits()
        limits.maxDepth = 1
        limits.featureHadMissing = hadMissing
        #expect(Array(Self.tree(data, limits: limits).predict([.nan])) == [expected])
    }

    @Test func aCategoricalFeatureIsSplitBySetNotByOrder() {
        // Categories 0 and 2 are class 1, category 1 is class 0: no threshold on the codes separates them.
        let data = Dataset(
            schema: FeatureSchema(names: ["colour"], kinds: [.categorical(categories: ["blue", "green", "red"])]),
            rows: [[0], [0], [1], [1], [2], [2]], target: .classes([1, 1, 0, 0, 1, 1], names: ["no", "yes"]))
        let t = Self.tree(data)
        #expect(t.nodeCount == 3)
        #expect(t.nodes[0].isCategorical)
        #expect(t.predict([1])[0] == 1)
        #expect(t.predict([0])[1] == 1)
        #expect(t.predict([2])[1] == 1)
    }

    @Test func binEdgesAreMidpointsBetweenFewDistinctValues() {
        #expect(FeatureBinner.numericEdges([3, 1, 2, 2, 1], maxBins: 255) == [1.5, 2.5])
        #expect(FeatureBinner.numericEdges([4, 4], maxBins: 255) == [])
        let many = FeatureBinner.numericEdges((0..<1000).map(Double.init), maxBins: 10)
        #expect(many.count == 9)
        #expect(many == many.sorted())
    }

    @Test func histogramSubtractionGrowsTheSameTreeAsBuildingEveryHistogram() {
        // Integer targets keep every sum exact, so both paths must choose identical splits.
        var rng = Xoshiro256StarStar(seed: 4)
        let rows = (0..<300).map { _ in [Double(rng.below(40)), Double(rng.below(7)), rng.below(9) == 0 ? .nan : Double(rng.below(300))] }
        let y = rows.map { $0[0] * 3 + ($0[1] > 3 ? 50 : 0) + Double(rng.below(5)) }
        let data = Dataset(schema: .numeric(count: 3), rows: rows, target: .values(y))
        var plain = TreeLimits()
        plain.maxLeaves = 31
        plain.minSamplesLeaf = 5
        plain.histogramSubtraction = false
        var subtracting = plain
        subtracting.histogramSubtraction = true
        #expect(Self.tree(data, limits: subtracting) == Self.tree(data, limits: plain))
        #expect(Self.tree(data, limits: subtracting).leafCount == 31)
    }
}
