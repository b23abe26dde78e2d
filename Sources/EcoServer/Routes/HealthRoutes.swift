import EcoAnalytics
import EcoCore
import EcoPipeline
import Hummingbird

/// Health: air quality indices (docs/domains.md).
///
/// | Method | Path | Role | What |
/// |---|---|---|---|
/// | GET | /api/v1/health/aqi | read:public | AQI calculator: a concentration's index, or (`aqi=`) the concentrations of an AQI value |
/// | GET | /api/v1/health/air-quality | read:public | AQI per cell or station from stored pollutant observations; JSON or GeoJSON |
/// | GET | /api/v1/health/air-quality/{h3}/forecast | run:analysis | AQI bands ahead from the pollutant forecasts of the cell |
/// | GET | /api/v1/health/vector-risk | read:public | vector habitat (its distribution model) × temperature suitability (Mordecai 2017) per cell |
///
/// The forecast fits models (like `/api/v1/climate/forecasts`), hence run:analysis; the work is in
/// EcoPipeline's ``AirQualityCalculator``, ``AirQualityService``, ``AirQualityForecast`` and ``VectorRiskService``.
struct HealthRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/health/aqi", .readPublic, use: calculator)
        group.get("/health/air-quality", .readPublic, use: airQuality)
        group.get("/health/air-quality/:h3/forecast", .runAnalysis, use: forecast)
        group.get("/health/vector-risk", .readPublic, use: vectorRisk)
    }

    @Sendable func calculator(request: Request, context: AppRequestContext) async throws -> Response {
        switch try AirQualityCalculator.answer(QueryParameters(request, context: context)) {
        case .reading(let reading): try JSONResponse.make(reading)
        case .range(let range): try JSONResponse.make(range)
        }
    }

    @Sendable func airQuality(request: Request, context: AppRequestContext) async throws -> Response {
        let format = try OutputFormat.of(request, allowed: [.json, .geojson])
        let report = try await services.platform.airQuality.report(QueryParameters(request, context: context))
        guard format == .geojson else { return try JSONResponse.make(report) }
        let features = try report.data.map { place -> JSONValue in
            guard case var .object(properties) = try JSONValue(encodable: place) else { return .null }
            properties["windowEnd"] = report.windowEnd.map(JSONValue.string) ?? .null
            if let lat = place.lat, let lng = place.lng {
                properties["lat"] = nil
                properties["lng"] = nil
                return .object(["type": .string("Feature"), "properties": .object(properties),
                                "geometry": .object(["type": .string("Point"), "coordinates": .array([.number(lng), .number(lat)])])])
            }
            return GeoJSON.hexagonFeature(cell: Spatial.cell(hex: place.h3Index)!, properties: properties)
        }
        return try JSONResponse.make(GeoJSON.featureCollection(features), contentType: format.contentType)
    }

    @Sendable func forecast(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await services.platform.airQualityForecast.forecast(
            cell: context.parameters.get("h3") ?? "", parameters: QueryParameters(request, context: context), nowMs: services.clock.nowMs())
        return try JSONResponse.make(body)
    }

    @Sendable func vectorRisk(request: Request, context: AppRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let report = try await services.platform.vectorRisk.report(QueryParameters(request, context: context))
        services.metrics.inference(model: report.model.name, rows: report.data.count, seconds: (ContinuousClock.now - started).seconds)
        return try JSONResponse.make(report)
    }
}
