/// All trees of an ensemble in three contiguous arrays, for prediction.
///
/// Built from the trees (which remain the serialized form): child indices, leaf-value offsets
/// and category-set offsets are rebased to be global, so predicting walks one node array
/// through unsafe buffers with no per-tree array access, reference counting or allocation.
struct FlatEnsemble: Sendable, Equatable {
    var nodes: [TreeNode] = []
    var leafValues: [Double] = []
    var categorySets: [UInt64] = []
    /// Index of each tree's root in `nodes`.
    var roots: [Int32] = []

    init(_ trees: [DecisionTree]) {
        for tree in trees {
            let nodeBase = Int32(nodes.count), valueBase = Int32(leafValues.count)
            let setBase = Double(categorySets.count)
            roots.append(nodeBase)
            for var node in tree.nodes {
                if node.isLeaf {
                    node.left += valueBase
                } else {
                    node.left += nodeBase
                    node.right += nodeBase
                    if node.isCategorical { node.threshold += setBase }
                }
                nodes.append(node)
            }
            leafValues += tree.leafValues
            categorySets += tree.categorySets
        }
    }

    /// Calls `body(tree, leafValueOffset)` for every tree, in order, for one row-major row.
    @inline(__always)
    func forEachLeaf(_ row: UnsafePointer<Double>, _ body: (Int, Int) -> Void) {
        nodes.withUnsafeBufferPointer { nodes in
            categorySets.withUnsafeBufferPointer { sets in
                roots.withUnsafeBufferPointer { roots in
                    for t in 0..<roots.count {
                        body(t, FlatEnsemble.walk(nodes.baseAddress!, sets, from: Int(roots[t]), row))
                    }
                }
            }
        }
    }

    /// Leaf-value offset reached from node `start`; same rules as ``DecisionTree``.
    @inline(__always)
    static func walk(
        _ nodes: UnsafePointer<TreeNode>, _ sets: UnsafeBufferPointer<UInt64>, from start: Int, _ row: UnsafePointer<Double>
    ) -> Int {
        var i = start
        while true {
            let node = nodes[i]
            if node.feature < 0 { return Int(node.left) }
            let x = row[Int(node.feature)]
            let goLeft: Bool
            if node.flags & TreeNode.categoricalFlag == 0 {
                goLeft = x.isNaN ? node.flags & TreeNode.missingLeftFlag != 0 : x <= node.threshold
            } else if x >= 0 && x < Double(FeatureBinner.missingBin) {
                let c = Int(x)
                goLeft = sets[Int(node.threshold) + (c >> 6)] & (1 << UInt64(c & 63)) != 0
            } else {
                goLeft = node.flags & TreeNode.missingLeftFlag != 0
            }
            i = Int(goLeft ? node.left : node.right)
        }
    }
}
