import EcoCore

extension QueryParameters {
    /// An optional number within `range`.
    public func number(_ name: String, range: ClosedRange<Double>) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), range.contains(value) else {
            throw EcoError.badRequest("'\(name)' must be a number from \(range.lowerBound) to \(range.upperBound); got '\(text)'.")
        }
        return value
    }

    /// An optional `true`/`false`, false when absent.
    public func flag(_ name: String) throws -> Bool {
        guard let text = string(name) else { return false }
        guard let value = Bool(text.lowercased()) else { throw EcoError.badRequest("'\(name)' must be true or false; got '\(text)'.") }
        return value
    }
}
