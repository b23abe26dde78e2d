import EcoCore
import EcoStore
import PostgresNIO

extension PostgresStore: IndicatorStore {
    public func upsertIndicators(_ values: [IndicatorValue]) async throws -> Int {
        // The last value of a key repeated in the batch wins, as SQLite's row-by-row upsert does.
        let unique = Self.lastOfEachKey(values) { "\($0.indicator)|\($0.cell)" }
        guard !unique.isEmpty else { return 0 }
        try await database.execute("""
            INSERT INTO equity_indicators (indicator, cell, value, source, date)
            SELECT * FROM unnest(\(unique.map(\.indicator))::text[], \(unique.map { Int64(bitPattern: $0.cell) })::bigint[],
                                 \(unique.map(\.value))::float8[], \(unique.map(\.source))::text[], \(unique.map(\.date))::text[])
            ON CONFLICT (indicator, cell) DO UPDATE SET value = excluded.value, source = excluded.source, date = excluded.date
            """)
        return values.count
    }

    public func indicatorValues(named names: [String]?) async throws -> [IndicatorValue] {
        let rows = try await database.rows("""
            SELECT indicator, cell, value, source, date FROM equity_indicators
            WHERE \(names == nil) OR indicator = ANY(\(names ?? [])::text[])
            """) { row in
            let (indicator, cell, value, source, date) = try row.decode((String, Int64, Double, String, String).self)
            return IndicatorValue(indicator: indicator, cell: UInt64(bitPattern: cell), value: value, source: source, date: date)
        }
        return rows.sorted { ($0.indicator, $0.cell) < ($1.indicator, $1.cell) }
    }

    public func indicatorSummaries() async throws -> [IndicatorSummary] {
        try await database.rows("""
            SELECT indicator, count(*), array_agg(DISTINCT source ORDER BY source), MIN(date), MAX(date) FROM equity_indicators
            GROUP BY indicator ORDER BY indicator
            """) { row in
            let (indicator, cells, sources, first, last) = try row.decode((String, Int64, [String], String, String).self)
            return IndicatorSummary(indicator: indicator, cells: Int(cells), sources: sources, firstDate: first, lastDate: last)
        }
    }

    /// `items` without earlier repeats of a key, in their order.
    static func lastOfEachKey<T>(_ items: [T], key: (T) -> String) -> [T] {
        var last: [String: Int] = [:]
        for (index, item) in items.enumerated() { last[key(item)] = index }
        return items.enumerated().filter { last[key($0.element)] == $0.offset }.map(\.element)
    }
}

extension PostgresStore: ScenarioStore {
    public func upsertProjections(_ projections: [ScenarioProjection]) async throws -> Int {
        let unique = Self.lastOfEachKey(projections) { "\($0.variable)|\($0.scenario)|\($0.model)|\($0.year)|\($0.month ?? 0)|\($0.cell)" }
        guard !unique.isEmpty else { return 0 }
        // Array parameters carry no NULLs: the percentiles travel as values plus "present" flags.
        try await database.execute("""
            INSERT INTO scenario_projections (variable, scenario, model, year, month, cell, mean, p5, p95)
            SELECT variable, scenario, model, year, month, cell, mean, CASE WHEN has_p5 THEN p5 END, CASE WHEN has_p95 THEN p95 END
            FROM unnest(\(unique.map(\.variable))::text[], \(unique.map(\.scenario))::text[], \(unique.map(\.model))::text[],
                        \(unique.map { Int64($0.year) })::bigint[], \(unique.map { Int64($0.month ?? 0) })::bigint[],
                        \(unique.map { Int64(bitPattern: $0.cell) })::bigint[], \(unique.map(\.mean))::float8[],
                        \(unique.map { $0.p5 ?? 0 })::float8[], \(unique.map { $0.p5 != nil })::boolean[],
                        \(unique.map { $0.p95 ?? 0 })::float8[], \(unique.map { $0.p95 != nil })::boolean[])
                AS u(variable, scenario, model, year, month, cell, mean, p5, has_p5, p95, has_p95)
            ON CONFLICT (variable, scenario, model, year, month, cell) DO UPDATE SET mean = excluded.mean, p5 = excluded.p5, p95 = excluded.p95
            """)
        return projections.count
    }

    public func scenarioSummaries() async throws -> [ScenarioSummary] {
        try await database.rows("""
            SELECT scenario, model, variable, count(*), count(DISTINCT cell), MIN(year)::bigint, MAX(year)::bigint, MAX(month) > 0
            FROM scenario_projections GROUP BY scenario, model, variable ORDER BY scenario, model, variable
            """) { row in
            let (scenario, model, variable, values, cells, first, last, monthly) =
                try row.decode((String, String, String, Int64, Int64, Int64, Int64, Bool).self)
            return ScenarioSummary(scenario: scenario, model: model, variable: variable, values: Int(values), cells: Int(cells),
                                   firstYear: Int(first), lastYear: Int(last), monthly: monthly)
        }
    }

    public func projections(variable: String, years: ClosedRange<Int>) async throws -> [ScenarioProjection] {
        try await database.rows("""
            SELECT scenario, model, year::bigint, month::bigint, cell, mean, p5, p95 FROM scenario_projections
            WHERE variable = \(variable) AND year >= \(years.lowerBound) AND year <= \(years.upperBound)
            """) { row in
            let (scenario, model, year, month, cell, mean, p5, p95) = try row.decode((String, String, Int64, Int64, Int64, Double, Double?, Double?).self)
            return ScenarioProjection(scenario: scenario, model: model, variable: variable, year: Int(year), month: month == 0 ? nil : Int(month),
                                      cell: UInt64(bitPattern: cell), mean: mean, p5: p5, p95: p95)
        }.sorted(by: ScenarioProjection.storeOrder)
    }
}
