/// A compiled operator: the constants (weights, attributes) are fixed at load; `run` gets the runtime inputs
/// in the order the builder listed them and returns the node's single output.
protocol Operator: Sendable {
    func run(_ inputs: [Tensor], threads: Int) throws -> Tensor
}

/// What a node builder sees at load time: the node, its attributes, the model's constants and opset.
struct NodeContext {
    let node: NodeProto
    let opset: Int
    let constants: Constants

    func attribute(_ name: String) -> AttributeProto? { node.attributes.first { $0.name == name } }
    func int(_ name: String, default value: Int) -> Int { attribute(name).map { Int($0.i) } ?? value }
    func float(_ name: String, default value: Float) -> Float { attribute(name)?.f ?? value }
    func ints(_ name: String) -> [Int]? { attribute(name).map { $0.ints.map(Int.init) } }
    func string(_ name: String, default value: String) -> String { attribute(name)?.s ?? value }

    /// The node's i-th input name, or nil when absent or given as "" (an omitted optional input).
    func input(_ i: Int) -> String? { i < node.inputs.count && !node.inputs[i].isEmpty ? node.inputs[i] : nil }

    /// A constant float input (initializer or Constant node), or an invalid-model error naming it.
    func constant(_ i: Int, role: String) throws -> Tensor {
        guard let name = input(i) else { throw ONNXError.invalidModel("\(node.label) has no \(role) input") }
        guard let tensor = constants.floats[name] else {
            throw ONNXError.unsupported(["\(node.label): its \(role) '\(name)' must be a constant (initializer), not computed at run time"])
        }
        return tensor
    }

    /// An unsupported attribute value, phrased for the combined error.
    func unsupported(_ detail: String) -> ONNXError { .unsupported(["\(node.label): \(detail)"]) }
}

/// The model's constant values by name: float tensors, and integer tensors (shapes, axes) kept exact.
struct Constants: Sendable {
    var floats: [String: Tensor] = [:]
    var integers: [String: (shape: [Int], values: [Int64])] = [:]

    mutating func add(_ proto: TensorProto) throws {
        switch proto.dataType {
        case TensorProto.float, TensorProto.double:
            floats[proto.name] = Tensor(shape: proto.dims, data: proto.floats)
        case TensorProto.int32, TensorProto.int64:
            integers[proto.name] = (proto.dims, proto.integers)
            floats[proto.name] = Tensor(shape: proto.dims, data: proto.integers.map { Float($0) })
        default:
            throw ONNXError.unsupported(["initializer '\(proto.name)' has data type \(proto.dataType); only FLOAT, DOUBLE, INT32 and INT64 are read"])
        }
    }
}

/// Checks a runtime input's rank, for operators that only handle one layout.
func expectRank(_ tensor: Tensor, _ rank: Int, _ what: String) throws {
    guard tensor.rank == rank else {
        throw ONNXError.shapeMismatch("\(what) expects a rank-\(rank) input, got shape \(tensor.shape)")
    }
}
