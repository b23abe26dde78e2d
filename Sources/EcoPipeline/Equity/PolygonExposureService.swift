import EcoAnalytics
import EcoCore
import EcoStore
import Foundation
import H3

/// The population-weighted exposure to an indicator over a region (`POST /api/v1/equity/exposure`): a GeoJSON
/// Polygon or MultiPolygon, or a bbox, filled with H3 cells at `resolution` (a cell counts when its centre is inside
/// one of the polygons, h3's `polygonToCells`, each cell once), each cell gets its indicator value and its people from a population layer
/// (``PopulationLayer``), and ``PopulationWeighting`` gives Σ pᵢxᵢ / Σ pᵢ with the people covered.
///
/// Indicators: the justice score's environmental burdens (`pm25`, `ozone`, `heat`, `drought`, as the scores compute
/// them over `start`–`end`), `aqi` (the US EPA AQI per cell of `GET /health/air-quality`, standard averaging, the
/// 24 hours up to `at`), `justice_score` (the EJScreen-style score, with `weights`), or an imported indicator.
public struct PolygonExposureService: Sendable {
    let equity: EquityService
    let airQuality: AirQualityService
    let indicators: any IndicatorStore
    /// Most cells a polygon may fill.
    static let maxCells = 50_000

    public init(equity: EquityService, airQuality: AirQualityService, indicators: any IndicatorStore) {
        self.equity = equity
        self.airQuality = airQuality
        self.indicators = indicators
    }

    /// The request body.
    public struct Request: Decodable, Sendable {
        public var indicator: String
        /// `{"polygon": {"type": "Polygon" | "MultiPolygon", "coordinates": …}}` or `{"bbox": [w, s, e, n] | "w,s,e,n"}`.
        public var region: ScenarioRegion.Body
        public var resolution: Int?
        /// The population layer, default `population`.
        public var population: String?
        public var start: String?
        public var end: String?
        public var at: String?
        public var weights: String?
        /// Count the people in cells whose value is above this.
        public var threshold: Double?
    }

    public func exposure(_ request: Request, readableOrganizations: Set<String>?) async throws -> PolygonExposureReport {
        let resolution = request.resolution ?? 7
        guard (0...15).contains(resolution) else { throw EcoError.badRequest("'resolution' must be an H3 resolution from 0 to 15, got \(resolution).") }
        guard request.region.cells == nil else {
            throw EcoError.badRequest("'region' must be {\"polygon\": {\"type\": \"Polygon\" or \"MultiPolygon\", \"coordinates\": …}} or {\"bbox\": [west, south, east, north]}: the exposure is over the cells a region's area fills, not listed cells.")
        }
        let region = try ScenarioRegion(request.region)
        let polygons = region.fillPolygons ?? []
        // Refused before filling: a country at resolution 15 would be billions of cells.
        let estimate = polygons.map(Self.boxAreaKm2).reduce(0, +) / ((try? H3.averageHexagonAreaKm2(resolution: resolution)) ?? 1)
        guard estimate <= Double(Self.maxCells) * 4 else {
            throw EcoError.badRequest("The region's extent holds about \(Int(estimate)) cells at resolution \(resolution); at most \(Self.maxCells): use a coarser resolution.")
        }
        var cells: [UInt64] = [], seen = Set<UInt64>()
        for (index, polygon) in polygons.enumerated() {
            do {
                for cell in try H3.polygonToCells(polygon, resolution: resolution) where seen.insert(cell.rawValue).inserted { cells.append(cell.rawValue) }
            } catch {
                throw EcoError.badRequest("'region' polygon \(index) cannot be filled with cells: \(error).")
            }
        }
        cells.sort()  // one order whatever the polygons' order and overlaps
        guard !cells.isEmpty else {
            throw EcoError.badRequest("The region holds no resolution-\(resolution) cell centre; draw a larger polygon or box, or use a finer resolution.")
        }
        guard cells.count <= Self.maxCells else {
            throw EcoError.badRequest("The region fills \(cells.count) cells at resolution \(resolution); at most \(Self.maxCells): use a coarser resolution.")
        }
        let layer = request.population ?? PopulationLayer.defaultName
        guard PopulationLayer.isLayer(layer) else {
            throw EcoError.badRequest("'population' must name a population layer, 'population' or 'population_<group>'; got '\(layer)'.")
        }
        let stored = try await indicators.indicatorValues(named: [layer])
        guard !stored.isEmpty else {
            throw EcoError.notFound("No population layer '\(layer)' is imported; import people per cell with POST /api/v1/equity/indicators (indicator \(layer), value = people in the cell, with its source).")
        }
        let (people, populationSources) = PopulationLayer.people(stored, resolution: resolution)
        var parameters: [String: String] = ["resolution": "\(resolution)"]
        for (key, value) in [("start", request.start), ("end", request.end), ("at", request.at), ("weights", request.weights)] { parameters[key] = value }
        let (values, description) = try await values(of: request.indicator, QueryParameters(parameters, readableOrganizations: readableOrganizations),
                                                     resolution: resolution)
        let summary: PopulationWeighting.Summary
        do throws(PopulationWeightingError) {
            summary = try PopulationWeighting.summarize(cells.map { .init(value: values[$0], population: people[$0]) }, threshold: request.threshold)
        } catch {
            throw EcoError.invalidArgument("The population layer '\(layer)': \(error.description) (cell \(Spatial.hex(cells[Self.index(of: error)]))).")
        }
        return PolygonExposureReport(
            indicator: request.indicator, description: description, resolution: resolution, populationLayer: layer, populationSources: populationSources, regionKind: region.kind,
            cells: summary.cells, cellsWithValue: summary.cellsWithValue, cellsWithPopulation: summary.cellsWithPopulation, people: summary.population,
            peopleWithValue: summary.populationWithValue, populationWeightedMean: summary.weightedMean, cellMean: summary.cellMean,
            minimum: summary.minimum, maximum: summary.maximum, threshold: request.threshold, peopleAbove: summary.populationAbove,
            data: cells.map { .init(h3Index: Spatial.hex($0), value: values[$0], population: people[$0]) })
    }

    /// The area of the polygon's latitude/longitude bounding box, in km² on a sphere of radius 6371 km.
    static func boxAreaKm2(_ polygon: GeoPolygon) -> Double {
        let lats = polygon.outer.map(\.latitude), lngs = polygon.outer.map(\.longitude)
        guard let south = lats.min(), let north = lats.max(), let west = lngs.min(), let east = lngs.max() else { return 0 }
        let radians = Double.pi / 180
        return 6371 * 6371 * (east - west) * radians * abs(sin(north * radians) - sin(south * radians))
    }

    static func index(of error: PopulationWeightingError) -> Int {
        switch error { case let .badPopulation(index, _), let .badValue(index): index }
    }

    /// The indicator's value per cell at `resolution`, and what it is.
    func values(of indicator: String, _ parameters: QueryParameters, resolution: Int) async throws -> ([UInt64: Double], String) {
        if indicator == "aqi" {
            let report = try await airQuality.report(parameters)
            let values = report.data.reduce(into: [UInt64: Double]()) { out, place in
                if let aqi = place.aqi, let cell = Spatial.cell(hex: place.h3Index) { out[cell] = Double(aqi) }
            }
            return (values, "US EPA AQI (standard averaging) of the 24 hours \(report.windowStart ?? "?") – \(report.windowEnd ?? "?")")
        }
        if indicator == "justice_score" {
            let evaluation = try await equity.evaluate(parameters, resolution: resolution)
            let values = evaluation.ranked.reduce(into: [UInt64: Double]()) { out, cell in out[cell.cell] = cell.score }
            return (values, "environmental justice score (0–100), \(Timestamp.format(ms: evaluation.window.startMs)) – \(Timestamp.format(ms: evaluation.window.endMs))")
        }
        if let burden = EnvironmentalBurden(rawValue: indicator) {
            let window = try equity.window(parameters)
            let (inputs, _) = try await equity.burdens.burdens(resolution: resolution, window: window, scope: parameters.readableOrganizations)
            let values = inputs.reduce(into: [UInt64: Double]()) { out, entry in out[entry.key] = entry.value[indicator]?.value }
            return (values, "justice-score burden \(burden.rawValue) (\(burden.variable)), \(Timestamp.format(ms: window.startMs)) – \(Timestamp.format(ms: window.endMs))")
        }
        let stored = try await indicators.indicatorValues(named: [indicator])
        guard !stored.isEmpty, !PopulationLayer.isLayer(indicator) else {
            let imported = try await indicators.indicatorSummaries().map(\.indicator).filter { !PopulationLayer.isLayer($0) }
            throw EcoError.badRequest("Unknown indicator '\(indicator)'; use aqi, justice_score, \(EnvironmentalBurden.allCases.map(\.rawValue).joined(separator: ", "))\(imported.isEmpty ? "" : ", or an imported one: " + imported.joined(separator: ", ")).")
        }
        let values = EquityService.imported(stored, resolution: resolution).compactMapValues { $0[indicator]?.value }
        return (values, "imported indicator \(indicator) (\(Set(stored.map(\.source)).sorted().joined(separator: "; ")))")
    }
}

/// The answer of `POST /api/v1/equity/exposure`.
public struct PolygonExposureReport: Encodable, Sendable {
    public var indicator: String
    public var description: String
    public var resolution: Int
    public var populationLayer: String
    public var populationSources: [String]
    /// What the region was: `polygon`, `multipolygon` or `bbox`.
    public var regionKind: String
    /// Cells whose centre is in the region.
    public var cells: Int
    public var cellsWithValue: Int
    public var cellsWithPopulation: Int
    /// People in the polygon's cells with a population.
    public var people: Double
    /// People in the cells with both a value and a population: the population the weighted mean describes.
    public var peopleWithValue: Double
    @ExplicitNull public var populationWeightedMean: Double?
    @ExplicitNull public var cellMean: Double?
    @ExplicitNull public var minimum: Double?
    @ExplicitNull public var maximum: Double?
    public var threshold: Double?
    public var peopleAbove: Double?
    public var data: [Cell]

    public struct Cell: Encodable, Sendable {
        public var h3Index: String
        @ExplicitNull public var value: Double?
        @ExplicitNull public var population: Double?
    }
}
