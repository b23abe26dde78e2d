import EcoCore
import EcoStore

/// A variable as the API lists and registers it.
public struct VariableDocument: Codable, Sendable {
    public var name: String
    public var unit: String
    public var domain: Domain
    public var validMin: Double?
    public var validMax: Double?
    public var aggregation: Aggregation?
    public var description: String?
    public var builtIn: Bool?
    public var acceptedUnits: [String]?

    public init(_ variable: Variable) {
        name = variable.name
        unit = variable.unit
        domain = variable.domain
        validMin = variable.validMin
        validMax = variable.validMax
        aggregation = variable.aggregation
        description = variable.description
        builtIn = variable.builtIn
        acceptedUnits = UnitConverter.acceptedUnits(for: variable)
    }

    /// The variable a registration describes.
    public var variable: Variable {
        Variable(name: name, unit: unit, domain: domain, validMin: validMin, validMax: validMax,
                 aggregation: aggregation ?? .mean, description: description ?? "")
    }
}
