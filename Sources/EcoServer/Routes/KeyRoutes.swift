import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// The caller's API keys (admins see and revoke everyone's).
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/keys | your keys (admins: `?all=true` for every key); never the secret |
/// | POST | /api/v1/keys | a new key for you; the key is in this response only |
/// | DELETE | /api/v1/keys/{id} | revoke a key: yours, or any as admin |
/// | POST | /api/v1/keys/{id}/rotate | replace a key (yours, or any as admin): the old one revoked, or kept for `graceSeconds` |
struct KeyRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/keys", .authenticated, use: list)
        group.post("/keys", .authenticated, audit: .byHandler, use: create)
        group.delete("/keys/:id", .authenticated, audit: .byHandler, use: revoke)
        group.post("/keys/:id/rotate", .authenticated, audit: .byHandler, use: rotate)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let all = QueryParameters(request, context: context).string("all") == "true"
        if all { try context.require(.adminAll, for: "Listing every user's keys") }
        let keys = try await services.store.keys(userID: all ? nil : user.id).map(KeyDTO.init)
        return try JSONResponse.make(Page.whole(keys, limit: try QueryParameters(request, context: context).optionalLimit(maximum: services.configuration.maxPageSize)))
    }

    struct CreateInput: Decodable, Sendable {
        var name: String
        /// Days until the key stops working; none means it lasts until revoked.
        var expiresInDays: Int?
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let input = try await request.decode(as: CreateInput.self, context: context)
        if let days = input.expiresInDays, !(1...3650).contains(days) {
            throw Problem(.unprocessableContent, detail: "expiresInDays must be between 1 and 3650.")
        }
        let expiresAt = input.expiresInDays.map { services.clock.now.addingTimeInterval(Double($0) * 86_400) }
        let (key, record) = try await services.access.accounts.createKey(for: user.id, name: input.name, expiresAt: expiresAt)
        await services.access.audit.record(context, action: "key.create", target: record.id, outcome: "success", detail: record.name)
        return try JSONResponse.make(CreatedKeyDTO(key: key.key, record: record), status: .created)
    }

    @Sendable func revoke(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        do {
            try await services.access.accounts.revokeKey(id, by: user)
        } catch {
            await services.access.audit.record(context, action: "key.revoke", target: id, outcome: "failure")
            throw error
        }
        await services.access.audit.record(context, action: "key.revoke", target: id, outcome: "success")
        return Response(status: .noContent)
    }

    struct RotateInput: Decodable, Sendable {
        /// Seconds the old key keeps working; none revokes it at once.
        var graceSeconds: Int?
        /// Days until the new key expires; none keeps the old key's expiry.
        var expiresInDays: Int?
    }

    struct RotatedKeyDTO: Encodable, Sendable {
        var key: CreatedKeyDTO
        var replaced: KeyDTO
    }

    @Sendable func rotate(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        let input = try await request.decode(as: RotateInput.self, context: context)
        let rotated: (key: APIKeyFormat.Generated, record: APIKeyRecord, replaced: APIKeyRecord)
        do {
            rotated = try await services.access.organizations.rotateKey(id, by: user, graceSeconds: input.graceSeconds, expiresInDays: input.expiresInDays)
        } catch {
            await services.access.audit.record(context, action: "key.rotate", target: String(id.prefix(64)), outcome: "failure")
            throw error
        }
        await services.access.audit.record(context, action: "key.rotate", target: id, outcome: "success",
                                           detail: "replacement=\(rotated.record.id) grace=\(input.graceSeconds ?? 0)s")
        return try JSONResponse.make(RotatedKeyDTO(key: CreatedKeyDTO(key: rotated.key.key, record: rotated.record), replaced: KeyDTO(rotated.replaced)),
                                     status: .created)
    }
}

/// A key as listed: everything but the secret, which is not stored.
struct KeyDTO: Encodable, Sendable {
    var id: String
    var userId: String
    var prefix: String
    var name: String
    var createdAt: String
    var expiresAt: String?
    var lastUsedAt: String?
    var revokedAt: String?

    init(_ record: APIKeyRecord) {
        id = record.id
        userId = record.userID
        prefix = record.prefix
        name = record.name
        createdAt = Timestamp.format(ms: record.createdAtMs)
        expiresAt = record.expiresAtMs.map(Timestamp.format(ms:))
        lastUsedAt = record.lastUsedAtMs.map(Timestamp.format(ms:))
        revokedAt = record.revokedAtMs.map(Timestamp.format(ms:))
    }
}

/// A new key: the listing fields plus the key itself, shown this once.
struct CreatedKeyDTO: Encodable, Sendable {
    var key: String
    var id: String
    var prefix: String
    var name: String
    var expiresAt: String?

    init(key: String, record: APIKeyRecord) {
        self.key = key
        id = record.id
        prefix = record.prefix
        name = record.name
        expiresAt = record.expiresAtMs.map(Timestamp.format(ms:))
    }
}
