/// An ONNX model compiled for CPU inference: validated at load (every unsupported operator or attribute
/// value reported together), weights packed, BatchNormalization folded and activations fused into Convs.
///
///     let model = try ONNXModel(serialized: bytes)
///     let outputs = try model.run(["input": image], threads: 2)
public struct ONNXModel: Sendable {
    /// The inputs a caller provides (graph inputs that are not initializers), with declared shapes.
    public let inputs: [ValueInfoProto]
    public let outputs: [ValueInfoProto]
    /// The ai.onnx opset the model was exported with.
    public let opset: Int

    private struct Step: Sendable {
        let op: any Operator
        let label: String
        let inputs: [Int]
        let output: Int
        /// Slots whose last reader is this step: freed after it runs.
        var releases: [Int] = []
    }

    private let steps: [Step]
    private let inputSlots: [Int]
    private let outputSlots: [Int]
    private let constantSlots: [(Int, Tensor)]
    private let slotCount: Int

    /// Decodes and compiles a serialized model (the bytes of a `.onnx` file).
    public init(serialized bytes: [UInt8]) throws {
        try self.init(try ModelProto(serialized: bytes))
    }

    /// Compiles a decoded model; throws `ONNXError.unsupported` listing every problem found.
    public init(_ model: ModelProto) throws {
        let compiled = Self.compile(model)
        if !compiled.issues.isEmpty { throw ONNXError.unsupported(compiled.issues) }
        if let error = compiled.error { throw error }
        inputs = compiled.inputs
        outputs = model.graph.outputs
        opset = model.defaultOpset
        steps = compiled.steps
        inputSlots = compiled.inputSlots
        outputSlots = compiled.outputSlots
        constantSlots = compiled.constantSlots
        slotCount = compiled.slotCount
    }

    /// Runs the model on named inputs; returns every graph output by name. Shapes are checked against the
    /// declared inputs before anything is computed. `threads` > 1 spreads convolutions over that many cores.
    public func run(_ feeds: [String: Tensor], threads: Int = 1) throws -> [String: Tensor] {
        var values = [Tensor?](repeating: nil, count: slotCount)
        for (slot, tensor) in constantSlots { values[slot] = tensor }
        for (info, slot) in zip(inputs, inputSlots) {
            guard let tensor = feeds[info.name] else {
                throw ONNXError.invalidModel("no value given for input '\(info.name)' (inputs: \(inputs.map(\.name).joined(separator: ", ")))")
            }
            try Self.check(tensor, against: info)
            values[slot] = tensor
        }
        for step in steps {
            let arguments = step.inputs.map { values[$0]! }
            do {
                values[step.output] = try step.op.run(arguments, threads: threads)
            } catch let ONNXError.shapeMismatch(detail) {
                throw ONNXError.shapeMismatch("\(step.label): \(detail)")
            }
            for slot in step.releases { values[slot] = nil }
        }
        var result: [String: Tensor] = [:]
        for (info, slot) in zip(outputs, outputSlots) { result[info.name] = values[slot] }
        return result
    }

    /// Runs a single-input model; returns the outputs in the graph's order.
    public func run(_ input: Tensor, threads: Int = 1) throws -> [Tensor] {
        guard inputs.count == 1 else {
            throw ONNXError.invalidModel("the model has \(inputs.count) inputs (\(inputs.map(\.name).joined(separator: ", "))); name each one")
        }
        let named = try run([inputs[0].name: input], threads: threads)
        return outputs.map { named[$0.name]! }
    }

    /// Throws `ONNXError.inputShape` when `tensor` does not fit the declared shape (unknown dims fit anything).
    static func check(_ tensor: Tensor, against info: ValueInfoProto) throws {
        guard let declared = info.shape else { return }
        let fits = declared.count == tensor.rank && zip(declared, tensor.shape).allSatisfy { $0 == nil || $0 == $1 }
        if !fits { throw ONNXError.inputShape(input: info.name, expected: declared, given: tensor.shape) }
    }

    // MARK: Compilation

    private struct Compiled {
        var steps: [Step] = []
        var inputs: [ValueInfoProto] = []
        var inputSlots: [Int] = []
        var outputSlots: [Int] = []
        var constantSlots: [(Int, Tensor)] = []
        var slotCount = 0
        var issues: [String] = []
        var error: ONNXError?
    }

    private static func compile(_ model: ModelProto) -> Compiled {
        var result = Compiled()
        let graph = model.graph
        let opset = model.defaultOpset
        var constants = Constants()
        for tensor in graph.initializers {
            if tensor.isExternal { result.issues.append("initializer '\(tensor.name)' keeps its data in an external file; save the model with its weights inside"); continue }
            do { try constants.add(tensor) } catch let ONNXError.unsupported(found) { result.issues += found } catch {}
        }
        // Constant nodes become constants; everything else is planned.
        var nodes: [NodeProto] = []
        for node in graph.nodes {
            if node.opType == "Constant" && node.domain.isEmpty {
                if var value = node.attributes.first(where: { $0.name == "value" })?.t, let name = node.outputs.first {
                    value.name = name
                    do { try constants.add(value) } catch let ONNXError.unsupported(found) { result.issues += found } catch {}
                } else {
                    result.issues.append("\(node.label): only the `value` (tensor) form of Constant is supported")
                }
            } else {
                nodes.append(node)
            }
        }
        let graphOutputs = Set(graph.outputs.map(\.name))
        let planned = GraphRewrites.apply(nodes, graphOutputs: graphOutputs, constants: &constants, opset: opset)

        var slots: [String: Int] = [:]
        func slot(_ name: String) -> Int {
            if let s = slots[name] { return s }
            slots[name] = slots.count
            return slots.count - 1
        }
        result.inputs = graph.inputs.filter { constants.floats[$0.name] == nil && constants.integers[$0.name] == nil }
        for info in result.inputs {
            result.inputSlots.append(slot(info.name))
            if info.elementType != TensorProto.float {
                result.issues.append("input '\(info.name)' has element type \(info.elementType); only FLOAT (1) inputs are supported")
            }
        }
        var unknown: [String: [String]] = [:]
        var available = Set(result.inputs.map(\.name))
        for p in planned {
            let node = p.node
            let context = NodeContext(node: node, opset: opset, constants: constants)
            guard node.domain.isEmpty || node.domain == "ai.onnx", let build = OperatorSet.builder(for: node.opType) else {
                let key = node.domain.isEmpty ? node.opType : "\(node.domain).\(node.opType)"
                unknown[key, default: []].append(node.name.isEmpty ? (node.outputs.first ?? "?") : node.name)
                available.formUnion(node.outputs)
                continue
            }
            guard node.outputs.count >= 1, !node.inputs.isEmpty else {
                result.error = result.error ?? .invalidModel("\(node.label) has no input or no output")
                continue
            }
            do {
                let (op, runtimeInputs) = try build(context, p.activation)
                var inputSlots: [Int] = []
                for name in runtimeInputs {
                    if let constant = constants.floats[name], !available.contains(name) {
                        let s = slot(name)
                        if !result.constantSlots.contains(where: { $0.0 == s }) { result.constantSlots.append((s, constant)) }
                    } else if !available.contains(name) {
                        result.error = result.error ?? .invalidModel("\(node.label) reads '\(name)', which no earlier node, input or initializer provides")
                    }
                    inputSlots.append(slot(name))
                }
                result.steps.append(Step(op: op, label: node.label, inputs: inputSlots, output: slot(node.outputs[0])))
            } catch let ONNXError.unsupported(found) {
                result.issues += found
            } catch let error as ONNXError {
                result.error = result.error ?? error
            } catch {
                result.error = result.error ?? .invalidModel("\(node.label): \(error)")
            }
            available.formUnion(node.outputs.prefix(1))
        }
        let unknownIssues = unknown.sorted(by: { $0.key < $1.key }).map { op, names in
            let shown = names.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 3 ? ", …" : "")
            return "operator \(op) is not supported (\(names.count) node\(names.count == 1 ? "" : "s"): \(shown))"
        }
        result.issues = unknownIssues + result.issues
        for output in graph.outputs {
            if !available.contains(output.name) && constants.floats[output.name] == nil {
                result.error = result.error ?? .invalidModel("graph output '\(output.name)' is produced by no node")
            }
            result.outputSlots.append(slot(output.name))
        }
        result.slotCount = slots.count
        // Free each intermediate after its last reader (graph outputs are kept).
        var lastReader: [Int: Int] = [:]
        for (index, step) in result.steps.enumerated() { for s in step.inputs { lastReader[s] = index } }
        let kept = Set(result.outputSlots)
        for (s, index) in lastReader where !kept.contains(s) { result.steps[index].releases.append(s) }
        return result
    }
}
