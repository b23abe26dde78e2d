import EcoCore
import EcoForecast
import EcoStore
import Foundation
import Logging

/// Forecasts of stored series, persisted and reused until new data arrives; shared by the
/// forecast route and the background refresher.
public struct ForecastService: Sendable {
    let store: any ObservationStore & ForecastStore
    let variables: VariableRegistry

    public init(store: any ObservationStore & ForecastStore, variables: VariableRegistry) {
        self.store = store
        self.variables = variables
    }
    /// Longest history read for a stored-series forecast, in days, unless the request says otherwise.
    static let defaultHistoryDays = 60

    /// A forecast request in canonical form; its `key` identifies the stored run and can be parsed back.
    public struct Request: Sendable, Equatable {
        var cell: UInt64
        var variable: String
        var horizon: Int
        var model: ForecastModelChoice
        var season: Int?
        var historyDays: Int
        /// Organizations whose series the forecast may use (nil: all). Part of the key, so a
        /// forecast built on restricted data is never served to someone outside the organization.
        var scope: Set<String>?

        /// `h3=…&variable=…&horizon=…&model=…&season=…&historyDays=…&scope=…`, fields in fixed order.
        var key: String {
            let scopeText = scope.map { $0.sorted().map { $0.isEmpty ? "public" : "org:\($0)" }.joined(separator: ",") } ?? "all"
            return "h3=\(Spatial.hex(cell))&variable=\(variable)&horizon=\(horizon)&model=\(model.rawValue)&season=\(season.map(String.init) ?? "")&historyDays=\(historyDays)&scope=\(scopeText)"
        }

        /// Reads and checks a request from query parameters (or a stored key's parameters).
        public init(_ parameters: QueryParameters, catalogue: VariableCatalogue) throws {
            let filter = try parameters.seriesFilter(catalogue: catalogue, requireVariable: true)
            guard let cell = try parameters.cell("h3") else {
                throw EcoError.badRequest("Query parameter 'h3' is required, e.g. h3=872830828ffffff (any resolution).")
            }
            self.cell = cell
            variable = filter.variable!
            horizon = try parameters.int("horizon", default: 24, range: 1...10_000)
            model = try parameters.choice("model", default: .auto)
            season = parameters.string("season") == nil ? nil : try parameters.int("season", default: 24, range: 1...10_000)
            historyDays = try parameters.int("historyDays", default: ForecastService.defaultHistoryDays, range: 2...3650)
            scope = parameters.readableOrganizations
        }

        init(key: String, catalogue: VariableCatalogue) throws {
            var values: [String: String] = [:]
            for pair in key.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, !parts[1].isEmpty { values[String(parts[0])] = String(parts[1]) }
            }
            try self.init(QueryParameters(values), catalogue: catalogue)
            switch values["scope"] ?? "all" {
            case "all": scope = nil
            case let text: scope = Set(text.split(separator: ",").map { $0 == "public" ? "" : String($0.dropFirst(4)) })
            }
        }
    }

    /// The forecast body, from the stored run when its data is still current, else computed and stored.
    /// `cached` tells which.
    public func forecast(_ request: Request, nowMs: Int64) async throws -> (body: ForecastDocument.Body, cached: Bool) {
        let catalogue = variables.catalogue
        guard let variable = catalogue[request.variable] else { throw EcoError.badRequest("Unknown variable '\(request.variable)'.") }
        var filter = SeriesFilter(variable: variable.name, cellRanges: [Spatial.range15(of: request.cell)])
        filter.organizations = request.scope
        let series = try await store.series(matching: filter)
        guard let dataVersion = series.map(\.lastObservedAtMs).max() else {
            throw EcoError.notFound("No \(variable.name) series lies in cell \(Spatial.hex(request.cell)); GET /api/v1/cells?variable=\(variable.name) shows where there is data.")
        }
        if let stored = try await store.forecast(key: request.key), stored.dataVersionMs == dataVersion,
           let body = try? JSONDecoder().decode(ForecastDocument.Body.self, from: Data(stored.bodyJSON.utf8)) {
            try await store.touchForecast(key: request.key, atMs: nowMs)
            return (body, true)
        }
        let window = TimeWindow(startMs: dataVersion - Int64(request.historyDays) * 86_400_000, endMs: dataVersion + 1)
        let buckets = try await store.buckets(of: series.map(\.id), window: window, bucket: .hour, rawValueLimit: 0).buckets
        var options = ForecastOptions(horizon: request.horizon, model: request.model, seasonLength: request.season)
        options.validRange = ForecastDocument.validRange(variable)
        let forecast = try ForecastDocument.run(timestamps: buckets.map(\.startMs), values: buckets.map { $0.stats.mean ?? .nan }, options: options)
        var body = ForecastDocument.body(forecast, cell: request.cell, variable: variable)
        body.runId = UUID().uuidString.lowercased()
        body.createdAt = Timestamp.format(ms: nowMs)
        body.dataUntil = Timestamp.format(ms: dataVersion)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let parameters = String(decoding: try encoder.encode(forecast.model.parameters), as: UTF8.self)
        try await store.save(StoredForecast(key: request.key, dataVersionMs: dataVersion, runID: body.runId ?? "", modelName: forecast.model.name,
                                            parametersJSON: parameters, bodyJSON: String(decoding: try encoder.encode(body), as: UTF8.self),
                                            createdAtMs: nowMs, lastRequestedAtMs: nowMs))
        return (body, false)
    }

    /// Recomputes watched forecasts (asked for within `watchWindowMs`) whose data has changed;
    /// returns how many were refreshed.
    func refreshWatched(nowMs: Int64, watchWindowMs: Int64 = 7 * 86_400_000, limit: Int = 200, logger: Logger) async -> Int {
        guard let watched = try? await store.watchedForecasts(sinceMs: nowMs - watchWindowMs, limit: limit) else { return 0 }
        var refreshed = 0
        for stored in watched {
            do {
                let request = try Request(key: stored.key, catalogue: variables.catalogue)
                let (_, cached) = try await forecast(request, nowMs: stored.lastRequestedAtMs)
                if !cached { refreshed += 1 }
            } catch {
                logger.warning("forecast refresh failed", metadata: ["key": "\(stored.key)", "error": "\(error)"])
            }
        }
        return refreshed
    }
}
