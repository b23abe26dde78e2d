import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// Password login and the caller's own account.
///
/// | Method | Path | What |
/// |---|---|---|
/// | POST | /api/v1/auth/login | e-mail and password → short-lived bearer token (JWT, HS256) |
/// | GET | /api/v1/auth/me | who the credentials belong to: user, role, permissions, tier |
/// | POST | /api/v1/auth/password | set or change the caller's password |
struct AuthRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/auth/login", .anonymous, audit: .byHandler, use: login)
        group.get("/auth/me", .authenticated, use: me)
        group.post("/auth/password", .authenticated, audit: .byHandler, use: setPassword)
    }

    struct LoginInput: Decodable, Sendable {
        var email: String
        var password: String
    }

    struct TokenDTO: Encodable, Sendable {
        var accessToken: String
        var tokenType = "Bearer"
        var expiresAt: String
        var expiresIn: Int
    }

    @Sendable func login(request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decode(as: LoginInput.self, context: context)
        let email = String(input.email.prefix(254))
        guard let session = try await services.access.accounts.login(email: email, password: input.password) else {
            await services.access.audit.record(context, action: "login", target: email, outcome: "failure")
            throw Authenticator.unauthorized("The e-mail or password is wrong.")
        }
        var identified = context
        identified.auth.identity = Identity(user: session.user, credential: .sessionToken)
        await services.access.audit.record(identified, action: "login", target: session.user.email, outcome: "success")
        let seconds = Int(session.expiresAt.timeIntervalSinceNow.rounded())
        return try JSONResponse.make(TokenDTO(accessToken: session.token, expiresAt: Timestamp.format(ms: Accounts.ms(session.expiresAt)), expiresIn: seconds))
    }

    struct MeDTO: Encodable, Sendable {
        var authenticated: Bool
        var user: UserDTO?
        var credential: String?
        var permissions: [String]
        var tier: String
    }

    @Sendable func me(request: Request, context: AppRequestContext) async throws -> Response {
        guard let identity = context.identity else { throw Authenticator.unauthorized("Send your API key or token to see who it belongs to.") }
        let credential = switch identity.credential {
        case .apiKey: "api_key"
        case .sessionToken: "session_token"
        case .providerToken: "provider_token"
        case .metricsToken: "metrics_token"
        }
        return try JSONResponse.make(MeDTO(authenticated: true, user: identity.user.map(UserDTO.init), credential: credential,
                                           permissions: identity.permissions.map(\.rawValue).sorted(), tier: identity.tier.rawValue))
    }

    struct PasswordInput: Decodable, Sendable {
        var currentPassword: String?
        var newPassword: String
    }

    @Sendable func setPassword(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let input = try await request.decode(as: PasswordInput.self, context: context)
        do {
            try await services.access.accounts.setPassword(for: user, current: input.currentPassword, new: input.newPassword)
        } catch {
            await services.access.audit.record(context, action: "password.set", target: user.email, outcome: "failure")
            throw error
        }
        await services.access.audit.record(context, action: "password.set", target: user.email, outcome: "success")
        return Response(status: .noContent)
    }
}

/// A user as the API shows it: never the password hash.
struct UserDTO: Encodable, Sendable {
    var id: String
    var email: String
    var role: String
    var organization: String?
    var tier: String
    var createdAt: String
    var disabled: Bool
    var hasPassword: Bool

    init(_ user: User) {
        id = user.id
        email = user.email
        role = user.role.rawValue
        organization = user.organization
        tier = user.tier.rawValue
        createdAt = Timestamp.format(ms: user.createdAtMs)
        disabled = user.disabled
        hasPassword = user.passwordHash != nil
    }
}

extension AppRequestContext {
    /// The calling user, or a 401 problem (anonymous callers and the metrics token have none).
    func requireUser() throws -> User {
        guard let user = identity?.user else {
            throw Authenticator.unauthorized("This endpoint acts on your own account: send your API key or token.")
        }
        return user
    }
}
