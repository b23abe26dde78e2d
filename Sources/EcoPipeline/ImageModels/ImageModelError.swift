/// Why an ONNX image model was not registered, or an image not predicted; nothing was stored. Each says
/// what to fix. The HTTP layer answers 422 for the model and image cases, 415 for `unsupportedContentType`,
/// 413 for `tooLarge`, 404/410-like 404 for entries, and 503 for `noObjectStorage`.
public enum ImageModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not a readable ONNX model.
    case unreadableModel(String)
    /// Every operator or attribute value EcoONNX does not run, listed together.
    case unsupportedOperators([String])
    /// The graph's input or output does not fit what was declared.
    case shapeMismatch(String)
    /// The model named is a tabular EcoML model, not an ONNX image model (or the reverse).
    case wrongKind(String)
    /// The image could not be decoded (truncated, corrupt, a bomb, not an image).
    case unreadableImage(String)
    case unsupportedContentType(String)
    case tooLarge(limit: Int64)
    /// The entry cannot be classified (no file, not an image, deleted).
    case entryUnusable(String)
    case noObjectStorage

    public var description: String {
        switch self {
        case let .unreadableModel(detail): "The file is not a usable ONNX model (\(detail)); nothing was stored. Export it with torch.onnx.export(…, opset_version=17)."
        case let .unsupportedOperators(issues):
            "The model uses \(issues.count) unsupported operator(s) or attribute(s); nothing was stored. Export it with the supported operator set (docs/ocean.md, \"What runs\"):\n"
                + issues.map { "  - \($0)" }.joined(separator: "\n")
        case let .shapeMismatch(detail): "\(detail); nothing was stored."
        case let .wrongKind(detail), let .unreadableImage(detail), let .unsupportedContentType(detail), let .entryUnusable(detail): detail
        case let .tooLarge(limit): "The upload is larger than the \(limit)-byte limit; nothing was stored."
        case .noObjectStorage: "This server has no object storage configured, so ONNX models cannot be stored; set objectStore (--object-store PATH)."
        }
    }

    /// The operators (and attribute values) that stopped registration, for clients that list them.
    public var missing: [String] {
        if case let .unsupportedOperators(issues) = self { return issues }
        return []
    }
}
