import EcoAnalytics
import EcoCore
import EcoStore

/// Training job kind `yield-regression`: the yield model of `POST /api/v1/food/yield-forecast` fitted once and kept in
/// the model registry (``YieldForecastService/train(history:_:name:clock:)``), registered as the job's name (by
/// convention `food-yield-<crop>-ols`). Parameters:
///
/// | key | required | meaning |
/// |---|---|---|
/// | `history` | no | the yield history as CSV text, `region,crop,year,yield,unit,source`; without it, the history stored with `POST /api/v1/food/yields` |
/// | `crop` | yes | maize, soybean or wheat |
/// | `h3`, or `lat` and `lng` | yes | the cell whose season weather are the predictors (`resolution` for a point, default 7) |
/// | `region` | when the history has several | the history's region to fit |
/// | `seasonStart`, `seasonEnd`, `baseTemperature`, `upperTemperature`, `method` | no | as crop monitoring takes them |
struct YieldRegressionJobKind: TrainingJobKind {
    let name = "yield-regression"
    static let keys: Set<String> = ["history", "crop", "h3", "lat", "lng", "resolution", "region", "seasonStart", "seasonEnd",
                                    "baseTemperature", "upperTemperature", "method"]

    func validate(_ parameters: JSONValue) throws {
        let (history, query) = try Self.parameters(parameters)
        // The request and history are read now, so a bad crop, cell or CSV line is a 400 at submission.
        let request = try CropMonitoringService.request(query)
        _ = try YieldForecastService.cell(query, resolution: request.resolution)
        if !history.isEmpty {
            let records = try cropCall { () throws(CropIndexError) in try YieldHistory.parse(history) }
            _ = try YieldForecastService.records(records, crop: request.crop.id, region: query.string("region"))
        }
    }

    func run(_ parameters: JSONValue, context: TrainingJobContext) async throws -> ModelTraining.Outcome {
        let (history, query) = try Self.parameters(parameters)
        context.log("yield regression of \(query.string("crop") ?? "?") at \(query.string("h3") ?? "\(query.string("lat") ?? "?"),\(query.string("lng") ?? "?")") on "
            + (history.isEmpty ? "the stored yield history" : "\(history.utf8.count) bytes of posted history"))
        let service = YieldForecastService(observations: context.store, registry: context.store, yields: context.store)
        let outcome = try await service.train(history: history, query, name: context.modelName, clock: context.clock)
        context.log("registered \(outcome.registered.name) version \(outcome.registered.version)")
        return outcome
    }

    /// The history and the other parameters as the forecast's query parameters; each mistake names its key.
    static func parameters(_ parameters: JSONValue) throws -> (String, QueryParameters) {
        guard case let .object(fields) = parameters else {
            throw EcoError.badRequest("parameters must be an object: {\"history\": \"region,crop,year,yield,unit,source\\n…\", \"crop\": \"maize\", \"h3\": \"871fb4673ffffff\"}.")
        }
        if let unknown = fields.keys.filter({ !keys.contains($0) }).sorted().first {
            throw EcoError.badRequest("parameters.\(unknown) is not a parameter of yield-regression jobs; use \(keys.sorted().joined(separator: ", ")).")
        }
        var history = ""
        switch fields["history"] {
        case nil, .null?: break
        case let .string(text)? where !text.allSatisfy(\.isWhitespace): history = text
        default: throw EcoError.badRequest("parameters.history must be the yield history as CSV text with the header region,crop,year,yield,unit,source, or left out to use the history stored with POST /api/v1/food/yields.")
        }
        var values: [String: String] = [:]
        for (key, value) in fields where key != "history" {
            switch value {
            case let .string(text): values[key] = text
            case let .number(number): values[key] = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
            default: throw EcoError.badRequest("parameters.\(key) must be a string or a number.")
            }
        }
        return (history, QueryParameters(values, readableOrganizations: [""]))
    }
}
