/// Errors of the domain layer. Each message says what was wrong and how to fix it;
/// `kind` lets the server pick the HTTP status in one place.
public enum EcoError: Error, Equatable, Sendable {
    case unknownVariable(name: String, suggestion: String?)
    case variableExists(name: String)
    case invalidVariable(String)
    case unknownUnit(unit: String, variable: String, accepted: [String])
    case invalidArgument(String)
    /// The request itself is malformed (a missing or unparsable parameter): 400 over HTTP.
    case badRequest(String)
    case notFound(String)
    case conflict(String)
    case storage(String)
    /// Something the caller cannot fix (a corrupt artifact); the message says what.
    case internalFailure(String)

    /// What sort of failure this is, independent of transport.
    public enum Kind: Sendable { case malformed, invalid, notFound, conflict, unavailable, internalFailure }

    public var kind: Kind {
        switch self {
        case .badRequest: .malformed
        case .unknownVariable, .invalidVariable, .unknownUnit, .invalidArgument: .invalid
        case .notFound: .notFound
        case .variableExists, .conflict: .conflict
        case .storage: .unavailable
        case .internalFailure: .internalFailure
        }
    }

    /// A sentence for people.
    public var message: String {
        switch self {
        case let .unknownVariable(name, suggestion?):
            "Unknown variable '\(name)'. Did you mean '\(suggestion)'? GET /api/v1/variables lists them all."
        case let .unknownVariable(name, nil):
            "Unknown variable '\(name)'. GET /api/v1/variables lists them; POST /api/v1/variables registers a new one."
        case let .variableExists(name):
            "Variable '\(name)' already exists with a different definition; choose another name."
        case let .invalidVariable(text), let .invalidArgument(text), let .badRequest(text), let .notFound(text), let .conflict(text),
             let .internalFailure(text):
            text
        case let .unknownUnit(unit, variable, accepted):
            "Unit '\(unit)' cannot be converted for '\(variable)'; send one of: \(accepted.joined(separator: ", "))."
        case let .storage(text):
            "The store failed: \(text)"
        }
    }
}

extension EcoError: CustomStringConvertible {
    public var description: String { message }
}
