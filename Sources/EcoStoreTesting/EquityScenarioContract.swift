import EcoCore
import EcoStore

/// The promises of ``IndicatorStore`` and ``ScenarioStore``: upserts replace by key, reads filter and order,
/// summaries count, values survive a reopen.
enum EquityScenarioContract {
    /// A resolution-7 cell, and a number with the high bit set (no H3 cell has it, but stores take any 64 bits),
    /// so an adapter ordering by the signed column is caught.
    static let low: UInt64 = 0x0871_FB46_62FF_FFFF
    static let high: UInt64 = 0x8871_FB46_62FF_FFFF

    static func income(_ cell: UInt64, _ value: Double, source: String = "census-2021", date: String = "2021") -> IndicatorValue {
        IndicatorValue(indicator: "low_income", cell: cell, value: value, source: source, date: date)
    }

    static func projection(_ scenario: String, model: String = "m1", year: Int, month: Int? = nil, cell: UInt64 = low, mean: Double,
                           p5: Double? = nil, p95: Double? = nil) -> ScenarioProjection {
        ScenarioProjection(scenario: scenario, model: model, variable: "temperature_2m", year: year, month: month, cell: cell, mean: mean, p5: p5, p95: p95)
    }

    static let cases: [ContractCase] = [
        ContractCase("IndicatorStore", "an indicator of a cell is replaced by a later import and listed by name then cell") { subject in
            let store = subject.store
            let age = IndicatorValue(indicator: "age_over_64", cell: low, value: 0.2, source: "census, table 3", date: "2020-04-01")
            try expectEqual(try await store.upsertIndicators([income(high, 0.4), income(low, 0.1), age]), 3, "written")
            _ = try await store.upsertIndicators([income(low, 0.3, source: "survey", date: "2023-06"), income(low, 0.35, source: "survey", date: "2023-07")])
            try expectEqual(try await store.indicatorValues(named: nil),
                            [age, income(low, 0.35, source: "survey", date: "2023-07"), income(high, 0.4)], "all values")
            try expectEqual(try await store.indicatorValues(named: ["low_income", "unknown"]).map(\.value), [0.35, 0.4], "named values")
            try expectEqual(try await store.indicatorValues(named: []), [], "no names")
            try await subject.reopen()
            try expectEqual(try await subject.store.indicatorSummaries(), [
                IndicatorSummary(indicator: "age_over_64", cells: 1, sources: ["census, table 3"], firstDate: "2020-04-01", lastDate: "2020-04-01"),
                IndicatorSummary(indicator: "low_income", cells: 2, sources: ["census-2021", "survey"], firstDate: "2021", lastDate: "2023-07"),
            ], "summaries")
        },
        ContractCase("ScenarioStore", "projections are replaced by key and read by variable and years in order") { subject in
            let store = subject.store
            let rows = [
                projection("ssp585", year: 2050, mean: 14.5, p5: 13, p95: 16),
                projection("ssp245", year: 2050, cell: high, mean: 13.1),
                projection("ssp245", year: 2050, mean: 13.0, p5: 12, p95: 14),
                projection("ssp245", year: 1990, month: 7, mean: 19),
                projection("ssp245", year: 1990, mean: 11),
                projection("ssp245", model: "m0", year: 2100, mean: 15),
            ]
            try expectEqual(try await store.upsertProjections(rows), 6, "written")
            _ = try await store.upsertProjections([projection("ssp245", year: 2050, mean: 13.2, p95: 14.4)])
            var other = projection("ssp245", year: 2050, mean: 99)
            other.variable = "precipitation"
            _ = try await store.upsertProjections([other])
            let read = try await store.projections(variable: "temperature_2m", years: 1990...2050)
            try expectEqual(read, [
                projection("ssp245", year: 1990, mean: 11), projection("ssp245", year: 1990, month: 7, mean: 19),
                projection("ssp245", year: 2050, mean: 13.2, p95: 14.4), projection("ssp245", year: 2050, cell: high, mean: 13.1),
                projection("ssp585", year: 2050, mean: 14.5, p5: 13, p95: 16),
            ], "projections of 1990–2050")
            try expectEqual(try await store.projections(variable: "temperature_2m", years: 2051...2200).map(\.model), ["m0"], "later years")
            try await subject.reopen()
            try expectEqual(try await subject.store.scenarioSummaries(), [
                ScenarioSummary(scenario: "ssp245", model: "m0", variable: "temperature_2m", values: 1, cells: 1, firstYear: 2100, lastYear: 2100, monthly: false),
                ScenarioSummary(scenario: "ssp245", model: "m1", variable: "precipitation", values: 1, cells: 1, firstYear: 2050, lastYear: 2050, monthly: false),
                ScenarioSummary(scenario: "ssp245", model: "m1", variable: "temperature_2m", values: 4, cells: 2, firstYear: 1990, lastYear: 2050, monthly: true),
                ScenarioSummary(scenario: "ssp585", model: "m1", variable: "temperature_2m", values: 1, cells: 1, firstYear: 2050, lastYear: 2050, monthly: false),
            ], "summaries")
        },
    ]
}
