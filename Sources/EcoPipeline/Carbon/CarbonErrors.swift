import EcoCarbon
import EcoCore

extension CarbonError {
    /// The domain error the server and CLI report: invalid input is `invalidArgument` (422), a change
    /// to a published set is a `conflict` (409). The message says what to fix either way.
    var ecoError: EcoError {
        switch self {
        case .invalidActivity, .invalidFactorSet, .invalidRequest: .invalidArgument(message)
        case .publishedSetIsImmutable: .conflict(message)
        }
    }
}

/// Runs `body`, turning EcoCarbon's errors into ``EcoError``s.
func carbon<T>(_ body: () throws(CarbonError) -> T) throws(EcoError) -> T {
    do {
        return try body()
    } catch {
        throw error.ecoError
    }
}
