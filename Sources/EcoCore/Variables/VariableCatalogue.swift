/// The set of variables ingest accepts: the built-in ones plus those users registered.
public struct VariableCatalogue: Sendable {
    private var byName: [String: Variable]

    /// A catalogue with the built-in variables only.
    public init() {
        byName = Dictionary(uniqueKeysWithValues: BuiltInVariables.all.map { ($0.name, $0) })
    }

    /// A catalogue with the built-in variables and `registered` ones (as loaded from a store).
    public init(registered: [Variable]) {
        self.init()
        for variable in registered where byName[variable.name] == nil { byName[variable.name] = variable }
    }

    /// All variables, sorted by name.
    public var all: [Variable] { byName.values.sorted { $0.name < $1.name } }

    public subscript(name: String) -> Variable? { byName[name] }

    /// The variable called `name`, or an error that lists how to find the right one.
    public func variable(named name: String) throws(EcoError) -> Variable {
        guard let variable = byName[name] else {
            throw .unknownVariable(name: name, suggestion: closestName(to: name))
        }
        return variable
    }

    /// Checks a user-defined variable and adds it; built-in names cannot be redefined.
    public mutating func register(_ variable: Variable) throws(EcoError) {
        try Self.validate(variable)
        if let existing = byName[variable.name] {
            if existing.builtIn || existing != variable { throw .variableExists(name: variable.name) }
            return
        }
        var added = variable
        added.builtIn = false
        byName[variable.name] = added
    }

    /// The rules a new variable must follow, with a message saying which one failed.
    public static func validate(_ variable: Variable) throws(EcoError) {
        let name = variable.name
        let allowed = name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
        guard !name.isEmpty, name.utf8.count <= 64, allowed, let first = name.utf8.first, first >= 97 else {
            throw .invalidVariable(
                "Variable name '\(name)' must be 1–64 characters of a–z, 0–9 and _, starting with a letter (e.g. soil_moisture).")
        }
        guard !variable.unit.isEmpty, variable.unit.count <= 32 else {
            throw .invalidVariable("Unit of '\(name)' must be 1–32 characters; use \"1\" for dimensionless quantities.")
        }
        if let lo = variable.validMin, let hi = variable.validMax, !(lo < hi) {
            throw .invalidVariable("validMin (\(lo)) of '\(name)' must be below validMax (\(hi)).")
        }
        if let lo = variable.validMin, !lo.isFinite { throw .invalidVariable("validMin of '\(name)' must be finite.") }
        if let hi = variable.validMax, !hi.isFinite { throw .invalidVariable("validMax of '\(name)' must be finite.") }
    }

    /// The known name with the smallest edit distance, when it is close enough to be a typo.
    private func closestName(to name: String) -> String? {
        let scored = byName.keys.map { ($0, editDistance(Array(name.utf8), Array($0.utf8))) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }), best.1 <= 2 else { return nil }
        return best.0
    }
}

/// Levenshtein distance between two byte strings.
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...max(b.count, 1) where j <= b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
