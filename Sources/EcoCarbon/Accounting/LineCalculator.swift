/// The figures of one activity line, from its quantity and the factors resolved for it.
struct LineInput {
    var family: FactorFamily
    var quantity: Double
    var unit: CarbonUnit
    var utilisation: Double
    var instrumentShare: Double
    var instrumentRate: Double
    var supplierRate: Double
}

/// What ``LineCalculator`` computes for one line.
struct LineOutput {
    var status = LineStatus.noFactor
    var locationKg = Double.nan
    var marketKg = Double.nan
    var biogenicKg = 0.0
    var factorRow: Int32 = -1
    var fallback: UInt8 = 0
    var factorQuantity = Double.nan
    var marketBasis: MarketBasis?
    var marketRow: Int32 = -1
}

/// CO2e = quantity in the factor's unit × kg CO2e per unit (× reference / actual utilisation when
/// both are known); for electricity, the market-based figure beside it (``MarketBased``).
enum LineCalculator {
    @inline(__always)
    static func compute(_ input: LineInput, location: FactorHit?, residual: FactorHit?, index: borrowing FactorIndex) -> LineOutput {
        var out = LineOutput()
        if input.quantity.isNaN {
            out.status = .missingField
            return out
        }
        if let location {
            let row = location.row
            out.factorRow = Int32(row)
            out.fallback = location.fallback
            if let q = FactorUnits.convert(input.quantity, from: input.unit, to: index.unit[row], heatContent: index.heatContent[row]) {
                let perUnit = index.co2ePerUnit[row]
                out.factorQuantity = q
                if perUnit.isNaN {
                    out.status = .noGWP
                } else {
                    var kg = q * perUnit
                    let reference = index.referenceUtilisation[row]
                    if !reference.isNaN, input.utilisation > 0 { kg *= reference / input.utilisation }
                    out.locationKg = kg
                    out.marketKg = kg
                    out.biogenicKg = q * index.biogenic[row]
                    out.status = .accounted
                }
            } else {
                out.status = .unitMismatch
            }
        }
        if input.family == .electricity { MarketBased.apply(input, residual: residual, index: index, to: &out) }
        return out
    }
}

/// Converts an activity quantity into a factor's unit.
enum FactorUnits {
    /// `quantity` in `unit` expressed in the factor's unit: directly within one dimension, or from
    /// an energy to a fuel's volume or mass through the factor's heat content. Nil when impossible.
    @inline(__always)
    static func convert(_ quantity: Double, from unit: CarbonUnit, to target: CarbonUnit, heatContent: Double) -> Double? {
        if unit == target { return quantity }
        if let multiplier = unit.factor(to: target) { return quantity * multiplier }
        if unit.dimension == .energy, heatContent > 0, let toMMBtu = unit.factor(to: .mmBtu) {
            return quantity * toMMBtu / heatContent
        }
        return nil
    }

    /// `quantity` in `unit` expressed in `factor`'s unit.
    static func convert(_ quantity: Double, from unit: CarbonUnit, to factor: EmissionFactor) -> Double? {
        convert(quantity, from: unit, to: factor.unit, heatContent: factor.heatContentMMBtu ?? .nan)
    }
}
