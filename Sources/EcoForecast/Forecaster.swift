/// The forecasting engine's entry points: raw observations in, a ``Forecast`` or a ``BacktestReport`` out.
///
/// Pure and synchronous; safe to call from any task. Behaviour on messy input (see docs/forecasting.md):
/// unsorted or irregular times are put on the median step's grid, duplicates in one grid point are averaged,
/// inner gaps are interpolated, values are clipped to `validRange`, constant series get a flat forecast with
/// zero-width intervals, and series too short for a model fall back to simpler ones (naive at the end).
public enum Forecaster {
    /// Forecasts `options.horizon` steps after the last observation.
    ///
    /// - Parameters:
    ///   - timestamps: ms since the Unix epoch (UTC), one per value, in any order.
    ///   - values: observations; NaN marks a missing value.
    /// - Throws: ``ForecastError`` for invalid options, mismatched lengths or no usable value.
    public static func forecast(timestamps: [Int64], values: [Double], options: ForecastOptions) throws(ForecastError) -> Forecast {
        try validate(options)
        let series = try PreparedSeries.prepare(timestamps: timestamps, values: values, validRange: options.validRange)
        let plan = SeasonalityPlan.make(series.values, grid: series.grid, override: options.seasonLength)
        let engine = Engine(options: options, plan: plan)
        let (fit, selection, backtest) = engine.choose(series.values)
        let steps = engine.steps(fit.forecast, times: (1...options.horizon).map(series.futureTime))
        return Forecast(
            steps: steps, model: ModelSummary(name: fit.name, parameters: fit.parameters, selection: selection),
            seasonality: plan.report, stepMilliseconds: series.grid.stepMs, backtest: backtest, preparation: series.report)
    }

    /// Rolling-origin evaluation of `options.model` with `windows` origins (MAE, MASE, sMAPE, coverage).
    ///
    /// - Throws: ``ForecastError/tooFewObservations(count:minimum:)`` when no window fits in the series.
    public static func backtest(timestamps: [Int64], values: [Double], options: ForecastOptions, windows: Int = 3) throws(ForecastError) -> BacktestReport {
        try validate(options)
        let series = try PreparedSeries.prepare(timestamps: timestamps, values: values, validRange: options.validRange)
        let plan = SeasonalityPlan.make(series.values, grid: series.grid, override: options.seasonLength)
        let engine = Engine(options: options, plan: plan)
        guard let report = engine.backtest(series.values, choice: options.model, windows: windows) else {
            throw .tooFewObservations(count: series.values.count, minimum: engine.minimumTraining + options.horizon)
        }
        return report
    }

    private static func validate(_ options: ForecastOptions) throws(ForecastError) {
        guard options.horizon >= 1 else { throw .invalidHorizon(options.horizon) }
        for level in options.levels where !(level > 0 && level < 100) { throw .invalidLevel(level) }
        if let season = options.seasonLength, season < 1 { throw .invalidSeasonLength(season) }
    }
}
