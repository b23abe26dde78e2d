import EcoCarbon
import EcoCore
import Foundation

/// Emission factors to and from the store's rows of named cells (the columns of EcoCarbon's factor
/// CSV), so uploads in CSV or JSON are kept in one form and read back through EcoCarbon's own reader.
enum FactorRowMapping {
    /// The cells of `factor` under the CSV column names.
    static func row(_ factor: EmissionFactor) -> CarbonFactorRow {
        var cells: [String: String] = [
            "id": factor.id, "family": factor.family.rawValue, "subject": factor.subject, "region": factor.region,
            "unit": factor.unit.rawValue, "scope": String(factor.scope.rawValue), "document": factor.source.document,
        ]
        func put(_ name: String, _ value: String?) { if let value { cells[name] = value } }
        func put(_ name: String, _ value: Double?) { if let value { cells[name] = "\(value)" } }
        put("parent_region", factor.parentRegion)
        let named = ["CO2", "CH4", "N2O"]
        for gas in named { put(gas.lowercased(), factor.gases.first { $0.gas == gas }?.kgPerUnit) }
        let others = factor.gases.filter { !named.contains($0.gas) }
        if !others.isEmpty { cells["other_gases"] = others.map { "\($0.gas):\($0.kgPerUnit)" }.joined(separator: ";") }
        put("biogenic_co2", factor.biogenicCO2)
        put("co2e", factor.co2e)
        put("co2e_gwp", factor.co2eBasis?.rawValue)
        put("heat_content_mmbtu", factor.heatContentMMBtu)
        put("reference_utilisation", factor.referenceUtilisation)
        put("category", factor.category.map { String($0.rawValue) })
        put("year", factor.year.map(String.init))
        put("table", factor.source.table)
        put("row", factor.source.row)
        put("published", factor.source.published)
        put("licence", factor.source.licence)
        return CarbonFactorRow(factorId: factor.id, cells: cells)
    }

    /// The set the rows describe (a draft), read and validated by EcoCarbon's `FactorSetReader`.
    static func set(_ rows: [CarbonFactorRow], name: String, version: String) throws(EcoError) -> FactorSet {
        let objects = rows.map(\.cells)
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: objects)
        } catch {
            throw .internalFailure("Factor set \(name) \(version) could not be re-read from the store: \(error).")
        }
        return try carbon { () throws(CarbonError) in try FactorSetReader.read(body, format: .json, name: name, version: version) }
    }
}
