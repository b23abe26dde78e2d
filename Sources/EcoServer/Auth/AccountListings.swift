import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Logging

/// The same listings the HTTP API returns, for `ecotrack users|keys|audit` to print.
public enum AccountListings {
    public static func users(_ services: AppServices) async throws -> JSONValue {
        try page(try await services.store.users().map(UserDTO.init))
    }

    /// Keys of the user with `email`, or every key.
    public static func keys(_ services: AppServices, email: String?) async throws -> JSONValue {
        var userID: String?
        if let email {
            guard let user = try await services.store.user(email: email) else { throw AccountError("No user has e-mail \(email).") }
            userID = user.id
        }
        return try page(try await services.store.keys(userID: userID).map(KeyDTO.init))
    }

    public static func audit(_ services: AppServices, limit: Int) async throws -> JSONValue {
        try page(try await services.store.audit(before: nil, limit: limit).map(AuditDTO.init))
    }

    /// The user with `email`, or a readable error.
    public static func user(_ services: AppServices, email: String) async throws -> User {
        guard let user = try await services.store.user(email: email) else { throw AccountError("No user has e-mail \(email); `ecotrack users list` shows them.") }
        return user
    }

    /// Records an action taken from the command line (actor `cli`).
    public static func audit(_ services: AppServices, action: String, target: String?, outcome: String = "success", detail: String? = nil) async {
        let entry = AuditEntry(atMs: services.clock.nowMs(), actor: "cli", actorEmail: ProcessInfo.processInfo.environment["USER"],
                               action: action, target: target, clientIP: "local", outcome: outcome, detail: detail)
        await services.access.audit.record(entry, logger: .init(label: "ecotrack.audit"))
    }

    private static func page<T: Encodable & Sendable>(_ items: [T]) throws -> JSONValue {
        try JSONValue(encodable: Page(data: items, pagination: Pagination(limit: items.count, nextCursor: nil, hasMore: false)))
    }
}

/// A command-line account problem, with the sentence to show.
public struct AccountError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
