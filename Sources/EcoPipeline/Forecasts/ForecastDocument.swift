import EcoCore
import EcoForecast
import EcoStore

/// The forecast answer of the API (the specification's ForecastResponse) and how it is made from an
/// EcoForecast result: shared by stored-series forecasts, ad-hoc forecasts and the refresher.
public enum ForecastDocument {
    public struct Step: Codable, Sendable {
        public var forecastTime: String
        public var leadHours: Double
        public var valueMean: Double
        public var valueP10: Double
        public var valueP50: Double
        public var valueP90: Double
    }

    public struct Body: Codable, Sendable {
        /// Identifies the stored run (stored-series forecasts only).
        public var runId: String?
        public var createdAt: String?
        /// Time of the newest observation the forecast used.
        public var dataUntil: String?
        public var modelName: String
        public var modelVersion: String
        public var h3Index: String?
        public var variable: String?
        public var unit: String?
        public var forecasts: [Step]
        public var model: ModelSummary
        public var seasonality: SeasonalityReport
        public var backtest: BacktestReport?
        public var preparation: PreparationReport
    }

    public static func validRange(_ variable: Variable) -> ClosedRange<Double>? {
        switch (variable.validMin, variable.validMax) {
        case let (lo?, hi?): lo...hi
        case let (lo?, nil): lo...Double.greatestFiniteMagnitude
        case let (nil, hi?): -Double.greatestFiniteMagnitude...hi
        case (nil, nil): nil
        }
    }

    public static func run(timestamps: [Int64], values: [Double], options: ForecastOptions) throws -> Forecast {
        do {
            return try Forecaster.forecast(timestamps: timestamps, values: values, options: options)
        } catch {
            throw EcoError.invalidArgument("Cannot forecast: \(error)")
        }
    }

    public static func body(_ forecast: Forecast, cell: UInt64?, variable: Variable?) -> Body {
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
