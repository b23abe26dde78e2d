import EcoAnalytics
import EcoCore
import EcoStore

/// Environmental justice scores per H3 cell (`/api/v1/equity`, docs/domains.md "Environmental justice"):
/// the environmental burdens computed from observations (``BurdenCalculator``) and the imported socio-economic
/// indicators, combined by ``JusticeScore``.
public struct EquityService: Sendable {
    let indicators: any IndicatorStore
    let burdens: BurdenCalculator
    /// The configured default weights (`equityWeights`; empty for equal weights).
    let defaultWeights: String
    let clock: WallClock

    /// The method, in one sentence, for every answer.
    static let method = "EJScreen-style: percentile rank (share of cells with an equal or lower value) of every input; "
        + "score = weighted mean environmental percentile × demographic index (weighted mean socio-economic percentile / 100)"
    /// The default window of the observation-based burdens: the year before now.
    static let defaultWindowMs: Int64 = 365 * 86_400_000

    init(indicators: any IndicatorStore, observations: any ObservationStore, variables: VariableRegistry, defaultWeights: String, clock: WallClock) {
        self.indicators = indicators
        burdens = BurdenCalculator(cells: CellAggregation(observations: observations, variables: variables),
                                   drought: DroughtIndexService(observations: observations, variables: variables))
        self.defaultWeights = defaultWeights
        self.clock = clock
    }

    /// What an import stored.
    public struct ImportSummary: Encodable, Sendable {
        public var stored: Int
        public var indicators: [String]
        public var cells: Int
    }

    /// Stores the indicators of a CSV (`text/csv`) or JSON body; all rows or none.
    public func importIndicators(_ body: [UInt8], contentType: String) async throws -> ImportSummary {
        let values = try IndicatorImport.parse(body, contentType: contentType)
        let stored = try await indicators.upsertIndicators(values)
        return ImportSummary(stored: stored, indicators: Set(values.map(\.indicator)).sorted(), cells: Set(values.map(\.cell)).count)
    }

    /// The environmental burdens and the imported indicators.
    public func indicatorList() async throws -> EquityIndicatorList {
        let descriptions: [EnvironmentalBurden: String] = [
            .pm25: "mean PM2.5 (µg/m³) over the window", .ozone: "mean O3 (ppb) over the window",
            .heat: "mean 2 m air temperature (°C) over the window", .drought: "minus the SPI-3 of the latest month (drier is more burden)",
        ]
        let summaries = try await indicators.indicatorSummaries()
        return EquityIndicatorList(
            environmental: EnvironmentalBurden.allCases.map { .init(indicator: $0.rawValue, variable: $0.variable, description: descriptions[$0]!) },
            socioeconomic: summaries.filter { !PopulationLayer.isLayer($0.indicator) },
            population: summaries.filter { PopulationLayer.isLayer($0.indicator) })
    }

    /// Every cell at `resolution` (default 7) with an input, ranked by score; filters `minScore`, `minPercentile`,
    /// `complete=true`, `bbox`, `limit`; weights from `weights` or the configuration.
    public func scores(_ parameters: QueryParameters) async throws -> JusticeScoreList {
        let evaluation = try await evaluate(parameters, resolution: try parameters.int("resolution", default: 7, range: 0...15))
        let minScore = try parameters.number("minScore", range: 0...100)
        let minPercentile = try parameters.number("minPercentile", range: 0...100)
        let complete = try parameters.flag("complete")
        let box = try parameters.bbox()
        let limit = try parameters.int("limit", default: 10_000, range: 1...100_000)
        let entries = evaluation.ranked.filter { cell in
            if let minScore, (cell.score ?? -1) < minScore { return false }
            if let minPercentile, (cell.scorePercentile ?? -1) < minPercentile { return false }
            if complete, !cell.missing.isEmpty { return false }
            if let box { let center = Spatial.center(of: cell.cell); if !box.contains(lat: center.lat, lng: center.lng) { return false } }
            return true
        }.prefix(limit).map { cell in
            JusticeScoreList.Entry(h3Index: Spatial.hex(cell.cell), rank: evaluation.rank(of: cell), score: cell.score, scorePercentile: cell.scorePercentile,
                                   environmentalPercentile: cell.environmentalPercentile, demographicIndex: cell.demographicIndex,
                                   coverage: cell.coverage, missing: cell.missing)
        }
        return JusticeScoreList(method: Self.method, resolution: evaluation.resolution, windowStart: Timestamp.format(ms: evaluation.window.startMs),
                                windowEnd: Timestamp.format(ms: evaluation.window.endMs), weights: evaluation.weightDTOs,
                                scored: evaluation.scoredCount, count: entries.count, data: Array(entries))
    }

    /// The breakdown of one cell, at the cell's own resolution.
    public func breakdown(_ hex: String, _ parameters: QueryParameters) async throws -> JusticeScoreBreakdown {
        guard let cell = Spatial.cell(hex: hex) else {
            throw EcoError.badRequest("'\(hex)' is not an H3 cell id; use 15 hex digits, e.g. 871fb4662ffffff.")
        }
        let evaluation = try await evaluate(parameters, resolution: Spatial.resolution(of: cell))
        guard let scored = evaluation.ranked.first(where: { $0.cell == cell }) else {
            throw EcoError.notFound("Cell \(hex) has no input at resolution \(Spatial.resolution(of: cell)): no observations of pm25, o3, temperature_2m "
                + "or precipitation and no imported indicator; GET /api/v1/equity/justice-scores?resolution=\(Spatial.resolution(of: cell)) lists the cells that have.")
        }
        let kinds = Dictionary(uniqueKeysWithValues: evaluation.weights.map { ($0.name, $0) })
        let reasons = evaluation.reasons[cell] ?? [:]
        return JusticeScoreBreakdown(
            method: Self.method, h3Index: hex, resolution: evaluation.resolution, windowStart: Timestamp.format(ms: evaluation.window.startMs),
            windowEnd: Timestamp.format(ms: evaluation.window.endMs), rank: evaluation.rank(of: scored), scored: evaluation.scoredCount,
            score: scored.score, scorePercentile: scored.scorePercentile, environmentalPercentile: scored.environmentalPercentile,
            demographicIndex: scored.demographicIndex, coverage: scored.coverage,
            inputs: scored.components.map { .init(indicator: $0.indicator, kind: $0.kind, value: $0.value, percentile: $0.percentile, weight: $0.weight,
                                                  ejIndex: $0.ejIndex, source: $0.source, date: $0.date) },
            missing: scored.missing.map { name in
                let indicator = kinds[name]!
                let reason = reasons[name] ?? (indicator.kind == .environmental
                    ? "no observations of \(EnvironmentalBurden(rawValue: name)!.variable) in the cell during the window"
                    : "no imported value for the cell (POST /api/v1/equity/indicators)")
                return .init(indicator: name, kind: indicator.kind, weight: indicator.weight, reason: reason)
            })
    }

    /// The scores of every cell at one resolution, ranked.
    struct Evaluation {
        var resolution: Int
        var window: TimeWindow
        var weights: [JusticeIndicator]
        var ranked: [JusticeScore.Cell]
        var reasons: [UInt64: [String: String]]
        var scoredCount: Int

        func rank(of cell: JusticeScore.Cell) -> Int? {
            guard cell.score != nil else { return nil }
            return ranked.firstIndex { $0.cell == cell.cell }.map { $0 + 1 }
        }

        var weightDTOs: [JusticeWeightDTO] { weights.map { JusticeWeightDTO(indicator: $0.name, kind: $0.kind, weight: $0.weight) } }
    }

    /// The window of the observation-based burdens: `start`–`end`, by default the year before now.
    func window(_ parameters: QueryParameters) throws -> TimeWindow {
        let now = clock.nowMs()
        let window = TimeWindow(startMs: try parameters.time("start") ?? now - Self.defaultWindowMs, endMs: try parameters.time("end") ?? now)
        guard window.startMs < window.endMs else { throw EcoError.badRequest("'start' must be before 'end'.") }
        return window
    }

    func evaluate(_ parameters: QueryParameters, resolution: Int) async throws -> Evaluation {
        let window = try self.window(parameters)
        // A population layer weights exposures (``PolygonExposureService``); it is no disadvantage to score.
        let stored = try await indicators.indicatorValues(named: nil).filter { !PopulationLayer.isLayer($0.indicator) }
        let names = Set(stored.map(\.indicator)).sorted()
        let defaults = JusticeWeights.equal(EnvironmentalBurden.allCases.map { ($0.rawValue, JusticeIndicatorKind.environmental) }
            + names.map { ($0, JusticeIndicatorKind.socioeconomic) })
        let weights: [JusticeIndicator]
        do throws(JusticeScoreError) {
            if let text = parameters.string("weights") {
                weights = try JusticeWeights.parse(text, defaults: defaults)
            } else if !defaultWeights.isEmpty {
                weights = try JusticeWeights.parse(defaultWeights, defaults: defaults)
            } else {
                weights = defaults
            }
        } catch {
            let origin = parameters.string("weights") == nil ? "The configured equityWeights: " : ""
            throw EcoError.badRequest(origin + error.description)
        }
        var (inputs, reasons) = try await burdens.burdens(resolution: resolution, window: window, scope: parameters.readableOrganizations)
        for (cell, values) in Self.imported(stored, resolution: resolution) {
            inputs[cell, default: [:]].merge(values) { _, imported in imported }
        }
        let scored = JusticeScore.score(inputs, indicators: weights)
        // Highest score first; cells without a score last, in cell order.
        let ranked = scored.enumerated().sorted { a, b in
            switch (a.element.score, b.element.score) {
            case let (x?, y?): x != y ? x > y : a.offset < b.offset
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.offset < b.offset
            }
        }.map(\.element)
        return Evaluation(resolution: resolution, window: window, weights: weights, ranked: ranked, reasons: reasons,
                          scoredCount: scored.count(where: { $0.score != nil }))
    }

    /// Imported values per cell at `resolution`: values of finer cells are averaged into their parent (their
    /// sources listed, the latest date kept); values of coarser cells are not used.
    static func imported(_ stored: [IndicatorValue], resolution: Int) -> [UInt64: [String: JusticeScore.Measurement]] {
        let usable = stored.filter { Spatial.resolution(of: $0.cell) >= resolution }
        let groups = Dictionary(grouping: usable) { Pair(cell: Spatial.parent(of: $0.cell, resolution: resolution), indicator: $0.indicator) }
        var result: [UInt64: [String: JusticeScore.Measurement]] = [:]
        for (key, values) in groups {
            result[key.cell, default: [:]][key.indicator] = JusticeScore.Measurement(
                value: values.reduce(0) { $0 + $1.value } / Double(values.count), source: Set(values.map(\.source)).sorted().joined(separator: "; "),
                date: values.map(\.date).max()!)
        }
        return result
    }

    struct Pair: Hashable {
        var cell: UInt64
        var indicator: String
    }
}
