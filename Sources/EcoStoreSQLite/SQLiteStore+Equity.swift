import EcoCore
import EcoStore

extension SQLiteStore: IndicatorStore {
    public func upsertIndicators(_ values: [IndicatorValue]) async throws -> Int {
        guard !values.isEmpty else { return 0 }
        return try await writer.submit { db in
            let upsert = try db.statement("""
                INSERT INTO equity_indicators (indicator, cell, value, source, date) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (indicator, cell) DO UPDATE SET value = excluded.value, source = excluded.source, date = excluded.date
                """)
            for item in values {
                upsert.reset()
                upsert.bind(1, item.indicator).bind(2, Int64(bitPattern: item.cell)).bind(3, item.value).bind(4, item.source).bind(5, item.date)
                try upsert.run()
            }
            upsert.reset()
            return (values.count, afterCommit: nil)
        }
    }

    public func indicatorValues(named names: [String]?) async throws -> [IndicatorValue] {
        try await readers.read { db in
            let query = try db.statement("SELECT indicator, cell, value, source, date FROM equity_indicators ORDER BY indicator, cell")
            let wanted = names.map(Set.init)
            var result: [IndicatorValue] = []
            while try query.step() {
                let name = query.string(0)
                if let wanted, !wanted.contains(name) { continue }
                result.append(IndicatorValue(indicator: name, cell: UInt64(bitPattern: query.int64(1)), value: query.double(2),
                                             source: query.string(3), date: query.string(4)))
            }
            query.reset()
            // The key orders cells as signed integers; the port promises unsigned order (as H3 hex sorts).
            return result.sorted { ($0.indicator, $0.cell) < ($1.indicator, $1.cell) }
        }
    }

    public func indicatorSummaries() async throws -> [IndicatorSummary] {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT indicator, COUNT(*), MIN(date), MAX(date) FROM equity_indicators
                GROUP BY indicator ORDER BY indicator
                """)
            var result: [IndicatorSummary] = []
            while try query.step() {
                let sources = try Self.distinctSources(db, indicator: query.string(0)).sorted()
                result.append(IndicatorSummary(indicator: query.string(0), cells: Int(query.int64(1)), sources: sources,
                                               firstDate: query.string(2), lastDate: query.string(3)))
            }
            query.reset()
            return result
        }
    }

    /// The distinct sources of one indicator.
    private static func distinctSources(_ db: SQLiteConnection, indicator: String) throws -> [String] {
        let query = try db.statement("SELECT DISTINCT source FROM equity_indicators WHERE indicator = ?")
        query.bind(1, indicator)
        var sources: [String] = []
        while try query.step() { sources.append(query.string(0)) }
        query.reset()
        return sources
    }
}

extension SQLiteStore: ScenarioStore {
    public func upsertProjections(_ projections: [ScenarioProjection]) async throws -> Int {
        guard !projections.isEmpty else { return 0 }
        return try await writer.submit { db in
            let upsert = try db.statement("""
                INSERT INTO scenario_projections (variable, scenario, model, year, month, cell, mean, p5, p95) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (variable, scenario, model, year, month, cell) DO UPDATE SET mean = excluded.mean, p5 = excluded.p5, p95 = excluded.p95
                """)
            for item in projections {
                upsert.reset()
                upsert.bind(1, item.variable).bind(2, item.scenario).bind(3, item.model).bind(4, Int64(item.year)).bind(5, Int64(item.month ?? 0))
                    .bind(6, Int64(bitPattern: item.cell)).bind(7, item.mean).bind(8, item.p5).bind(9, item.p95)
                try upsert.run()
            }
            upsert.reset()
            return (projections.count, afterCommit: nil)
        }
    }

    public func scenarioSummaries() async throws -> [ScenarioSummary] {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT scenario, model, variable, COUNT(*), COUNT(DISTINCT cell), MIN(year), MAX(year), MAX(month) > 0
                FROM scenario_projections GROUP BY scenario, model, variable ORDER BY scenario, model, variable
                """)
            var result: [ScenarioSummary] = []
            while try query.step() {
                result.append(ScenarioSummary(scenario: query.string(0), model: query.string(1), variable: query.string(2), values: Int(query.int64(3)),
                                              cells: Int(query.int64(4)), firstYear: Int(query.int64(5)), lastYear: Int(query.int64(6)),
                                              monthly: query.int64(7) != 0))
            }
            query.reset()
            return result
        }
    }

    public func projections(variable: String, years: ClosedRange<Int>) async throws -> [ScenarioProjection] {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT scenario, model, year, month, cell, mean, p5, p95 FROM scenario_projections
                WHERE variable = ? AND year >= ? AND year <= ? ORDER BY scenario, model, year, month, cell
                """)
            query.bind(1, variable).bind(2, Int64(years.lowerBound)).bind(3, Int64(years.upperBound))
            var result: [ScenarioProjection] = []
            while try query.step() {
                let month = Int(query.int64(3))
                result.append(ScenarioProjection(scenario: query.string(0), model: query.string(1), variable: variable, year: Int(query.int64(2)),
                                                 month: month == 0 ? nil : month, cell: UInt64(bitPattern: query.int64(4)), mean: query.double(5),
                                                 p5: query.optionalDouble(6), p95: query.optionalDouble(7)))
            }
            query.reset()
            return result.sorted(by: ScenarioProjection.storeOrder)
        }
    }
}
