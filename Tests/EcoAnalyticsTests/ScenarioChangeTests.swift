import EcoAnalytics
import EcoCore
import Testing

struct ScenarioChangeTests {
    static func value(_ scenario: String, _ model: String, _ year: Int, _ mean: Double, cell: UInt64 = 1, month: Int? = nil,
                      p5: Double? = nil, p95: Double? = nil) -> ScenarioProjection {
        ScenarioProjection(scenario: scenario, model: model, variable: "temperature_2m", year: year, month: month, cell: cell, mean: mean, p5: p5, p95: p95)
    }

    @Test func changeIsHorizonMeanMinusBaselineMeanPerModelWithTheSpreadAcrossModels() throws {
        var values: [ScenarioProjection] = []
        for year in 1995...2014 {
            values.append(Self.value("historical", "a", year, 10))
            values.append(Self.value("historical", "b", year, 11, cell: 1))
            values.append(Self.value("historical", "b", year, 13, cell: 2))    // b's region mean: 12
        }
        for year in 2041...2060 {
            values.append(Self.value("ssp245", "a", year, 11.5, p5: 10.5, p95: 12.5))
            values.append(Self.value("ssp245", "b", year, year < 2051 ? 13 : 15))  // b's horizon mean: 14
        }
        values.append(Self.value("ssp245", "c", 2050, 20))                       // no baseline anywhere
        let results = try ScenarioChange.compute(values, baseline: .init(start: 1995, end: 2014), horizon: .init(start: 2041, end: 2060))
        #expect(results.map(\.scenario) == ["ssp245"])
        let result = results[0]
        #expect(result.models.map(\.model) == ["a", "b"])
        #expect(result.models.map(\.change) == [1.5, 2])
        #expect(result.models.map(\.baselineScenario) == ["historical", "historical"])
        #expect(result.models[0].horizonP5 == 10.5 && result.models[0].horizonP95 == 12.5)
        #expect(result.models[1].horizonP5 == nil)
        #expect(result.models[0].horizonYears == 20 && result.models[0].baselineYears == 20)
        #expect(result.meanChange == 1.75 && result.minChange == 1.5 && result.maxChange == 2)
        #expect(abs(result.stdDevChange! - 0.5.squareRoot() * 0.5) < 1e-12)
        #expect(result.modelsWithoutBaseline == ["c"])
    }

    @Test func monthlyValuesAverageIntoTheYearAndMonthsFilterThem() throws {
        var values: [ScenarioProjection] = []
        for month in 1...12 {
            values.append(Self.value("ssp585", "a", 2000, Double(month), month: month))
            values.append(Self.value("ssp585", "a", 2080, Double(month) + (month >= 6 && month <= 8 ? 4 : 2), month: month))
        }
        let all = try ScenarioChange.compute(values, baseline: .init(start: 2000, end: 2000), horizon: .init(start: 2080, end: 2080))
        #expect(abs(all[0].meanChange - 2.5) < 1e-12)
        let summer = try ScenarioChange.compute(values, baseline: .init(start: 2000, end: 2000), horizon: .init(start: 2080, end: 2080), months: [6, 7, 8])
        #expect(summer[0].meanChange == 4)
        #expect(summer[0].models[0].baselineScenario == "ssp585")
    }

    @Test func aHorizonBeforeTheBaselineOrAReversedPeriodIsRefused() {
        #expect(throws: ScenarioChange.PeriodError.horizonNotAfterBaseline(baseline: .init(start: 1995, end: 2014), horizon: .init(start: 2010, end: 2030))) {
            try ScenarioChange.compute([], baseline: .init(start: 1995, end: 2014), horizon: .init(start: 2010, end: 2030))
        }
        #expect(throws: ScenarioChange.PeriodError.reversed(name: "horizon", period: .init(start: 2060, end: 2041))) {
            try ScenarioChange.validate(baseline: .init(start: 1995, end: 2014), horizon: .init(start: 2060, end: 2041))
        }
    }
}
