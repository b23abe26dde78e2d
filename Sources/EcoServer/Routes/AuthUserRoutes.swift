import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// User administration (admin:all).
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/users | every user |
/// | POST | /api/v1/users | create a user; the response holds their first API key, shown once |
struct AuthUserRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/users", .adminAll, use: list)
        group.post("/users", .adminAll, audit: .byHandler, use: create)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let users = try await services.store.users().map(UserDTO.init)
        return try JSONResponse.make(Page.whole(users, limit: try QueryParameters(request, context: context).optionalLimit(maximum: services.configuration.maxPageSize)))
    }

    struct CreateInput: Decodable, Sendable {
        var email: String
        var role: Role
        var organization: String?
        var tier: QuotaTier?
        var password: String?
    }

    struct CreatedUserDTO: Encodable, Sendable {
        var user: UserDTO
        var key: CreatedKeyDTO
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decode(as: CreateInput.self, context: context)
        let created: (user: User, key: APIKeyFormat.Generated, record: APIKeyRecord)
        do {
            created = try await services.access.accounts.createUser(email: input.email, role: input.role, organization: input.organization,
                                                                    tier: input.tier ?? .free, password: input.password)
        } catch {
            await services.access.audit.record(context, action: "user.create", target: String(input.email.prefix(254)), outcome: "failure")
            throw error
        }
        await services.access.audit.record(context, action: "user.create", target: created.user.email, outcome: "success",
                                           detail: "role=\(created.user.role.rawValue) tier=\(created.user.tier.rawValue)")
        return try JSONResponse.make(CreatedUserDTO(user: UserDTO(created.user), key: CreatedKeyDTO(key: created.key.key, record: created.record)),
                                     status: .created)
    }
}
