/// Everything an auditor needs to re-derive one activity's CO2e: the quantity, the factor and
/// where it was published, the GWP basis, and any fallback with its reason.
public struct Provenance: Sendable, Equatable, Codable {
    public var status: LineStatus
    /// Why there is no figure, when there is none.
    public var unaccountedReason: String?
    /// kg CO2e (location-based for electricity), nil when unaccounted.
    public var co2eKg: Double?
    /// The activity's quantity and unit, and the same quantity in the factor's unit.
    public var quantity: Double
    public var unit: CarbonUnit
    public var factorQuantity: Double?
    /// The factor: id, unit, kg CO2e per unit under the GWP basis applied, and its key and source.
    public var factorId: String?
    public var factorUnit: CarbonUnit?
    public var factorKgCO2ePerUnit: Double?
    public var factorRegion: String?
    public var factorYear: Int?
    public var source: FactorSource?
    public var setName: String
    public var setVersion: String
    /// The GWP basis applied; nil when the source published CO2e without stating one.
    public var gwpBasis: GWPBasis?
    /// True when a less specific subject or a parent region's factor was used.
    public var fallback: Bool
    public var fallbackReason: String?
    /// Electricity: the market-based figure, its basis and factor, and the instrument-covered share.
    public var marketKg: Double?
    public var marketBasis: MarketBasis?
    public var marketFactorId: String?
    public var instrumentShare: Double?
    /// When a missing field was estimated (``LoadEstimator``, ``RegionEstimator``, ``FuelUnitEstimator``): the
    /// estimate with its basis, and the CO2e band it gives (a load scales the figure; a region or unit gives the
    /// figure under each value the evidence allows).
    public var fieldEstimate: FieldEstimate?
    public var co2eLowKg: Double?
    public var co2eHighKg: Double?

    /// The provenance of row `i` of `result`, accounted from `table` with `index`; `estimate` is the
    /// field estimate applied to the row, if any.
    public init(row i: Int, table: ActivityTable, result: AccountingResult, index: FactorIndex, estimate: FieldEstimate? = nil) {
        status = result.status[i]
        quantity = table.quantity[i]
        unit = table.unit[i]
        setName = result.setName
        setVersion = result.setVersion
        fallback = result.fallback[i] != 0
        let subject = table.subjects.name(table.subject[i]) ?? ""
        let region = table.regions.name(table.region[i]) ?? RegionTree.world
        let row = Int(result.factorRow[i])
        if row >= 0 {
            let factor = index.set.factors[row]
            factorId = factor.id
            factorUnit = factor.unit
            factorKgCO2ePerUnit = index.co2ePerUnit[row].isNaN ? nil : index.co2ePerUnit[row]
            factorRegion = factor.region
            factorYear = factor.year
            source = factor.source
            gwpBasis = index.basisApplied[row]
            factorQuantity = result.factorQuantity[i].isNaN ? nil : result.factorQuantity[i]
            if fallback {
                fallbackReason = index.resolve(family: table.family[i], subject: subject, region: region)?.reason
            }
        }
        co2eKg = result.locationKg[i].isNaN ? nil : result.locationKg[i]
        switch status {
        case .accounted: break
        case .noFactor:
            unaccountedReason = "No \(table.family[i].rawValue) factor for \(subject) in \(region), its parent regions or WORLD in set \(setName) \(setVersion); add one or upload a set that has it."
        case .unitMismatch:
            unaccountedReason = "The factor \(factorId ?? "") is per \(factorUnit?.rawValue ?? "?"), which \(unit.rawValue) cannot be converted to; send the quantity in \(factorUnit?.rawValue ?? "the factor's unit")."
        case .noGWP:
            unaccountedReason = "The factor \(factorId ?? "") names a gas without a \(result.basis.rawValue) GWP; choose another GWP basis or fix the factor."
        case .missingField:
            unaccountedReason = table.kind[i] == .combustion
                ? "unit is missing and the history holds no record of \(subject) with a unit to estimate it from; send unit (e.g. L, gal, kg, kWh; a resend with the same clientId replaces the record)."
                : "loadKg is missing and there were too few measured freight legs to estimate it from; send loadKg or tonneKm (a resend with the same clientId replaces the record)."
        }
        if let estimate, let kg = co2eKg {
            if estimate.field == "loadKg", estimate.value > 0 {
                fieldEstimate = estimate
                co2eLowKg = kg * estimate.low / estimate.value
                co2eHighKg = kg * estimate.high / estimate.value
            } else if estimate.field != "loadKg" {
                fieldEstimate = estimate
                let figures = [kg] + estimate.alternatives.compactMap { Self.figure(row: i, table: table, result: result, index: index, field: estimate.field, value: $0) }
                (co2eLowKg, co2eHighKg) = (figures.min(), figures.max())
            }
        }
        if table.family[i] == .electricity {
            marketKg = result.marketKg[i].isNaN ? nil : result.marketKg[i]
            marketBasis = result.marketBasis[i]
            let marketRow = Int(result.marketFactorRow[i])
            marketFactorId = marketRow >= 0 ? index.set.factors[marketRow].id : nil
            instrumentShare = table.instrumentShare[i] > 0 ? table.instrumentShare[i] : nil
        }
    }

    /// Row `i`'s location-based kg CO2e had its estimated `field` been `value` (another region: that region's factor;
    /// another unit: the quantity in that unit under the row's factor); nil when no factor or conversion applies.
    static func figure(row i: Int, table: ActivityTable, result: AccountingResult, index: FactorIndex, field: String, value: String) -> Double? {
        var factorRow = Int(result.factorRow[i]), unit = table.unit[i]
        switch field {
        case "region":
            guard let resolved = index.resolve(family: table.family[i], subject: table.subjects.name(table.subject[i]) ?? "", region: value) else { return nil }
            factorRow = resolved.row
        case "unit":
            guard let other = CarbonUnit(rawValue: value) else { return nil }
            unit = other
        default: return nil
        }
        guard factorRow >= 0, !index.co2ePerUnit[factorRow].isNaN,
              let q = FactorUnits.convert(table.quantity[i], from: unit, to: index.unit[factorRow], heatContent: index.heatContent[factorRow]) else { return nil }
        return q * index.co2ePerUnit[factorRow]
    }
}
