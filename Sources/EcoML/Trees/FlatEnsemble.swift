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
                        body(t, TreeNode.leafOffset(nodes.baseAddress!, sets, from: Int(roots[t]), row))
                    }
                }
            }
        }
    }

    /// Adds every tree's leaf value to `out[t mod scores]` for one row-major row (boosting's raw scores;
    /// trees carry one value per leaf). Four trees are walked in step: their node loads are independent,
    /// so the processor overlaps them instead of waiting for each tree's chain of loads in turn.
    @inline(__always)
    func addLeafValues(_ row: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, scores: Int) {
        nodes.withUnsafeBufferPointer { nodeBuffer in
            categorySets.withUnsafeBufferPointer { sets in
                roots.withUnsafeBufferPointer { roots in
                    leafValues.withUnsafeBufferPointer { values in
                        let nodes = nodeBuffer.baseAddress!, v = values.baseAddress!
                        let count = roots.count
                        var t = 0, c = 0
                        func add(_ leaf: Int) {
                            out[c] += v[Int(nodes[leaf].left)]
                            c = c + 1 == scores ? 0 : c + 1
                        }
                        while t + 4 <= count {
                            var lanes = (Int(roots[t]), Int(roots[t + 1]), Int(roots[t + 2]), Int(roots[t + 3]))
                            while nodes[lanes.0].feature >= 0 || nodes[lanes.1].feature >= 0
                                || nodes[lanes.2].feature >= 0 || nodes[lanes.3].feature >= 0 {
                                lanes = (
                                    FlatEnsemble.step(nodes, sets, lanes.0, row), FlatEnsemble.step(nodes, sets, lanes.1, row),
                                    FlatEnsemble.step(nodes, sets, lanes.2, row), FlatEnsemble.step(nodes, sets, lanes.3, row))
                            }
                            // Added tree by tree, in order, so every score is the same as from one walk at a time.
                            add(lanes.0)
                            add(lanes.1)
                            add(lanes.2)
                            add(lanes.3)
                            t += 4
                        }
                        while t < count {
                            var leaf = Int(roots[t])
                            while nodes[leaf].feature >= 0 { leaf = FlatEnsemble.step(nodes, sets, leaf, row) }
                            add(leaf)
                            t += 1
                        }
                    }
                }
            }
        }
    }

    /// The child of node `i` that `row` goes to, or `i` itself at a leaf (so finished lanes stay put).
    @inline(__always)
    static func step(
        _ nodes: UnsafePointer<TreeNode>, _ sets: UnsafeBufferPointer<UInt64>, _ i: Int, _ row: UnsafePointer<Double>
    ) -> Int {
        let node = nodes[i]
        return node.feature < 0 ? i : node.child(row, sets: sets)
    }
}
