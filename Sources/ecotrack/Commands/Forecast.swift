import ArgumentParser
import EcoCore
import EcoForecast
import EcoPipeline
import Foundation

/// Options shared by `ecotrack forecast` and `ecotrack backtest`.
struct ForecastInputOptions: ParsableArguments {
    @Option(help: "CSV of timestamp,value rows (header optional; empty value = gap); - reads standard input.") var input: String
    @Option(help: "Steps to forecast.") var horizon: Int
    @Option(help: "auto, ets, theta, snaive, naive, drift or ensemble.") var model: ForecastModelChoice = .auto
    @Option(help: "Seasonal period in steps (1 = none; default: detected).") var season: Int?
    @Option(name: .customLong("min"), help: "Smallest possible value (e.g. 0 for precipitation); inputs and outputs are clipped.")
    var validMin: Double?
    @Option(name: .customLong("max"), help: "Largest possible value.") var validMax: Double?

    func readSeries() throws -> ForecastCSV.Series {
        try ForecastCSV.parse(CLIFiles.read(input, expecting: "a CSV of timestamp,value rows (header optional; an empty value is a gap)"))
    }

    func options(levels: [Double], backtestWindows: Int) -> ForecastOptions {
        let range: ClosedRange<Double>? = (validMin != nil || validMax != nil) ? (validMin ?? -.infinity)...(validMax ?? .infinity) : nil
        return ForecastOptions(horizon: horizon, model: model, seasonLength: season, levels: levels, validRange: range, backtestWindows: backtestWindows)
    }
}

extension ForecastModelChoice: ExpressibleByArgument {}

/// `ecotrack forecast --input series.csv --horizon H`: writes `timestamp,mean,p10,p50,p90` rows.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast a timestamp,value series; prints timestamp,mean,p10,p50,p90 (RFC 3339 UTC).",
        discussion: "The chosen model and why go to standard error. See docs/forecasting.md."
    )

    @OptionGroup var inputOptions: ForecastInputOptions

    func run() throws {
        let series = try inputOptions.readSeries()
        let forecast = try Forecaster.forecast(
            timestamps: series.timestamps, values: series.values, options: inputOptions.options(levels: [80], backtestWindows: 0))
        print(ForecastCSV.format(forecast), terminator: "")
        FileHandle.standardError.write(Data("model: \(forecast.model.name) — \(forecast.model.selection.explanation)\n".utf8))
    }
}
