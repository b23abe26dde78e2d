import EcoAnalytics
import Foundation
import Testing

/// The Ae. aegypti transmission curve against what Mordecai et al. (2017) publish, and traits worked by hand.
@Suite struct VectorThermalSuitabilityTests {
    let aegypti = VectorThermalSuitability.aedesAegypti

    /// The paper: R0 peaks at 29.1 °C (95 % CI 28.4–29.8); the mean fits put the peak at 29.04 °C.
    @Test func peaksWherePublished() {
        #expect(abs(aegypti.optimum - 29.1) < 0.1, "\(aegypti.optimum)")
        #expect(abs(aegypti.relative(at: aegypti.optimum) - 1) < 1e-12)
        #expect(aegypti.relative(at: 25) > 0.5 && aegypti.relative(at: 25) < 0.65)
    }

    /// Thermal limits of the mean fits: b is zero at or below 17.05 °C, EFD at or above 34.61 °C (the paper's
    /// posterior medians, 17.8 and 34.6 °C, come from the whole posterior and are close).
    @Test func zeroOutsideTheThermalLimits() {
        #expect(aegypti.relative(at: 17.05) == 0 && aegypti.relative(at: 17.1) > 0)
        #expect(aegypti.relative(at: 34.61) == 0 && aegypti.relative(at: 34.6) > 0)
        #expect(aegypti.relative(at: 10) == 0 && aegypti.relative(at: 40) == 0 && aegypti.relative(at: .nan) == 0)
    }

    /// Traits by hand at 25 °C: egg-to-adult survival 5.99e-3 · 11.44 · 13.29 = 0.910705; lifespan
    /// 0.148 · 15.84 · 12.73 = 29.843 days; biting rate 2.02e-4 · 25 · 11.65 · √15.08 = 0.22846 per day.
    @Test func traitsByHand() {
        let traits = aegypti.traits
        #expect(abs(traits.eggToAdult.value(at: 25) - 0.910705) < 1e-5)
        #expect(abs(traits.lifespan.value(at: 25) - 29.8432) < 1e-3)
        #expect(abs(traits.biting.value(at: 25) - 2.02e-4 * 25 * 11.65 * 15.08.squareRoot()) < 1e-12)
        #expect(abs(traits.biting.value(at: 25) - 0.22846) < 1e-4)
        #expect(traits.biting.value(at: 13.35) == 0 && traits.biting.value(at: 40.08) == 0)
    }
}
