import EcoCore
import EcoForecast
import EcoStore
import Foundation
import Hummingbird

/// Forecasts with p10/p50/p90 bands, from stored series or from a series in the request.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/climate/forecasts | forecast a variable in a cell from its stored hourly means (the specification's ForecastResponse) |
/// | POST | /api/v1/forecast | forecast an ad-hoc series sent in the body |
///
/// Each answer names the chosen model and why (AICc or backtest score), the seasonality used,
/// and the empirical coverage of its intervals in rolling-origin backtests on that series.
struct ForecastRoutes {
    let services: AppServices
    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/climate/forecasts", .runAnalysis, use: stored)
        group.post("/forecast", .runAnalysis, use: adHoc)
    }

    struct Step: Codable, Sendable {
        var forecastTime: String
        var leadHours: Double
        var valueMean: Double
        var valueP10: Double
        var valueP50: Double
        var valueP90: Double
    }

    struct Body: Codable, Sendable {
        /// Identifies the stored run (stored-series forecasts only).
        var runId: String?
        var createdAt: String?
        /// Time of the newest observation the forecast used.
        var dataUntil: String?
        var modelName: String
        var modelVersion: String
        var h3Index: String?
        var variable: String?
        var unit: String?
        var forecasts: [Step]
        var model: ModelSummary
        var seasonality: SeasonalityReport
        var backtest: BacktestReport?
        var preparation: PreparationReport
    }

    /// Reuses the stored run while the cell's data is unchanged (`X-Forecast-Cache: hit`).
    @Sendable func stored(request: Request, context: AppRequestContext) async throws -> Response {
        let forecastRequest = try ForecastService.Request(QueryParameters(request, context: context), catalogue: services.catalogue)
        let (body, cached) = try await ForecastService(services: services).forecast(forecastRequest, nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        var response = try JSONResponse.make(body)
        response.headers[.init("X-Forecast-Cache")!] = cached ? "hit" : "miss"
        return response
    }

    struct AdHocRequest: Decodable, Sendable {
        var timestamps: [Int64]?
        var times: [String]?
        var values: [Double?]
        var horizon: Int
        var model: ForecastModelChoice?
        var seasonLength: Int?
        var levels: [Double]?
        var variable: String?
    }

    @Sendable func adHoc(request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decode(as: AdHocRequest.self, context: context)
        let timestamps: [Int64]
        if let given = input.timestamps {
            timestamps = given
        } else if let times = input.times {
            timestamps = try times.enumerated().map { index, text in
                guard let ms = Timestamp.parse(text) else { throw Problem.badRequest("times[\(index)] '\(text)' is not RFC 3339 or epoch milliseconds.") }
                return ms
            }
        } else {
            throw Problem.badRequest("Send 'timestamps' (epoch ms) or 'times' (RFC 3339), one per value.")
        }
        guard timestamps.count == input.values.count else {
            throw Problem.badRequest("'values' has \(input.values.count) entries but the times have \(timestamps.count); send one time per value.")
        }
        guard timestamps.count <= 1_000_000 else { throw Problem(.contentTooLarge, detail: "At most 1,000,000 points per ad-hoc forecast.") }
        let variable = try input.variable.map { name -> Variable in
            guard let known = services.catalogue[name] else { throw Problem.badRequest("Unknown variable '\(name)'; leave it out or see GET /api/v1/variables.") }
            return known
        }
        var options = ForecastOptions(horizon: input.horizon, model: input.model ?? .auto, seasonLength: input.seasonLength, levels: input.levels ?? [80, 95])
        options.validRange = variable.flatMap(Self.validRange)
        let forecast = try Self.run(timestamps: timestamps, values: input.values.map { $0 ?? .nan }, options: options)
        return try JSONResponse.make(Self.body(forecast, cell: nil, variable: variable))
    }

    static func validRange(_ variable: Variable) -> ClosedRange<Double>? {
        switch (variable.validMin, variable.validMax) {
        case let (lo?, hi?): lo...hi
        case let (lo?, nil): lo...Double.greatestFiniteMagnitude
        case let (nil, hi?): -Double.greatestFiniteMagnitude...hi
        case (nil, nil): nil
        }
    }

    static func run(timestamps: [Int64], values: [Double], options: ForecastOptions) throws -> Forecast {
        do {
            return try Forecaster.forecast(timestamps: timestamps, values: values, options: options)
        } catch {
            throw Problem(.unprocessableContent, title: "Cannot forecast", detail: "\(error)")
        }
    }

    static func body(_ forecast: Forecast, cell: UInt64?, variable: Variable?) -> Body {
        let origin = (forecast.steps.first?.timeMs ?? 0) - forecast.stepMilliseconds
        return Body(
            runId: nil, createdAt: nil, dataUntil: nil, modelName: forecast.model.name, modelVersion: "ecoforecast-1",
            h3Index: cell.map(Spatial.hex), variable: variable?.name, unit: variable?.unit,
            forecasts: forecast.steps.map { step in
                Step(forecastTime: Timestamp.format(ms: step.timeMs), leadHours: Double(step.timeMs - origin) / 3_600_000,
                     valueMean: step.mean, valueP10: step.p10, valueP50: step.p50, valueP90: step.p90)
            },
            model: forecast.model, seasonality: forecast.seasonality, backtest: forecast.backtest, preparation: forecast.preparation)
    }
}
