/// Reads one factor from a row of named text cells (CSV columns or JSON keys, in snake_case or
/// camelCase: `other_gases` and `otherGases` are the same column).
struct FactorRowReader {
    /// Cells by normalised name (lower case, no `_`).
    let cells: [String: String]

    init(_ cells: [String: String]) {
        var normalised: [String: String] = [:]
        for (name, value) in cells {
            let trimmed = value.trimmingSpaces()
            if !trimmed.isEmpty { normalised[Self.normalise(name)] = trimmed }
        }
        self.cells = normalised
    }

    static func normalise(_ name: String) -> String { name.lowercased().filter { $0 != "_" && $0 != " " } }

    func read() throws(CarbonError) -> EmissionFactor {
        let id = try required("id")
        let familyText = try required("family")
        guard let family = FactorFamily(rawValue: familyText.lowercased()) else {
            throw fail("family '\(familyText)' is unknown; use one of \(FactorFamily.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let unitText = try required("unit")
        guard let unit = CarbonUnit(text: unitText) else {
            throw fail("unit '\(unitText)' is unknown; use one of \(CarbonUnit.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        var gases: [GasAmount] = []
        for gas in ["CO2", "CH4", "N2O"] {
            if let value = try number(gas.lowercased()) { gases.append(GasAmount(gas: gas, kgPerUnit: value)) }
        }
        gases += try otherGases()
        let scopeNumber = try number("scope") ?? 0
        guard let scope = Scope(rawValue: Int(scopeNumber)) else { throw fail("scope \(scopeNumber) is not 1, 2 or 3.") }
        var category: Scope3Category?
        if let value = try number("category") {
            guard let parsed = Scope3Category(rawValue: Int(value)) else { throw fail("category \(value) is not a Scope 3 category (1 … 15).") }
            category = parsed
        }
        var basis: GWPBasis?
        if let text = cells["co2egwp"] {
            guard let parsed = GWPBasis(rawValue: text.uppercased()) else { throw fail("co2e_gwp '\(text)' is not AR4, AR5 or AR6.") }
            basis = parsed
        }
        return EmissionFactor(
            id: id, family: family, subject: try required("subject"), region: cells["region"] ?? RegionTree.world,
            parentRegion: cells["parentregion"], unit: unit, gases: gases, co2e: try number("co2e"), co2eBasis: basis,
            biogenicCO2: try number("biogenicco2"), heatContentMMBtu: try number("heatcontentmmbtu"),
            referenceUtilisation: try number("referenceutilisation"), scope: scope, category: category,
            year: try number("year").map { Int($0) },
            source: FactorSource(
                document: cells["document"] ?? "", table: cells["table"], row: cells["row"], published: cells["published"],
                licence: cells["licence"]))
    }

    /// `HFC-32:0.5;HFC-125:0.5` → kg of each gas per unit.
    private func otherGases() throws(CarbonError) -> [GasAmount] {
        guard let text = cells["othergases"] else { return [] }
        var gases: [GasAmount] = []
        for part in text.split(separator: ";") {
            let pieces = part.split(separator: ":")
            guard pieces.count == 2, let value = Double(pieces[1].trimmingCharacters()) else {
                throw fail("other_gases '\(text)' is not a list of gas:kg pairs; write e.g. HFC-32:0.5;HFC-125:0.5.")
            }
            gases.append(GasAmount(gas: pieces[0].trimmingCharacters(), kgPerUnit: value))
        }
        return gases
    }

    private func required(_ name: String) throws(CarbonError) -> String {
        guard let value = cells[name] else { throw fail("\(name) is missing; every factor needs id, family, subject, unit and a source document.") }
        return value
    }

    private func number(_ name: String) throws(CarbonError) -> Double? {
        guard let text = cells[name] else { return nil }
        guard let value = Double(text), value.isFinite else { throw fail("\(name) '\(text)' is not a number.") }
        return value
    }

    private func fail(_ text: String) -> CarbonError { .invalidFactorSet([text]) }
}

extension Substring {
    func trimmingCharacters() -> String { String(self).trimmingSpaces() }
}
