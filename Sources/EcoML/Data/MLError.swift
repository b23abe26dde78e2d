/// Errors from EcoML, each saying what was wrong and how to fix it.
public enum MLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The progress callback returned false.
    case cancelled
    /// The input cannot be learned from or predicted on; the message says why.
    case invalidInput(String)
    /// A CSV file could not be read; `line` is 1-based.
    case csv(line: Int, message: String)
    /// A model artifact could not be decoded.
    case corruptArtifact(String)
    /// A model artifact was written by a newer format version than this build reads.
    case unsupportedArtifactVersion(found: Int, supported: Int)

    public var description: String {
        switch self {
        case .cancelled: "training was cancelled"
        case .invalidInput(let message): message
        case .csv(let line, let message): "CSV line \(line): \(message)"
        case .corruptArtifact(let message): "model artifact is damaged: \(message)"
        case .unsupportedArtifactVersion(let found, let supported):
            "model artifact has format version \(found) but this build reads up to \(supported); upgrade ecotrack"
        }
    }
}

/// Called after each training iteration (tree, boosting round, optimiser step) with
/// (completed, total); return false to cancel, which makes training throw ``MLError/cancelled``.
public typealias TrainingProgress = (_ iteration: Int, _ total: Int) -> Bool
