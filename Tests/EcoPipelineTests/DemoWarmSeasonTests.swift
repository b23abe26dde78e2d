import EcoAnalytics
import EcoCore
import Testing

@testable import EcoPipeline

/// The demo's vector risk is honest in both seasons: its (synthetic) climate stations' 30 days before 7 December lie
/// below the *Ae. aegypti* transmission range, R0 = 0 as Mordecai et al. (2017) say, while their July — about 20 °C, as
/// Paris's is — lies inside it, so `GET /health/vector-risk?at=…-08-01` shows positive risk where the habitat is.
struct DemoWarmSeasonTests {
    @Test func theDemosJulyTransmitsAndItsEarlyWinterDoesNot() {
        let end: Int64 = 1_796_601_600_000  // 2026-12-07
        let july: ClosedRange<Int64> = 1_782_864_000_000...(1_785_542_400_000 - 1), november = 1_794_009_600_000...(end - 1)
        let curve = VectorThermalSuitability.aedesAegypti
        let batches = DemoClimate.observations(endMs: end).filter { $0.first?.series.variable == "temperature_2m" }
        #expect(batches.count == DemoClimate.stations.count)
        for batch in batches {
            func mean(_ range: ClosedRange<Int64>) -> Double {
                let values = batch.filter { range.contains($0.observedAtMs) }.map(\.value)
                return values.reduce(0, +) / Double(values.count)
            }
            let summer = mean(july), winter = mean(november)
            #expect(summer > 17.05 && summer < 24, "July mean \(summer) °C")
            #expect(curve.relative(at: summer) > 0 && curve.relative(at: summer) < 0.5)
            #expect(winter < 17.05 && curve.relative(at: winter) == 0, "November–December mean \(winter) °C")
        }
    }
}
