import EcoCore
import EcoForecast
import EcoPipeline
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

    /// Reuses the stored run while the cell's data is unchanged (`X-Forecast-Cache: hit`).
    @Sendable func stored(request: Request, context: AppRequestContext) async throws -> Response {
        let forecastRequest = try ForecastService.Request(QueryParameters(request, context: context), catalogue: services.catalogue)
        let (body, cached) = try await services.forecasts.forecast(forecastRequest, nowMs: services.clock.nowMs())
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
        options.validRange = variable.flatMap(ForecastDocument.validRange)
        let forecast = try ForecastDocument.run(timestamps: timestamps, values: input.values.map { $0 ?? .nan }, options: options)
        return try JSONResponse.make(ForecastDocument.body(forecast, cell: nil, variable: variable))
    }
}
