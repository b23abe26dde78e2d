/// What went wrong loading or running an ONNX model, in words a user can act on.
public enum ONNXError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The bytes are not a well-formed ONNX protobuf (truncated, garbage, wrong file).
    case malformedProtobuf(String)
    /// Operators or attribute values EcoONNX does not implement, all of them at once.
    case unsupported([String])
    /// The graph is inconsistent (a missing value, a bad weight shape …).
    case invalidModel(String)
    /// The input given at prediction time does not match the model's declared input.
    case inputShape(input: String, expected: [Int?], given: [Int])
    /// A shape that only became known while running does not fit an operator.
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case .malformedProtobuf(let detail):
            return "not a readable ONNX model: \(detail)"
        case .unsupported(let issues):
            return "the model uses \(issues.count) unsupported operator(s) or attribute(s); export it with the supported "
                + "operator set (see docs/ocean.md):\n" + issues.map { "  - \($0)" }.joined(separator: "\n")
        case .invalidModel(let detail):
            return "invalid ONNX model: \(detail)"
        case .inputShape(let input, let expected, let given):
            let shown = expected.map { $0.map(String.init) ?? "?" }.joined(separator: ",")
            return "input '\(input)' expects shape [\(shown)] (? = any size) but was given [\(given.map(String.init).joined(separator: ","))]"
        case .shapeMismatch(let detail):
            return "shape error while running: \(detail)"
        }
    }
}
