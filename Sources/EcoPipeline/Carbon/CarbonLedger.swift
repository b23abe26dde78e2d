import EcoCarbon
import EcoCore
import EcoStore

/// An organization's activities in a window, accounted with its factor set and GWP basis: what every
/// carbon read (emissions, quality, hotspots, reports, simulations) works on.
public struct AccountedActivities: Sendable {
    public let organization: String
    /// The window [fromMs, toMs).
    public let fromMs: Int64
    public let toMs: Int64
    /// Store ids of the rows of `table`, in order.
    public let ids: [Int64]
    public let table: ActivityTable
    public let result: AccountingResult
    public let index: FactorIndex
    public let settings: CarbonSettings
    /// Estimates of missing fields applied to `table` (their rows are marked estimated); the stored
    /// records keep what was sent.
    public let fieldEstimates: [FieldEstimate]

    /// Row filter of the whole window.
    public var filter: RowFilter { RowFilter(fromMs: fromMs, toMs: toMs, organization: organization) }
}

/// Loads and accounts activities: store records → EcoCarbon activities → a columnar table → accounting.
/// Figures are always computed from the stored activities with the factors in force, so they can be
/// re-derived (and restated under another set) rather than trusted from an earlier run.
public struct CarbonLedger: Sendable {
    let store: any CarbonStore
    let factorSets: CarbonFactorSets
    let settings: CarbonSettingsService
    var fields: CarbonFieldEstimation { CarbonFieldEstimation(store: store) }

    /// The organization's activities in [fromMs, toMs), accounted; `basis` overrides its GWP basis.
    public func load(_ organization: String, fromMs: Int64, toMs: Int64, basis: GWPBasis? = nil, supplier: String? = nil,
                     facility: String? = nil) async throws -> AccountedActivities {
        guard fromMs < toMs else { throw EcoError.badRequest("'from' must be before 'to'.") }
        let settings = try await settings.settings(organization)
        let index = try await factorSets.index(setId: settings.factorSetId, basis: basis ?? settings.gwpBasis)
        let records = try await store.carbonActivities(
            CarbonActivityQuery(organization: organization, fromMs: fromMs, toMs: toMs, supplier: supplier, facility: facility))
        let (table, kept, estimates) = try await fields.table(records, organization: organization, fromMs: fromMs, toMs: toMs)
        let result = Accountant(index: index).account(table)
        return AccountedActivities(organization: organization, fromMs: fromMs, toMs: toMs, ids: kept.map(\.id), table: table, result: result, index: index,
                                   settings: settings, fieldEstimates: estimates)
    }
}
