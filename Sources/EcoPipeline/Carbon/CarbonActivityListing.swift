import EcoCarbon
import EcoCore
import EcoStore

/// How one stored activity's CO2e was derived: the factor, its publication, the GWP basis and any fallback.
public struct ProvenanceDocument: Encodable, Sendable {
    public var status: String
    public var unaccountedReason: String?
    public var co2eKg: Double?
    public var quantity: Double
    public var unit: String
    public var factorQuantity: Double?
    public var factorId: String?
    public var factorUnit: String?
    public var factorKgCO2ePerUnit: Double?
    public var factorRegion: String?
    public var factorYear: Int?
    public var source: FactorSource?
    public var factorSet: String
    public var factorSetVersion: String
    public var gwpBasis: String?
    public var fallback: Bool
    public var fallbackReason: String?
    public var marketKg: Double?
    public var marketBasis: String?
    public var marketFactorId: String?
    public var instrumentShare: Double?
    /// A missing field estimated from history (stored record unchanged), its basis, and the CO2e band.
    public var fieldEstimate: FieldEstimate?
    public var estimateBasis: String?
    public var co2eLowKg: Double?
    public var co2eHighKg: Double?
    public var scope: String

    init(_ p: Provenance, scope: String) {
        status = "\(p.status)"
        (unaccountedReason, co2eKg, quantity, unit, factorQuantity) = (p.unaccountedReason, p.co2eKg, p.quantity, p.unit.rawValue, p.factorQuantity)
        (factorId, factorUnit, factorKgCO2ePerUnit, factorRegion, factorYear) = (p.factorId, p.factorUnit?.rawValue, p.factorKgCO2ePerUnit, p.factorRegion, p.factorYear)
        (source, factorSet, factorSetVersion, gwpBasis) = (p.source, p.setName, p.setVersion, p.gwpBasis?.rawValue)
        (fallback, fallbackReason, marketKg, marketBasis) = (p.fallback, p.fallbackReason, p.marketKg, p.marketBasis.map { "\($0)" })
        (marketFactorId, instrumentShare) = (p.marketFactorId, p.instrumentShare)
        (fieldEstimate, estimateBasis, co2eLowKg, co2eHighKg) = (p.fieldEstimate, p.fieldEstimate?.basis, p.co2eLowKg, p.co2eHighKg)
        self.scope = scope
    }
}

/// A stored activity in the API's field names, with the provenance of its CO2e.
public struct CarbonActivityDocument: Encodable, Sendable {
    public var id: String
    public var activity: JSONValue
    public var provenance: ProvenanceDocument
}

/// Activities page by page, each with its provenance under the organization's current factors.
public struct CarbonActivityListing: Sendable {
    let store: any CarbonStore
    let factorSets: CarbonFactorSets
    let settings: CarbonSettingsService

    /// Up to `limit` activities after `cursor` (`<time ms>_<id>`), and the cursor of the next page.
    public func page(_ query: CarbonActivityQuery, cursor: String?, gwp: GWPBasis?) async throws -> (data: [CarbonActivityDocument], next: String?) {
        var query = query
        if let cursor {
            let parts = cursor.split(separator: "_")
            guard parts.count == 2, let t = Int64(parts[0]), let id = Int64(parts[1]) else {
                throw EcoError.badRequest("'cursor' is not one this API gave; pass the nextCursor of the previous page unchanged.")
            }
            (query.afterTimeMs, query.afterId) = (t, id)
        }
        let limit = query.limit ?? 100
        query.limit = limit + 1
        var records = try await store.carbonActivities(query)
        let more = records.count > limit
        records = Array(records.prefix(limit))
        let chosen = try await settings.settings(query.organization)
        let index = try await factorSets.index(setId: chosen.factorSetId, basis: gwp ?? chosen.gwpBasis)
        let end = (records.map(\.timeMs).max() ?? 0) + 1
        let (table, kept, estimates) = try await CarbonFieldEstimation(store: store).table(records, organization: query.organization, fromMs: end, toMs: end)
        let byRow = Dictionary(estimates.map { ($0.row, $0) }, uniquingKeysWith: { a, _ in a })
        let result = Accountant(index: index).account(table)
        let data = kept.enumerated().map { i, record in
            CarbonActivityDocument(
                id: String(record.id), activity: Self.fields(record),
                provenance: ProvenanceDocument(Provenance(row: i, table: table, result: result, index: index, estimate: byRow[i]),
                                               scope: ScopeLabel.text(scope: table.scope[i], category: table.categoryOf(i))))
        }
        return (data, more ? records.last.map { "\($0.timeMs)_\($0.id)" } : nil)
    }

    /// The record in the field names the API reads (docs/carbon.md), so a listing can be sent back as is.
    static func fields(_ r: CarbonActivityRecord) -> JSONValue {
        var o: [String: JSONValue] = ["type": .string(r.kind), "organization": .string(r.organization), "time": .string(Timestamp.format(ms: r.timeMs)),
                                      "dataQuality": .string(r.estimated ? "estimated" : "measured")]
        func put(_ name: String, _ value: String?) { if let value { o[name] = .string(value) } }
        func put(_ name: String, _ value: Double?) { if let value { o[name] = .number(value) } }
        let d = r.detail
        put("clientId", r.clientId); put("supplier", r.supplier); put("facility", r.facility); put("lat", r.lat); put("lng", r.lng)
        put("h3Index", r.cell.map(Spatial.hex)); put("region", r.region); put("scope", r.scope.map(Double.init)); put("category", r.category.map(Double.init))
        put("mode", d.mode); put("vehicle", d.vehicle); put("fuel", d.fuel); put("distanceKm", d.distanceKm); put("loadKg", d.loadKg)
        put("tonneKm", d.tonneKm); put("loadFactor", d.loadFactor); put("emptyRunning", d.emptyRunning); put("origin", d.origin)
        put("destination", d.destination); put("instrument", d.instrument); put("instrumentShare", d.instrumentShare)
        put("instrumentRate", d.instrumentRate); put("supplierRate", d.supplierRate); put("gas", d.gas); put("carrier", d.carrier)
        put("cpuHours", d.cpuHours); put("wattsPerCpu", d.wattsPerCpu); put("pue", d.pue)
        if r.kind == ActivityKind.transport.rawValue && d.downstream { put("direction", "downstream") }
        switch ActivityKind(rawValue: r.kind) {
        case .transport?: put("fuelQuantity", d.quantity); put("fuelUnit", d.unit)
        case .electricity?, .compute?: put("kWh", d.quantity)
        case .refrigerant?: put("kg", d.quantity)
        default: put("quantity", d.quantity); put("unit", d.unit)
        }
        return .object(o)
    }
}
