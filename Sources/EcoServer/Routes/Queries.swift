import EcoCore

/// The API's reads without HTTP, for `ecotrack query`: the same code paths and the same
/// answers (as JSON values) as the routes.
public struct Queries: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case observations, latest, timeseries, cells, variables
    }

    let services: AppServices

    public init(services: AppServices) {
        self.services = services
    }

    /// Runs one read; `parameters` are the route's query parameters (and `h3` for timeseries).
    /// Errors are `Problem`s whose `detail` says what to fix.
    public func run(_ kind: Kind, parameters values: [String: String]) async throws -> JSONValue {
        let parameters = QueryParameters(values)
        switch kind {
        case .observations:
            return try JSONValue(encodable: try await ObservationQueryRoutes(services: services).page(parameters: parameters))
        case .latest:
            return try JSONValue(encodable: try await ObservationQueryRoutes(services: services).latest(parameters: parameters))
        case .timeseries:
            let cell = try parameters.required("h3", example: "872830828ffffff")
            return try JSONValue(encodable: try await TimeseriesRoutes(services: services).timeseries(cell: cell, parameters: parameters))
        case .cells:
            let (_, data) = try await CellRoutes(services: services).cells(parameters: parameters)
            return try JSONValue(encodable: Page(data: data, pagination: Pagination(limit: data.count, nextCursor: nil, hasMore: false)))
        case .variables:
            let data = services.catalogue.all.map(VariableRoutes.VariableDTO.init)
            return try JSONValue(encodable: Page(data: data, pagination: Pagination(limit: data.count, nextCursor: nil, hasMore: false)))
        }
    }
}
