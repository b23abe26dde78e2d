import EcoCarbon
import EcoCore
import EcoStore
import Foundation

/// An organization's carbon settings as used: the factor set and GWP basis its figures are computed
/// with, and the cost parameters behind recommendations (EcoCarbon's illustrative defaults until it sets its own).
public struct CarbonSettings: Sendable, Equatable {
    public var organization: String
    public var factorSetId: String
    public var gwpBasis: GWPBasis
    public var costs: CostParameters
    /// False while the cost parameters are EcoCarbon's illustrative defaults.
    public var ownCosts: Bool
    /// Who changed them last and when; nil while they are the defaults.
    public var updatedAtMs: Int64?
    public var updatedBy: String?

    /// The settings of an organization that never chose any: the built-in set, AR6, default costs.
    public static func defaults(_ organization: String) -> CarbonSettings {
        CarbonSettings(organization: organization, factorSetId: CarbonFactorSets.builtInID, gwpBasis: .ar6, costs: .defaults, ownCosts: false)
    }
}

/// A change to an organization's settings; nil fields keep their current value.
public struct CarbonSettingsChange: Sendable, Decodable {
    public var factorSetId: String?
    public var gwpBasis: String?
    public var costs: CostParameters?

    public init(factorSetId: String? = nil, gwpBasis: String? = nil, costs: CostParameters? = nil) {
        self.factorSetId = factorSetId
        self.gwpBasis = gwpBasis
        self.costs = costs
    }
}

/// Reads and changes organizations' settings.
public struct CarbonSettingsService: Sendable {
    let store: any CarbonStore
    let factorSets: CarbonFactorSets
    let clock: WallClock

    public func settings(_ organization: String) async throws -> CarbonSettings {
        guard let record = try await store.carbonSettings(organization: organization) else { return .defaults(organization) }
        var settings = CarbonSettings.defaults(organization)
        settings.factorSetId = record.factorSetId
        settings.gwpBasis = GWPBasis(rawValue: record.gwpBasis) ?? .ar6
        if let json = record.costParametersJSON, let costs = try? JSONDecoder().decode(CostParameters.self, from: Data(json.utf8)) {
            settings.costs = costs
            settings.ownCosts = true
        }
        settings.updatedAtMs = record.updatedAtMs
        settings.updatedBy = record.updatedBy
        return settings
    }

    /// Applies `change` after checking it: the set must be published (or the built-in one), the basis
    /// AR4/AR5/AR6, the costs finite and ≥ 0 with a named source.
    public func update(_ organization: String, _ change: CarbonSettingsChange, actor: String) async throws -> CarbonSettings {
        var settings = try await settings(organization)
        if let id = change.factorSetId {
            _ = try await factorSets.index(setId: id, basis: settings.gwpBasis)
            settings.factorSetId = id
        }
        if let text = change.gwpBasis { settings.gwpBasis = try Self.basis(text) }
        if let costs = change.costs {
            let figures = [costs.certificatePerMWh, costs.modalShiftPerTonneKm, costs.loadConsolidationPerTonneKm, costs.fuelSwitchPerMMBtu]
            guard figures.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw EcoError.invalidArgument("costs: every unit cost must be a number ≥ 0 (certificatePerMWh, modalShiftPerTonneKm, loadConsolidationPerTonneKm, fuelSwitchPerMMBtu).")
            }
            guard !costs.source.trimmingCharacters(in: .whitespaces).isEmpty, !costs.currency.isEmpty else {
                throw EcoError.invalidArgument("costs: name the currency and the source of the figures (e.g. \"source\": \"2025 freight contracts\"), so estimates can say whose numbers they use.")
            }
            settings.costs = costs
            settings.ownCosts = true
        }
        let costsJSON = settings.ownCosts ? String(decoding: try StableJSON.encoder.encode(settings.costs), as: UTF8.self) : nil
        let now = clock.nowMs()
        try await store.saveCarbonSettings(CarbonSettingsRecord(
            organization: organization, factorSetId: settings.factorSetId, gwpBasis: settings.gwpBasis.rawValue, costParametersJSON: costsJSON,
            updatedAtMs: now, updatedBy: actor))
        settings.updatedAtMs = now
        settings.updatedBy = actor
        return settings
    }

    /// A GWP basis from its name (any case).
    public static func basis(_ text: String) throws(EcoError) -> GWPBasis {
        guard let basis = GWPBasis(rawValue: text.uppercased()) else {
            throw .badRequest("'gwp' must be AR4, AR5 or AR6 (the IPCC assessment whose 100-year GWPs weigh the gases); got '\(text)'.")
        }
        return basis
    }
}
