import EcoCarbon

/// 2025-03-01T00:00:00Z in epoch milliseconds.
let march2025: Int64 = 1_740_787_200_000
let dayMs: Int64 = 86_400_000

/// A short US ton-mile in tonne-km: 0.90718474 t × 1.609344 km (NIST SP 811).
let shortTonMile = 0.90718474 * 1.609344

func activity(
    _ detail: ActivityDetail, supplier: String? = nil, facility: String? = nil, region: String? = nil, time: Int64 = march2025,
    estimated: Bool = false, organization: String = "acme"
) -> Activity {
    Activity(organization: organization, supplier: supplier, facility: facility, timeMs: time, region: region, estimated: estimated, detail: detail)
}

/// Accounts one activity with the built-in set under `basis`.
func account(_ activity: Activity, basis: GWPBasis = .ar5, set: FactorSet = .builtIn) -> (Provenance, AccountingResult) {
    let accountant = Accountant(set: set, basis: basis)
    let (table, result) = accountant.account([activity])
    return (Provenance(row: 0, table: table, result: result, index: accountant.index), result)
}

/// A small published-style source for test factors.
let testSource = FactorSource(document: "test set", table: "T1", row: "r1")

func factor(_ id: String, _ family: FactorFamily, _ subject: String, region: String = "WORLD", unit: CarbonUnit, co2: Double? = nil, co2e: Double? = nil, heat: Double? = nil, scope: Scope = .scope1) -> EmissionFactor {
    EmissionFactor(
        id: id, family: family, subject: subject, region: region, unit: unit,
        gases: co2.map { [GasAmount(gas: "CO2", kgPerUnit: $0)] } ?? [], co2e: co2e, heatContentMMBtu: heat, scope: scope, year: 2025,
        source: testSource)
}

func isClose(_ a: Double?, _ b: Double, relative: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= relative * max(abs(b), 1e-12)
}
