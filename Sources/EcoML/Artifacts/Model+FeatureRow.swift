extension Model {
    /// One feature row (schema order) from named text cells, e.g. a JSON object in an HTTP request.
    ///
    /// Categories are looked up by name; absent keys, missing tokens and unseen categories become NaN.
    /// - Throws: ``MLError/invalidInput(_:)`` when a numeric cell is not a number.
    public func featureRow(_ cells: [String: String]) throws -> [Double] {
        try schema.names.indices.map { j in
            guard let cell = cells[schema.names[j]] else { return .nan }
            switch schema.kinds[j] {
            case .numeric:
                guard let v = parseNumber(cell) else {
                    throw MLError.invalidInput("feature \"\(schema.names[j])\" is \"\(cell)\", not a number")
                }
                return v
            case .categorical(let categories):
                return categories.firstIndex(of: cell.trimmingSpaces()).map(Double.init) ?? .nan
            }
        }
    }
}
