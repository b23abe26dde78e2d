/// One problem of a factor set: an error blocks publishing, a warning does not.
public struct FactorSetIssue: Sendable, Equatable {
    public enum Severity: String, Sendable, Equatable { case error, warning }

    public var severity: Severity
    /// The factor it concerns, when one does.
    public var factorId: String?
    /// A sentence saying what is wrong and how to fix it.
    public var message: String
}

/// Checks a factor set for holes (missing figures, units or sources), duplicate keys and ids, bad
/// units, unknown gases and regions without a world fallback.
public enum FactorSetValidator {
    /// Every issue of `set`, errors and warnings, in factor order.
    public static func issues(in set: FactorSet, gwp: GWPTable = .builtIn) -> [FactorSetIssue] {
        var issues: [FactorSetIssue] = []
        func error(_ id: String?, _ text: String) { issues.append(FactorSetIssue(severity: .error, factorId: id, message: text)) }
        func warning(_ id: String?, _ text: String) { issues.append(FactorSetIssue(severity: .warning, factorId: id, message: text)) }
        if set.factors.isEmpty { error(nil, "The set has no factors; add at least one.") }
        var keys: [FactorKey: String] = [:]
        var ids = Set<String>()
        for factor in set.factors {
            let id = factor.id
            if id.trimmingSpaces().isEmpty { error(nil, "A factor for \(factor.key) has no id; give every factor a unique id.") }
            if !ids.insert(id).inserted { error(id, "The id \(id) is used twice; ids must be unique.") }
            if let other = keys.updateValue(id, forKey: factor.key) {
                error(id, "Factors \(other) and \(id) share the key \(factor.key); keep one per family, subject and region.")
            }
            if factor.subject.trimmingSpaces().isEmpty { error(id, "Factor \(id) has no subject; name what it applies to, e.g. diesel.") }
            if factor.region.trimmingSpaces().isEmpty { error(id, "Factor \(id) has no region; use WORLD for a global default.") }
            if !factor.family.dimensions.contains(factor.unit.dimension) {
                error(id, "Factor \(id) is per \(factor.unit.rawValue) (\(factor.unit.dimension.rawValue)), which does not fit \(factor.family.rawValue); use one of \(CarbonUnit.symbols(of: factor.family.dimensions)).")
            }
            if factor.gases.isEmpty && factor.co2e == nil {
                error(id, "Factor \(id) has no figure; give kg of CO2, CH4, N2O or other gases per unit, or kg CO2e per unit.")
            }
            let figures = factor.gases.map(\.kgPerUnit) + [factor.co2e, factor.biogenicCO2, factor.heatContentMMBtu].compactMap { $0 }
            if figures.contains(where: { !$0.isFinite || $0 < 0 }) {
                error(id, "Factor \(id) has a negative or non-numeric figure; figures are kg per unit ≥ 0.")
            }
            for amount in factor.gases where gwp.gwp(amount.gas, .ar6) == nil && gwp.gwp(amount.gas, .ar5) == nil {
                error(id, "Factor \(id) names the gas \(amount.gas), which has no GWP; use one of \(gwp.gases.joined(separator: ", ")).")
            }
            if factor.source.document.trimmingSpaces().isEmpty {
                error(id, "Factor \(id) has no source; name the publication (document, table, row).")
            }
            if factor.year == nil { warning(id, "Factor \(id) has no year; add the year its figures describe.") }
        }
        let worldwide = Set(set.factors.filter { $0.region.uppercased() == RegionTree.world }.map { "\($0.family.rawValue)/\($0.subject.lowercased())" })
        var reported = Set<String>()
        for factor in set.factors {
            let subject = "\(factor.family.rawValue)/\(factor.subject.lowercased())"
            if !worldwide.contains(subject), reported.insert(subject).inserted {
                warning(factor.id, "\(subject) has no WORLD factor, so activities outside its regions stay unaccounted; add one if a world default exists.")
            }
        }
        return issues
    }
}
