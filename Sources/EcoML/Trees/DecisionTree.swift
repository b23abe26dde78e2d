/// One node of a flattened tree; 24 bytes, stored contiguously.
///
/// Internal node: rows with `x[feature] <= threshold` (numeric) or whose category is in the
/// node's category set (categorical) go to `left`, the others to `right`; NaN follows
/// `missingGoesLeft`. Leaf: `feature == -1` and `left` is the index of the leaf's first value.
struct TreeNode: Sendable, Equatable {
    var threshold: Double
    var feature: Int32
    var left: Int32
    var right: Int32
    var flags: UInt8

    static let missingLeftFlag: UInt8 = 1
    static let categoricalFlag: UInt8 = 2

    var isLeaf: Bool { feature < 0 }
    var missingGoesLeft: Bool { flags & TreeNode.missingLeftFlag != 0 }
    var isCategorical: Bool { flags & TreeNode.categoricalFlag != 0 }

    /// The index of the child that `row` (row-major features) goes to from this internal node.
    ///
    /// The one statement of how a row is routed, used by single trees, forests and boosting alike.
    /// `sets` holds the 256-bit category sets (four words each) that categorical nodes point into.
    @inline(__always)
    func child(_ row: UnsafePointer<Double>, sets: UnsafeBufferPointer<UInt64>) -> Int {
        let x = row[Int(feature)]
        let goLeft: Bool
        if flags & TreeNode.categoricalFlag == 0 {
            // NaN fails `<=`, so the flag decides for it without a branch.
            goLeft = x <= threshold || (x.isNaN && flags & TreeNode.missingLeftFlag != 0)
        } else if x >= 0 && x < Double(FeatureBinner.missingBin) {
            let c = Int(x)
            goLeft = sets[Int(threshold) + (c >> 6)] & (1 << UInt64(c & 63)) != 0
        } else {
            // NaN and category codes beyond the binned range follow the missing-value branch, as in training.
            goLeft = flags & TreeNode.missingLeftFlag != 0
        }
        return Int(goLeft ? left : right)
    }

    /// The offset of the first leaf value that `row` reaches from node `start` of `nodes`.
    @inline(__always)
    static func leafOffset(
        _ nodes: UnsafePointer<TreeNode>, _ sets: UnsafeBufferPointer<UInt64>, from start: Int, _ row: UnsafePointer<Double>
    ) -> Int {
        var node = nodes[start]
        while node.feature >= 0 { node = nodes[node.child(row, sets: sets)] }
        return Int(node.left)
    }
}

/// A fitted decision tree as flat arrays: nodes, leaf values and category sets.
///
/// Prediction walks `nodes` from index 0 without allocating.
public struct DecisionTree: Sendable, Equatable {
    var nodes: [TreeNode]
    /// `valuesPerLeaf` numbers per leaf: class probabilities, or one regression value.
    var leafValues: [Double]
    /// 256-bit category sets, four words each; a categorical node's `threshold` is the set's word offset.
    var categorySets: [UInt64]
    /// Numbers stored per leaf.
    var valuesPerLeaf: Int

    /// Number of nodes.
    public var nodeCount: Int { nodes.count }
    /// Number of leaves.
    public var leafCount: Int { nodes.reduce(0) { $0 + ($1.isLeaf ? 1 : 0) } }
    /// Longest root-to-leaf path, in edges.
    public var depth: Int {
        func walk(_ i: Int) -> Int {
            let n = nodes[i]
            return n.isLeaf ? 0 : 1 + max(walk(Int(n.left)), walk(Int(n.right)))
        }
        return nodes.isEmpty ? 0 : walk(0)
    }

    /// Index of the first leaf value for `row` (row-major features, `row[feature]`).
    @inline(__always)
    func leafOffset(_ row: UnsafePointer<Double>) -> Int {
        nodes.withUnsafeBufferPointer { nodes in
            categorySets.withUnsafeBufferPointer { sets in TreeNode.leafOffset(nodes.baseAddress!, sets, from: 0, row) }
        }
    }

    /// The leaf values reached by `row` (feature values in column order).
    public func predict(_ row: [Double]) -> [Double] {
        let offset = row.withUnsafeBufferPointer { leafOffset($0.baseAddress!) }
        return Array(leafValues[offset ..< offset + valuesPerLeaf])
    }
}
