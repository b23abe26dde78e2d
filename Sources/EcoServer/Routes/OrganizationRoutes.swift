import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// Organization management (admin:all; issue #21). Every change is audited by its handler
/// (`organization.create|update|delete`, `organization.member.set|remove`) with its outcome.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/organizations | every organization |
/// | POST | /api/v1/organizations | create one: `{id, name}` |
/// | GET | /api/v1/organizations/{id} | one organization and its members |
/// | PUT | /api/v1/organizations/{id} | rename, disable or enable: `{name, disabled}` |
/// | DELETE | /api/v1/organizations/{id} | delete one that has no members |
/// | PUT | /api/v1/organizations/{id}/members/{userId} | add or move a user, with a role: `{role}` |
/// | DELETE | /api/v1/organizations/{id}/members/{userId} | remove a user (their role stays) |
struct OrganizationRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/organizations", .adminAll, use: list)
        group.post("/organizations", .adminAll, audit: .byHandler, use: create)
        group.get("/organizations/:id", .adminAll, use: show)
        group.put("/organizations/:id", .adminAll, audit: .byHandler, use: update)
        group.delete("/organizations/:id", .adminAll, audit: .byHandler, use: delete)
        group.put("/organizations/:id/members/:userId", .adminAll, audit: .byHandler, use: setMember)
        group.delete("/organizations/:id/members/:userId", .adminAll, audit: .byHandler, use: removeMember)
    }

    private var admin: OrganizationAdmin { services.access.organizations }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let organizations = try await services.store.organizations().map(OrganizationDTO.init)
        return try JSONResponse.make(Page(data: organizations, pagination: Pagination(limit: organizations.count, nextCursor: nil, hasMore: false)))
    }

    struct CreateInput: Decodable, Sendable {
        var id: String
        var name: String
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decode(as: CreateInput.self, context: context)
        let organization = try await audited(context, "organization.create", target: input.id) {
            try await admin.create(id: input.id, name: input.name)
        }
        return try JSONResponse.make(OrganizationDTO(organization), status: .created)
    }

    struct DetailDTO: Encodable, Sendable {
        var organization: OrganizationDTO
        var members: [UserDTO]
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let organization = try await admin.organization(id)
        let members = try await admin.members(id).map(UserDTO.init)
        return try JSONResponse.make(DetailDTO(organization: OrganizationDTO(organization), members: members))
    }

    struct UpdateInput: Decodable, Sendable {
        var name: String
        var disabled: Bool
    }

    @Sendable func update(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let input = try await request.decode(as: UpdateInput.self, context: context)
        let organization = try await audited(context, "organization.update", target: id, detail: "disabled=\(input.disabled)") {
            try await admin.update(id, name: input.name, disabled: input.disabled)
        }
        return try JSONResponse.make(OrganizationDTO(organization))
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await audited(context, "organization.delete", target: id) { try await admin.delete(id) }
        return Response(status: .noContent)
    }

    struct MemberInput: Decodable, Sendable {
        var role: Role
    }

    @Sendable func setMember(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let userID = try context.parameters.require("userId")
        let input = try await request.decode(as: MemberInput.self, context: context)
        let user = try await audited(context, "organization.member.set", target: userID, detail: "organization=\(id) role=\(input.role.rawValue)") {
            try await admin.setMember(id, userID: userID, role: input.role)
        }
        return try JSONResponse.make(UserDTO(user))
    }

    @Sendable func removeMember(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let userID = try context.parameters.require("userId")
        _ = try await audited(context, "organization.member.remove", target: userID, detail: "organization=\(id)") {
            try await admin.removeMember(id, userID: userID)
        }
        return Response(status: .noContent)
    }

    /// Runs `change`, recording `action` with its outcome (`success`, or `failure` and the reason) either way.
    private func audited<T>(_ context: AppRequestContext, _ action: String, target: String, detail: String? = nil,
                            _ change: () async throws -> T) async throws -> T {
        let target = String(target.prefix(200))
        do {
            let result = try await change()
            await services.access.audit.record(context, action: action, target: target, outcome: "success", detail: detail)
            return result
        } catch {
            await services.access.audit.record(context, action: action, target: target, outcome: "failure",
                                               detail: [detail, "\(error)".prefix(300).description].compactMap { $0 }.joined(separator: "; "))
            throw error
        }
    }
}

/// An organization as the API shows it.
struct OrganizationDTO: Encodable, Sendable {
    var id: String
    var name: String
    var createdAt: String
    var disabledAt: String?

    init(_ organization: Organization) {
        id = organization.id
        name = organization.name
        createdAt = Timestamp.format(ms: organization.createdAtMs)
        disabledAt = organization.disabledAtMs.map(Timestamp.format(ms:))
    }
}
