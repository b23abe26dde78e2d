/// A contractual instrument behind purchased electricity (GHG Protocol Scope 2 Guidance, ch. 7).
public struct ContractualInstrument: Sendable, Equatable, Codable {
    /// The kind of instrument.
    public enum Kind: String, Sendable, Equatable, CaseIterable, Codable {
        /// Energy attribute certificates: RECs, Guarantees of Origin, I-RECs.
        case certificate
        /// A power purchase agreement with a generator.
        case ppa
        /// A supplier's green tariff backed by certificates.
        case greenTariff = "green_tariff"
    }

    public var kind: Kind
    /// Share of the activity's kWh the instrument covers, 0…1.
    public var share: Double
    /// Emission rate of the covered electricity in kg CO2e/kWh; 0 for renewable sources.
    public var rateKgPerKWh: Double

    public init(kind: Kind, share: Double, rateKgPerKWh: Double = 0) {
        self.kind = kind
        self.share = share
        self.rateKgPerKWh = rateKgPerKWh
    }
}
