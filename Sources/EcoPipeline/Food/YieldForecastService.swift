import Crypto
import EcoAnalytics
import EcoCore
import EcoStore
import Foundation

/// A crop yield forecast for one H3 cell (`POST /api/v1/food/yield-forecast`): ordinary least squares
/// (``YieldRegression``) of a yield history on the cell's season aggregates, growing degree days and precipitation
/// total, computed from stored daily observations as ``CropMonitoringService`` computes them (``YieldSeasonWeather``),
/// and the prediction with its 80 % and 95 % intervals for the requested season.
///
/// The regression is either fitted per request from a posted history, or read from the model registry
/// (`model=NAME[@VERSION|@ALIAS]`), where the `yield-regression` training job (``train(history:_:name:clock:)``)
/// keeps it as a ``YieldModelArtifact``.
public struct YieldForecastService: Sendable {
    let observations: any ObservationStore
    let registry: any ModelRegistry
    let yields: any YieldStore
    static let predictors = ["degreeDays", "precipitationMm"]
    /// The parameters that define a model's predictors; with `model=` they come from the model.
    static let settingKeys = ["crop", "h3", "lat", "lng", "resolution", "region", "seasonStart", "seasonEnd", "baseTemperature", "upperTemperature", "method"]

    public init(observations: any ObservationStore, registry: any ModelRegistry, yields: any YieldStore) {
        self.observations = observations
        self.registry = registry
        self.yields = yields
    }

    /// The forecast for `history` (CSV `region,crop,year,yield,unit,source`; when empty, the stored history of
    /// `POST /api/v1/food/yields`) and the parameters `crop`, `h3` or `lat`+`lng` (with `resolution`, default 7),
    /// optionally `region`, `year` (default the latest season begun), and the season and degree-day settings of
    /// crop monitoring; or, with `model=`, from that registered model and no history.
    public func forecast(history: String, _ parameters: QueryParameters) async throws -> YieldForecastReport {
        if let reference = parameters.string("model") {
            return try await forecast(model: reference, history: history, parameters)
        }
        let fit = try await self.fit(history: try await self.history(history, parameters), parameters, organizations: parameters.readableOrganizations)
        let year = fit.weather.defaultYear
        let target = try fit.weather.target(year)
        var used = fit.used, skipped = fit.skipped
        if let index = used.firstIndex(where: { $0.year == year }) {
            used.remove(at: index)
            skipped.append(.init(year: year, reason: "the forecast season itself"))
            skipped.sort { $0.year < $1.year }
        }
        let model = try Self.regression(used, region: fit.region, crop: fit.request.crop.id, cell: fit.weather.cell, skipped: skipped)
        return Self.report(model, region: fit.region, weather: fit.weather, year: year, target: target, used: used, skipped: skipped,
                           sources: fit.sources)
    }

    /// Fits the history (CSV text; when empty, the stored history) and registers the model as a new version of
    /// `name` (default `food-yield-<crop>-ols`): the `yield-regression` training job. Only public observations are
    /// read, as every training job does: a model is readable by everyone who may read models.
    public func train(history text: String, _ parameters: QueryParameters, name: String, clock: WallClock) async throws -> ModelTraining.Outcome {
        let history = try await self.history(text, parameters)
        let fit = try await self.fit(history: history, parameters, organizations: [""])
        let model = try Self.regression(fit.used, region: fit.region, crop: fit.request.crop.id, cell: fit.weather.cell, skipped: fit.skipped)
        var settings: [String: String] = ["crop": fit.request.crop.id, "h3": Spatial.hex(fit.weather.cell), "region": fit.region]
        for key in ["seasonStart", "seasonEnd", "baseTemperature", "upperTemperature", "method"] { settings[key] = parameters.string(key) }
        let artifact = YieldModelArtifact(format: YieldModelArtifact.currentFormat, settings: settings, region: fit.region, crop: fit.request.crop.id,
                                          h3Index: Spatial.hex(fit.weather.cell), regression: model, yearsUsed: fit.used, sources: fit.sources)
        let summary = Self.summary(model, used: fit.used)
        let metrics: [String: JSONValue] = [
            "n": .number(Double(summary.n)), "rSquared": .number(summary.rSquared), "residualStandardError": .number(summary.residualStandardError),
            "degreesOfFreedom": .number(Double(summary.degreesOfFreedom)), "leaveOneOutRmse": summary.leaveOneOutRmse.map(JSONValue.number) ?? .null,
        ]
        var described: [String: JSONValue] = settings.mapValues(JSONValue.string)
        described["predictors"] = .array(Self.predictors.map(JSONValue.string))
        described["seasonStart"] = .string(fit.weather.start.description)
        described["seasonEnd"] = .string(fit.weather.end.description)
        described["trainingTable"] = .array(fit.used.map { year in
            .object(["year": .number(Double(year.year)), "yield": .number(year.yield), "degreeDays": .number(year.degreeDays),
                     "precipitationMm": .number(year.precipitationMm)])
        })
        described["skipped"] = .array(fit.skipped.map { .string("\($0.year): \($0.reason)") })
        described["sources"] = .array(fit.sources.map(JSONValue.string))
        described["history"] = .string(history.stored ? "stored (POST /api/v1/food/yields)" : "posted with the job")
        let registered = try await registry.registerModel(ModelVersion(
            name: name.isEmpty ? "food-yield-\(fit.request.crop.id)-ols" : name, algorithm: YieldModelArtifact.algorithm, task: "regression",
            parametersJSON: String(decoding: JSONValue.object(described).encoded(), as: UTF8.self),
            metricsJSON: String(decoding: JSONValue.object(metrics).encoded(), as: UTF8.self),
            datasetSHA256: SHA256.hash(data: history.digestBytes).map { String(format: "%02x", $0) }.joined(),
            createdAtMs: clock.nowMs(), artifact: try artifact.encoded()))
        let result: [String: JSONValue] = [
            "name": .string(registered.name), "version": .number(Double(registered.version)), "datasetSha256": .string(registered.datasetSHA256),
            "metrics": .object(metrics), "parameters": .object(described),
        ]
        return ModelTraining.Outcome(registered: registered, summaryJSON: String(decoding: JSONValue.object(result).encoded(), as: UTF8.self))
    }

    /// The forecast of a registered model: its settings and regression, the season's weather read now.
    func forecast(model reference: String, history: String, _ parameters: QueryParameters) async throws -> YieldForecastReport {
        guard history.allSatisfy(\.isWhitespace) else {
            throw EcoError.badRequest("Give either a yield history (the body) or model=, not both: a registered model was fitted on its own history.")
        }
        if let key = Self.settingKeys.first(where: { parameters.string($0) != nil }) {
            throw EcoError.badRequest("'\(key)' is fixed by the model (its crop, cell and season); with model= give only year=, or post a history without model= to fit afresh.")
        }
        let (name, ref) = ModelReference.parse(reference)
        guard let version = try await registry.model(named: name, ref) else {
            throw EcoError.notFound("No model '\(reference)' is registered; train one with POST /api/v1/models/train {\"kind\": \"yield-regression\", \"name\": \"food-yield-maize-ols\", \"parameters\": {\"history\": \"…\", \"crop\": \"maize\", \"h3\": \"…\"}}, or see GET /api/v1/models.")
        }
        let artifact = try YieldModelArtifact.decode(version)
        var settings = artifact.settings
        settings["year"] = parameters.string("year")
        let request = try CropMonitoringService.request(QueryParameters(settings))
        let cell = try Self.cell(QueryParameters(settings), resolution: request.resolution)
        let weather = try await YieldSeasonWeather.load(cell: cell, request: request, organizations: parameters.readableOrganizations, observations: observations)
        let year = weather.defaultYear
        var report = Self.report(artifact.regression, region: artifact.region, weather: weather, year: year, target: try weather.target(year),
                                 used: artifact.yearsUsed, skipped: [], sources: artifact.sources)
        report.registeredModel = .init(name: version.name, version: version.version, stage: version.stage.rawValue,
                                       inSample: artifact.yearsUsed.contains { $0.year == year })
        return report
    }

    /// A history read and matched with the cell's seasons.
    struct Fit {
        var request: CropMonitoringService.Request
        var weather: YieldSeasonWeather
        var region: String
        var used: [YieldForecastReport.Year]
        var skipped: [YieldForecastReport.Skipped]
        var sources: [String]
    }

    /// A yield history: posted as CSV text, or read from the store.
    struct History {
        var records: [YieldRecord]
        var stored: Bool
        /// What the model's dataset hash is taken of: the posted text, or the stored records as JSON.
        var digestBytes: [UInt8]
    }

    /// The posted history `text`, or, when it is empty, the stored history of the request's crop (and `region`).
    func history(_ text: String, _ parameters: QueryParameters) async throws -> History {
        guard text.allSatisfy(\.isWhitespace) else {
            return History(records: try cropCall { () throws(CropIndexError) in try YieldHistory.parse(text) }, stored: false, digestBytes: Array(text.utf8))
        }
        let crop = try CropMonitoringService.request(parameters).crop.id
        let records = try await yields.yields(crop: crop, region: parameters.string("region"))
        guard !records.isEmpty else {
            throw EcoError.badRequest("No \(crop) yield history is stored\(parameters.string("region").map { " for region '\($0)'" } ?? ""); store one with POST /api/v1/food/yields (CSV region,crop,year,yield,unit,source), or post the CSV as this request's body.")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return History(records: records, stored: true, digestBytes: Array(try encoder.encode(records)))
    }

    /// Reads the history and the cell's weather; every history year with a complete season is used.
    func fit(history: History, _ parameters: QueryParameters, organizations: Set<String>?) async throws -> Fit {
        let request = try CropMonitoringService.request(parameters)
        guard request.crop.id != "custom" else {
            throw EcoError.badRequest("crop=custom has no yield history; use crop=maize, soybean or wheat (seasonStart, seasonEnd and baseTemperature may still be set).")
        }
        let cell = try Self.cell(parameters, resolution: request.resolution)
        let (region, records) = try Self.records(history.records, crop: request.crop.id, region: parameters.string("region"))
        let weather = try await YieldSeasonWeather.load(cell: cell, request: request, organizations: organizations, observations: observations)
        var used: [YieldForecastReport.Year] = [], skipped: [YieldForecastReport.Skipped] = []
        for record in records {
            switch weather.aggregate(record.year) {
            case let .success(value): used.append(.init(year: record.year, yield: record.tonnesPerHectare, degreeDays: value.gdd, precipitationMm: value.rain))
            case let .failure(skip): skipped.append(.init(year: record.year, reason: skip.reason))
            }
        }
        return Fit(request: request, weather: weather, region: region, used: used, skipped: skipped, sources: Array(Set(records.map(\.source))).sorted())
    }

    /// The regression of `used`, or a 400 when there are too few years.
    static func regression(_ used: [YieldForecastReport.Year], region: String, crop: String, cell: UInt64,
                           skipped: [YieldForecastReport.Skipped]) throws -> YieldRegression {
        let needed = predictors.count + 3
        guard used.count >= needed else {
            throw EcoError.badRequest("\(used.count) years of the \(region) \(crop) history have complete season weather at \(Spatial.hex(cell)); a fit on \(predictors.count) predictors with intervals needs at least \(needed). Skipped: \(skipped.map { "\($0.year) (\($0.reason))" }.joined(separator: "; ")).")
        }
        return try cropCall { () throws(CropIndexError) in
            try YieldRegression.fit(predictors: predictors, rows: used.map { [$0.degreeDays, $0.precipitationMm] }, yields: used.map(\.yield))
        }
    }

    static func report(_ model: YieldRegression, region: String, weather: YieldSeasonWeather, year: Int, target: (gdd: Double, rain: Double),
                       used: [YieldForecastReport.Year], skipped: [YieldForecastReport.Skipped], sources: [String]) -> YieldForecastReport {
        let x = [target.gdd, target.rain]
        let p80 = model.predict(x, level: 0.8), p95 = model.predict(x, level: 0.95)
        let request = weather.request
        return YieldForecastReport(
            region: region, crop: request.crop.id, h3Index: Spatial.hex(weather.cell), baseTemperature: request.degreeDays.base,
            upperTemperature: request.degreeDays.cap, method: request.degreeDays.method, seasonStart: weather.start.description,
            seasonEnd: weather.end.description, predictors: predictors,
            forecast: .init(year: year, degreeDays: target.gdd, precipitationMm: target.rain, yield: p80.mean,
                            interval80: .init(low: p80.low, high: p80.high), interval95: .init(low: p95.low, high: p95.high)),
            model: summary(model, used: used), yearsUsed: used, skipped: skipped, sources: sources)
    }

    /// Coefficients with the conventional intercept, R² = 1 − RSS/TSS, and the leave-one-out RMSE (null where a year
    /// alone decides a coefficient, leverage 1).
    static func summary(_ model: YieldRegression, used: [YieldForecastReport.Year]) -> YieldForecastReport.Model {
        let yields = used.map(\.yield)
        let mean = yields.reduce(0, +) / Double(yields.count)
        let total = yields.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let residual = model.residualStandardError * model.residualStandardError * Double(model.degreesOfFreedom)
        let slopes = Array(model.coefficients.dropFirst()), errors = model.standardErrors
        let intercept = model.coefficients[0] - zip(slopes, model.means).reduce(0) { $0 + $1.0 * $1.1 }
        var coefficients = [YieldForecastReport.Coefficient(name: "intercept", value: intercept, standardError: nil)]
        for (j, name) in model.predictors.enumerated() {
            coefficients.append(.init(name: name, value: slopes[j], standardError: errors[j + 1]))
        }
        let rmse = model.leaveOneOutRMSE(rows: used.map { [$0.degreeDays, $0.precipitationMm] }, yields: yields)
        return .init(n: model.observations, rSquared: 1 - residual / total, residualStandardError: model.residualStandardError,
                     degreesOfFreedom: model.degreesOfFreedom, leaveOneOutRmse: rmse.isFinite ? rmse : nil, coefficients: coefficients)
    }

    /// The cell of `h3`, or the `resolution` cell of `lat`/`lng`.
    static func cell(_ parameters: QueryParameters, resolution: Int) throws -> UInt64 {
        if let cell = try parameters.cell("h3") { return cell }
        guard let lat = try parameters.number("lat"), let lng = try parameters.number("lng") else {
            throw EcoError.badRequest("Give the region's cell as h3=871fb4673ffffff, or a point as lat=48.85&lng=2.35 (with resolution=, default 7).")
        }
        guard (-90...90).contains(lat), (-180...180).contains(lng) else {
            throw EcoError.badRequest("lat must be within -90…90 and lng within -180…180; got \(lat), \(lng).")
        }
        return Spatial.parent(of: Spatial.cell15(lat: lat, lng: lng), resolution: resolution)
    }

    /// The history rows of `crop` in one region (the `region` parameter, or the only region of the history), by year.
    static func records(_ history: [YieldRecord], crop: String, region: String?) throws -> (String, [YieldRecord]) {
        let all = history.filter { $0.crop == crop }
        let regions = Set(all.map(\.region)).sorted()
        guard let chosen = region ?? (regions.count == 1 ? regions[0] : nil) else {
            throw EcoError.badRequest(regions.isEmpty
                ? "The yield history has no \(crop) rows; post the CSV region,crop,year,yield,unit,source with rows of crop \(crop)."
                : "The yield history holds \(crop) for \(regions.joined(separator: ", ")); choose one with region=.")
        }
        let rows = all.filter { $0.region == chosen }.sorted { $0.year < $1.year }
        guard !rows.isEmpty else { throw EcoError.badRequest("The yield history has no \(crop) rows for region '\(chosen)'; it has \(regions.joined(separator: ", ")).") }
        return (chosen, rows)
    }
}
