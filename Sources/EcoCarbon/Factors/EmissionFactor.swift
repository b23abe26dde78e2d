/// Where a factor was published.
public struct FactorSource: Sendable, Equatable, Hashable, Codable {
    /// The publication, e.g. "US EPA GHG Emission Factors Hub (January 2025)".
    public var document: String
    /// The table within it.
    public var table: String?
    /// The row within the table.
    public var row: String?
    /// The figure as the source printed it, before unit conversion.
    public var published: String?
    /// The licence under which the figure is used.
    public var licence: String?

    public init(document: String, table: String? = nil, row: String? = nil, published: String? = nil, licence: String? = nil) {
        self.document = document
        self.table = table
        self.row = row
        self.published = published
        self.licence = licence
    }
}

/// What a factor applies to; with the subject and region it forms the factor's key.
public enum FactorFamily: String, Sendable, Hashable, CaseIterable, Codable {
    /// Fuel burned (per volume, mass or energy); subjects are ``Fuel`` names.
    case combustion
    /// Freight (`freight/<mode>[/<vehicle>[/<fuel>]]`, per tonne-km) or vehicles (`vehicle/road…`, per vehicle-km).
    case transport
    /// Grid electricity (`grid`) and residual mixes (`residual_mix`), per energy.
    case electricity
    /// Purchased steam and heat (`steam_heat`) or cooling (`cooling`), per energy.
    case steam
    /// Gas released, per kg; subjects are gas or blend names.
    case refrigerant

    /// The unit dimensions a factor of this family may be expressed per.
    public var dimensions: Set<CarbonUnit.Dimension> {
        switch self {
        case .combustion: [.volume, .mass, .energy]
        case .transport: [.freight, .vehicleDistance]
        case .electricity, .steam: [.energy]
        case .refrigerant: [.mass]
        }
    }
}

/// An amount of one gas emitted per unit of activity.
public struct GasAmount: Sendable, Equatable, Hashable, Codable {
    /// Gas name as in ``GWPTable`` (`CO2`, `CH4`, `N2O`, `HFC-32` …).
    public var gas: String
    /// kg of the gas per factor unit.
    public var kgPerUnit: Double

    public init(gas: String, kgPerUnit: Double) {
        self.gas = gas
        self.kgPerUnit = kgPerUnit
    }
}

/// One emission factor: kg of each gas (or of CO2e) per unit of activity, with its provenance.
public struct EmissionFactor: Sendable, Equatable, Codable {
    /// Stable id within the set, cited by every figure computed with it.
    public var id: String
    public var family: FactorFamily
    /// What it applies to within the family: a fuel, `freight/road`, `grid`, `R-410A` ….
    public var subject: String
    /// Region code (`WORLD`, `FR`, `US-CAMX`, `gcp:europe-west1`).
    public var region: String
    /// The region's parent when it is not implied by the code (a cloud region's country).
    public var parentRegion: String?
    /// The unit the figures are per.
    public var unit: CarbonUnit
    /// kg of each gas per unit, where the source splits them.
    public var gases: [GasAmount]
    /// kg CO2e per unit, where the source gives only CO2e.
    public var co2e: Double?
    /// The GWP basis of a published CO2e figure, when the source states it.
    public var co2eBasis: GWPBasis?
    /// Biogenic CO2 in kg per unit, reported outside the scopes (GHG Protocol).
    public var biogenicCO2: Double?
    /// Energy content in mmBtu per unit (fuels), to account quantities given in energy units.
    public var heatContentMMBtu: Double?
    /// Utilisation (load factor × (1 − empty running)) the factor assumes, if the source states it.
    public var referenceUtilisation: Double?
    /// The scope and Scope 3 category the source files the factor under.
    public var scope: Scope
    public var category: Scope3Category?
    /// The year the figures describe.
    public var year: Int?
    public var source: FactorSource

    public init(
        id: String, family: FactorFamily, subject: String, region: String, parentRegion: String? = nil, unit: CarbonUnit,
        gases: [GasAmount] = [], co2e: Double? = nil, co2eBasis: GWPBasis? = nil, biogenicCO2: Double? = nil,
        heatContentMMBtu: Double? = nil, referenceUtilisation: Double? = nil, scope: Scope, category: Scope3Category? = nil,
        year: Int? = nil, source: FactorSource
    ) {
        self.id = id
        self.family = family
        self.subject = subject
        self.region = region
        self.parentRegion = parentRegion
        self.unit = unit
        self.gases = gases
        self.co2e = co2e
        self.co2eBasis = co2eBasis
        self.biogenicCO2 = biogenicCO2
        self.heatContentMMBtu = heatContentMMBtu
        self.referenceUtilisation = referenceUtilisation
        self.scope = scope
        self.category = category
        self.year = year
        self.source = source
    }

    /// The key that must be unique within a set.
    public var key: FactorKey { FactorKey(family: family, subject: subject, region: region) }

    /// kg CO2e per unit under `basis`, and the basis actually applied: the gases × their GWPs where
    /// the source splits them, else the published CO2e (whose own basis is returned). Nil when a
    /// gas has no GWP in `table` or the factor has no figure.
    public func co2ePerUnit(_ basis: GWPBasis, table: GWPTable) -> (kg: Double, basis: GWPBasis?)? {
        if gases.isEmpty {
            guard let co2e else { return nil }
            return (co2e, co2eBasis)
        }
        var total = 0.0
        for amount in gases {
            guard let gwp = table.gwp(amount.gas, basis) else { return nil }
            total += amount.kgPerUnit * gwp
        }
        return (total, basis)
    }
}

/// The unique key of a factor within a set; subject and region compare without letter case.
public struct FactorKey: Sendable, Hashable, CustomStringConvertible {
    public let family: FactorFamily
    public let subject: String
    public let region: String

    public init(family: FactorFamily, subject: String, region: String) {
        self.family = family
        self.subject = subject.lowercased()
        self.region = region.lowercased()
    }

    public var description: String { "\(family.rawValue)/\(subject)@\(region)" }
}
