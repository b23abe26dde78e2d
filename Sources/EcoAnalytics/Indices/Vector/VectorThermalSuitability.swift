import Foundation

/// Temperature suitability for transmission by a mosquito vector: R0(T) of Mordecai et al. (2017),
/// "Detecting the impact of temperature on transmission of Zika, dengue, and chikungunya using mechanistic
/// models", PLoS Neglected Tropical Diseases 11(4): e0005568, scaled to 1 at its peak.
///
/// R0(T) = √( a² b c e^(−μ/PDR) EFD pEA MDR / (N r μ³) ), μ = 1/lf, every trait a ``ThermalResponse`` of the
/// constant temperature T (N and r do not depend on T and cancel in the relative curve). The curve is for
/// constant temperatures; applied to a mean temperature it ignores daily variation (documented in domains.md).
public struct VectorThermalSuitability: Sendable {
    public struct Traits: Sendable {
        /// Biting rate (1/day).
        public var biting: ThermalResponse
        /// Transmission probability per bite, mosquito → human (b), and human → mosquito (c).
        public var vectorCompetenceB: ThermalResponse
        public var vectorCompetenceC: ThermalResponse
        /// Parasite (virus) development rate, 1/extrinsic incubation period.
        public var parasiteDevelopment: ThermalResponse
        /// Eggs per female per day.
        public var eggs: ThermalResponse
        /// Egg-to-adult survival probability.
        public var eggToAdult: ThermalResponse
        /// Mosquito development rate.
        public var development: ThermalResponse
        /// Adult lifespan (days).
        public var lifespan: ThermalResponse
    }

    public var id: String
    public var scientificName: String
    public var source: String
    public var traits: Traits
    /// R0 at the peak, and where it is (found on a 0.001 °C grid).
    public let peakR0: Double
    public let optimum: Double

    public init(id: String, scientificName: String, source: String, traits: Traits) {
        self.id = id
        self.scientificName = scientificName
        self.source = source
        self.traits = traits
        var best = (value: 0.0, temperature: 0.0)
        for step in 0...50_000 {
            let temperature = Double(step) / 1000
            let value = Self.r0(traits, temperature)
            if value > best.value { best = (value, temperature) }
        }
        peakR0 = best.value
        optimum = best.temperature
    }

    /// R0(T) up to the constant √(1/(N r)).
    static func r0(_ traits: Traits, _ temperature: Double) -> Double {
        let lifespan = traits.lifespan.value(at: temperature), pdr = traits.parasiteDevelopment.value(at: temperature)
        guard lifespan > 0, pdr > 0 else { return 0 }
        let mu = 1 / lifespan
        let a = traits.biting.value(at: temperature)
        let product = a * a * traits.vectorCompetenceB.value(at: temperature) * traits.vectorCompetenceC.value(at: temperature)
            * exp(-mu / pdr) * traits.eggs.value(at: temperature) * traits.eggToAdult.value(at: temperature)
            * traits.development.value(at: temperature) / (mu * mu * mu)
        return product > 0 ? product.squareRoot() : 0
    }

    /// R0(T) / R0(T_opt), in 0…1; 0 outside the thermal limits.
    public func relative(at temperature: Double) -> Double {
        guard temperature.isFinite, peakR0 > 0 else { return 0 }
        return Self.r0(traits, temperature) / peakR0
    }

    /// The vectors with a published curve.
    public static let vectors: [VectorThermalSuitability] = [aedesAegypti]

    /// *Aedes aegypti* transmitting dengue: trait fits of Mordecai et al. (2017), S2 Text table B (posterior means):
    /// a Brière (2.02e-4, 13.35, 40.08); b Brière (8.49e-4, 17.05, 35.83); c Brière (4.91e-4, 12.22, 37.46);
    /// PDR Brière (6.56e-5, 10.68, 45.90); EFD Brière (8.56e-3, 14.58, 34.61); pEA quadratic (5.99e-3, 13.56, 38.29);
    /// MDR Brière (7.86e-5, 11.36, 39.17); lf quadratic (1.48e-1, 9.16, 37.73). The paper reports R0 peaking at
    /// 29.1 °C with limits 17.8 and 34.6 °C (posterior medians); the curve of the mean fits peaks at 29.04 °C and
    /// is positive between 17.05 (b) and 34.61 °C (EFD).
    public static let aedesAegypti = VectorThermalSuitability(
        id: "aedes-aegypti", scientificName: "Aedes aegypti",
        source: "Mordecai et al. 2017, PLoS Negl Trop Dis 11(4): e0005568, R0(T) for Ae. aegypti (dengue), S2 Text table B",
        traits: Traits(
            biting: .briere(c: 2.02e-4, t0: 13.35, tm: 40.08),
            vectorCompetenceB: .briere(c: 8.49e-4, t0: 17.05, tm: 35.83),
            vectorCompetenceC: .briere(c: 4.91e-4, t0: 12.22, tm: 37.46),
            parasiteDevelopment: .briere(c: 6.56e-5, t0: 10.68, tm: 45.90),
            eggs: .briere(c: 8.56e-3, t0: 14.58, tm: 34.61),
            eggToAdult: .quadratic(c: 5.99e-3, t0: 13.56, tm: 38.29),
            development: .briere(c: 7.86e-5, t0: 11.36, tm: 39.17),
            lifespan: .quadratic(c: 1.48e-1, t0: 9.16, tm: 37.73)))

    /// The vector named `id`.
    public static func vector(_ id: String) -> VectorThermalSuitability? { vectors.first { $0.id == id.lowercased() } }
}
