/// Market-based Scope 2 (GHG Protocol Scope 2 Guidance, ch. 6–7): the share covered by a
/// contractual instrument at the instrument's rate; the rest at the supplier's rate when given,
/// else the region's residual mix, else — disclosed as such — the location-based grid average.
enum MarketBased {
    static func apply(_ input: LineInput, residual: FactorHit?, index: borrowing FactorIndex, to out: inout LineOutput) {
        guard let toKWh = input.unit.factor(to: .kWh) else { return }
        let kWh = input.quantity * toKWh
        let share = input.instrumentShare
        let covered = kWh * share * input.instrumentRate
        let rest = kWh * (1 - share)
        if share >= 1 {
            out.marketKg = covered
            out.marketBasis = .contractualInstrument
            return
        }
        if !input.supplierRate.isNaN {
            out.marketKg = covered + rest * input.supplierRate
            out.marketBasis = .supplierSpecific
            return
        }
        if let mix = residual {
            let perUnit = index.co2ePerUnit[mix.row]
            if let q = FactorUnits.convert(rest, from: .kWh, to: index.unit[mix.row], heatContent: index.heatContent[mix.row]), !perUnit.isNaN {
                out.marketKg = covered + q * perUnit
                out.marketBasis = .residualMix
                out.marketRow = Int32(mix.row)
                return
            }
        }
        guard out.status == .accounted else {
            out.marketKg = .nan
            return
        }
        out.marketKg = covered + out.locationKg * (1 - share)
        out.marketBasis = .gridAverage
        out.marketRow = out.factorRow
    }
}
