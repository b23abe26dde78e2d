import EcoCore
import EcoStore

/// The API's reads without HTTP, for `ecotrack query`: the same services and the same answers (as
/// JSON values) as the routes.
public struct Queries: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case observations, latest, timeseries, cells, variables
    }

    let platform: Platform

    public init(platform: Platform) {
        self.platform = platform
    }

    /// Runs one read; `parameters` are the route's query parameters (and `h3` for timeseries).
    /// Errors are `EcoError`s whose message says what to fix.
    public func run(_ kind: Kind, parameters values: [String: String]) async throws -> JSONValue {
        let parameters = QueryParameters(values)
        switch kind {
        case .observations:
            return try JSONValue(encodable: try await platform.observationReads.page(parameters: parameters))
        case .latest:
            return try JSONValue(encodable: try await platform.observationReads.latest(parameters: parameters))
        case .timeseries:
            let cell = try parameters.required("h3", example: "872830828ffffff")
            return try JSONValue(encodable: try await platform.timeseries.timeseries(cell: cell, parameters: parameters))
        case .cells:
            let (_, data) = try await platform.cellAggregation.cells(parameters: parameters)
            return try JSONValue(encodable: Page.complete(data))
        case .variables:
            return try JSONValue(encodable: Page.complete(platform.catalogue.all.map(VariableDocument.init)))
        }
    }
}
