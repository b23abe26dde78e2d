/// The model artifact format: a little-endian binary layout documented in docs/ml.md.
///
/// `"ECOMLMDL"` magic, UInt32 format version, the body, then an FNV-1a 64 checksum of all
/// bytes before it. Doubles are stored as their IEEE-754 bit patterns, so a loaded model
/// predicts exactly what the saved one did.
extension Model {
    /// Artifact format version written by this build; readers accept this and older versions.
    public static let artifactFormatVersion = 1
    static let magic = Array("ECOMLMDL".utf8)

    /// The model as artifact bytes.
    public func serialized() -> [UInt8] {
        var w = BinaryWriter()
        w.raw(Model.magic)
        w.u32(UInt32(Model.artifactFormatVersion))
        w.u8(task == .classification ? 0 : 1)
        w.u8(UInt8(Algorithm.allCases.firstIndex(of: algorithm)!))
        w.u64(seed)
        w.string(targetName)
        w.count(classNames.count)
        for name in classNames { w.string(name) }
        w.count(schema.count)
        for (name, kind) in zip(schema.names, schema.kinds) {
            w.string(name)
            switch kind {
            case .numeric:
                w.u8(0)
            case .categorical(let categories):
                w.u8(1)
                w.count(categories.count)
                for c in categories { w.string(c) }
            }
        }
        switch estimator {
        case .forest(let forest):
            w.u8(0)
            w.count(forest.outputCount)
            w.u8(forest.outOfBagScore == nil ? 0 : 1)
            w.f64(forest.outOfBagScore ?? 0)
            w.count(forest.trees.count)
            for tree in forest.trees { tree.write(to: &w) }
        case .boosting(let boosting):
            w.u8(1)
            w.u8(boosting.loss.rawValue)
            w.f64s(boosting.baseline)
            w.count(boosting.trees.count)
            for tree in boosting.trees { tree.write(to: &w) }
        case .linear(let linear):
            w.u8(2)
            w.u8(linear.isLogistic ? 1 : 0)
            let s = linear.standardizer
            w.count(s.width)
            w.count(s.offsets.count)
            for j in s.offsets.indices {
                w.count(s.offsets[j])
                w.count(s.categoryCounts[j])
                w.f64(s.means[j])
                w.f64(s.scales[j])
            }
            w.f64s(linear.weights)
            w.f64s(linear.intercepts)
        }
        w.u64(fnv1a64(w.bytes[...]))
        return w.bytes
    }

    /// Loads a model from artifact bytes.
    ///
    /// - Throws: ``MLError/corruptArtifact(_:)`` for bytes that are not a valid artifact (wrong magic,
    ///   checksum mismatch, truncation, indices out of range); ``MLError/unsupportedArtifactVersion(found:supported:)``
    ///   for a newer format.
    public init(serialized bytes: [UInt8]) throws(MLError) {
        guard bytes.count >= Model.magic.count + 12, Array(bytes[0..<Model.magic.count]) == Model.magic else {
            throw MLError.corruptArtifact("not an EcoML model (magic bytes missing)")
        }
        var r = BinaryReader(bytes)
        r.position = Model.magic.count
        let version = Int(try r.u32())
        guard version <= Model.artifactFormatVersion, version >= 1 else {
            throw MLError.unsupportedArtifactVersion(found: version, supported: Model.artifactFormatVersion)
        }
        var tail = BinaryReader(Array(bytes[(bytes.count - 8)...]))
        guard try tail.u64() == fnv1a64(bytes[..<(bytes.count - 8)]) else {
            throw MLError.corruptArtifact("checksum mismatch")
        }
        r = BinaryReader(Array(bytes[..<(bytes.count - 8)]))
        r.position = Model.magic.count + 4
        let taskCode = try r.u8()
        guard taskCode <= 1 else { throw MLError.corruptArtifact("unknown task \(taskCode)") }
        task = taskCode == 0 ? .classification : .regression
        let algorithmCode = Int(try r.u8())
        guard algorithmCode < Algorithm.allCases.count else { throw MLError.corruptArtifact("unknown algorithm") }
        algorithm = Algorithm.allCases[algorithmCode]
        seed = try r.u64()
        targetName = try r.string()
        var classes = [String]()
        for _ in 0..<(try r.count(elementSize: 4)) { classes.append(try r.string()) }
        classNames = classes
        var names = [String](), kinds = [FeatureKind]()
        for _ in 0..<(try r.count(elementSize: 5)) {
            names.append(try r.string())
            switch try r.u8() {
            case 0:
                kinds.append(.numeric)
            case 1:
                var categories = [String]()
                for _ in 0..<(try r.count(elementSize: 4)) { categories.append(try r.string()) }
                kinds.append(.categorical(categories: categories))
            default:
                throw MLError.corruptArtifact("unknown feature kind")
            }
        }
        schema = FeatureSchema(names: names, kinds: kinds)
        let outputs = task == .classification ? classes.count : 1
        guard task == .regression || outputs >= 2 else { throw MLError.corruptArtifact("fewer than two classes") }
        switch try r.u8() {
        case 0:
            let outputCount = try r.count(elementSize: 0)
            let hasScore = try r.u8() == 1
            let score = try r.f64()
            var trees = [DecisionTree]()
            for _ in 0..<(try r.count(elementSize: 8)) {
                trees.append(try DecisionTree(reading: &r, featureCount: names.count, valuesPerLeaf: outputs))
            }
            guard outputCount == outputs, !trees.isEmpty else { throw MLError.corruptArtifact("forest shape") }
            estimator = .forest(RandomForest(trees: trees, outputCount: outputCount, outOfBagScore: hasScore ? score : nil))
        case 1:
            guard let loss = BoostingLoss(rawValue: try r.u8()) else { throw MLError.corruptArtifact("unknown loss") }
            let baseline = try r.f64s()
            var trees = [DecisionTree]()
            for _ in 0..<(try r.count(elementSize: 8)) {
                trees.append(try DecisionTree(reading: &r, featureCount: names.count, valuesPerLeaf: 1))
            }
            let expected = loss == .multinomialLogLoss ? outputs : 1
            guard baseline.count == expected, trees.count % expected == 0,
                (loss == .squaredError) == (task == .regression), loss != .binaryLogLoss || outputs == 2
            else { throw MLError.corruptArtifact("boosting shape") }
            estimator = .boosting(GradientBoosting(trees: trees, baseline: baseline, loss: loss))
        case 2:
            let isLogistic = try r.u8() == 1
            let width = try r.count(elementSize: 0)
            var s = FeatureStandardizer(offsets: [], categoryCounts: [], means: [], scales: [], width: width)
            for _ in 0..<(try r.count(elementSize: 24)) {
                s.offsets.append(try r.count(elementSize: 0))
                s.categoryCounts.append(try r.count(elementSize: 0))
                s.means.append(try r.f64())
                s.scales.append(try r.f64())
            }
            let weights = try r.f64s(), intercepts = try r.f64s()
            let scores = intercepts.count
            guard s.offsets.count == names.count,
                zip(s.offsets, s.categoryCounts).allSatisfy({ $0 + max($1, 1) <= width }),
                weights.count == scores * width, scores >= 1,
                isLogistic == (task == .classification),
                !isLogistic || scores == (outputs == 2 ? 1 : outputs), isLogistic || scores == 1
            else { throw MLError.corruptArtifact("linear model shape") }
            estimator = .linear(LinearModel(standardizer: s, weights: weights, intercepts: intercepts, isLogistic: isLogistic))
        default:
            throw MLError.corruptArtifact("unknown estimator")
        }
        guard r.isAtEnd else { throw MLError.corruptArtifact("trailing bytes") }
    }
}

extension DecisionTree {
    func write(to w: inout BinaryWriter) {
        w.count(valuesPerLeaf)
        w.count(nodes.count)
        for n in nodes {
            w.f64(n.threshold)
            w.i32(n.feature)
            w.i32(n.left)
            w.i32(n.right)
            w.u8(n.flags)
        }
        w.f64s(leafValues)
        w.count(categorySets.count)
        for word in categorySets { w.u64(word) }
    }

    /// Reads a tree and checks every index, so prediction on a loaded tree cannot go out of bounds or loop.
    init(reading r: inout BinaryReader, featureCount: Int, valuesPerLeaf expected: Int) throws(MLError) {
        valuesPerLeaf = try r.count(elementSize: 0)
        var nodes = [TreeNode]()
        for _ in 0..<(try r.count(elementSize: 21)) {
            nodes.append(TreeNode(threshold: try r.f64(), feature: try r.i32(), left: try r.i32(), right: try r.i32(), flags: try r.u8()))
        }
        leafValues = try r.f64s()
        var sets = [UInt64]()
        for _ in 0..<(try r.count(elementSize: 8)) { sets.append(try r.u64()) }
        categorySets = sets
        guard valuesPerLeaf == expected, !nodes.isEmpty else { throw MLError.corruptArtifact("tree shape") }
        for (i, n) in nodes.enumerated() {
            if n.feature < 0 {
                guard n.left >= 0, Int(n.left) + valuesPerLeaf <= leafValues.count else {
                    throw MLError.corruptArtifact("leaf \(i) points outside the leaf values")
                }
            } else {
                // Children always follow their parent, which also rules out cycles.
                guard Int(n.feature) < featureCount, Int(n.left) > i, Int(n.right) > i,
                    Int(n.left) < nodes.count, Int(n.right) < nodes.count
                else { throw MLError.corruptArtifact("node \(i) has an invalid feature or child") }
                if n.isCategorical {
                    guard n.threshold >= 0, n.threshold < Double(sets.count), n.threshold.rounded() == n.threshold,
                        Int(n.threshold) + 4 <= sets.count
                    else {
                        throw MLError.corruptArtifact("node \(i) points outside the category sets")
                    }
                }
            }
        }
        self.nodes = nodes
    }
}
