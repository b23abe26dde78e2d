import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// The variable catalogue.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/variables | every variable with unit, domain, valid range, aggregation and accepted units |
/// | POST | /api/v1/variables | register a user variable |
struct VariableRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/variables", .readPublic, use: list)
        group.post("/variables", .writeData, use: create)
    }

    struct VariableDTO: Codable, Sendable {
        var name: String
        var unit: String
        var domain: Domain
        var validMin: Double?
        var validMax: Double?
        var aggregation: Aggregation?
        var description: String?
        var builtIn: Bool?
        var acceptedUnits: [String]?

        init(_ variable: Variable) {
            name = variable.name
            unit = variable.unit
            domain = variable.domain
            validMin = variable.validMin
            validMax = variable.validMax
            aggregation = variable.aggregation
            description = variable.description
            builtIn = variable.builtIn
            acceptedUnits = UnitConverter.acceptedUnits(for: variable)
        }

        var variable: Variable {
            Variable(name: name, unit: unit, domain: domain, validMin: validMin, validMax: validMax,
                     aggregation: aggregation ?? .mean, description: description ?? "")
        }
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let data = services.catalogue.all.map(VariableDTO.init)
        return try JSONResponse.make(Page.whole(data, limit: try QueryParameters(request, context: context).optionalLimit(maximum: services.configuration.maxPageSize)))
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decode(as: VariableDTO.self, context: context)
        try await services.register(input.variable)
        let stored = services.catalogue[input.name] ?? input.variable
        return try JSONResponse.make(VariableDTO(stored), status: .created)
    }
}
