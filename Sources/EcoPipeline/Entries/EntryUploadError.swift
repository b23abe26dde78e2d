/// Why an upload was refused; nothing of it was stored. The HTTP layer answers 413 for `tooLarge`,
/// 415 for the content-type cases and 503 when no object storage is configured.
public enum EntryUploadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The declared content type is not one the data type accepts.
    case unsupportedContentType(String)
    /// The bytes are not what the declared content type says.
    case contentMismatch(String)
    case tooLarge(limit: Int64)
    case noObjectStorage

    public var description: String {
        switch self {
        case let .unsupportedContentType(text): text
        case let .contentMismatch(reason): "The file was refused: \(reason). Declare the file's real content type; nothing was stored."
        case let .tooLarge(limit): "The file is larger than the \(limit)-byte limit for entries; nothing was stored. Ask the operator to raise maxEntryBytes, or split the data."
        case .noObjectStorage: "This server has no object storage configured, so entries cannot carry files; set objectStore (--object-store PATH)."
        }
    }
}
