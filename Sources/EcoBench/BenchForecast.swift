import ArgumentParser
import EcoCore
import EcoForecast
import Foundation

/// `ecotrack bench forecast --manifest M --output DIR`: fit+predict time per series, in process (bench/forecast.py).
struct BenchForecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast every series of a manifest (name,path,horizon,season rows); write DIR/NAME.csv and the time of each."
    )

    @Option(help: "CSV of name,path,horizon,season rows (season 0 = detect).") var manifest: String
    @Option(help: "Folder for the forecast CSVs.") var output: String
    @Option(help: "auto, ets, theta, snaive, naive, drift or ensemble.") var model: ForecastModelChoice = .auto

    func run() throws {
        let rows = try String(contentsOfFile: manifest, encoding: .utf8).split(whereSeparator: \.isNewline)
        print("name,model,milliseconds")
        for row in rows {
            let fields = row.split(separator: ",").map(String.init)
            guard fields.count == 4, let horizon = Int(fields[2]), let season = Int(fields[3]) else { continue }
            let series = try ForecastCSV.parse(String(contentsOfFile: fields[1], encoding: .utf8))
            let options = ForecastOptions(horizon: horizon, model: model, seasonLength: season > 0 ? season : nil, levels: [80], backtestWindows: 0)
            let clock = ContinuousClock()
            var forecast: EcoForecast.Forecast?
            let elapsed = try clock.measure {
                forecast = try Forecaster.forecast(timestamps: series.timestamps, values: series.values, options: options)
            }
            try ForecastCSV.format(forecast!).write(toFile: "\(output)/\(fields[0]).csv", atomically: true, encoding: .utf8)
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            print("\(fields[0]),\"\(forecast!.model.name)\",\(milliseconds)")
        }
    }
}

/// Model names as command-line values (`--model ets`).
extension ForecastModelChoice: ExpressibleByArgument {}
