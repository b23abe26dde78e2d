import ArgumentParser
import EcoCore
import EcoForecast
import EcoPipeline

/// `ecotrack backtest --input series.csv --horizon H`: rolling-origin MAE, MASE, sMAPE and interval coverage.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Rolling-origin evaluation of a forecast model; prints metric,value rows.",
        discussion: "Coverage rows give the share of held-out values inside each central interval (coverage_80 = p10..p90)."
    )

    @OptionGroup var inputOptions: ForecastInputOptions
    @Option(help: "Number of forecast origins (each holds out --horizon points).") var windows = 3
    @Option(help: "Interval level in percent (repeatable).") var level: [Double] = [80, 95]

    func run() throws {
        let series = try inputOptions.readSeries()
        let options = inputOptions.options(levels: level, backtestWindows: windows)
        let report = try Forecaster.backtest(timestamps: series.timestamps, values: series.values, options: options, windows: windows)
        print(BacktestTable.format(report, model: options.model.rawValue), terminator: "")
    }
}
