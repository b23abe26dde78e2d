import ArgumentParser
import EcoCore

/// The `ecotrack` command: one binary for serving, ingesting, querying and the science tools.
@main
struct EcoTrack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecotrack",
        abstract: "Environmental intelligence in one binary: ingest, analyze, alert, serve.",
        subcommands: [
            Serve.self,
            Worker.self,
            Ingest.self,
            CarbonCommand.self,
            EntriesCommand.self,
            DatasetsCommand.self,
            Query.self,
            Variables.self,
            Train.self,
            Predict.self,
            PredictImage.self,
            Models.self,
            Users.self,
            Keys.self,
            Audit.self,
            Detect.self,
            ForecastCommand.self,
            BacktestCommand.self,
            H3Command.self,
            AQICommand.self,
            DroughtIndexCommand.self,
            ONNXCommand.self,
            Bench.self,
        ]
    )
}
