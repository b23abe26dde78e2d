import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
@testable import EcoServer
import EcoStore
import Foundation
import Testing

@Suite struct AuthTokenTests {
    static let secret = "a-test-secret-that-is-long-enough-for-hs256"

    @Test func aFreshTokenVerifiesToItsUser() async throws {
        let tokens = await SessionTokens(secret: Self.secret)
        let (token, expiresAt) = try await tokens.issue(userID: "user-1")
        #expect(try await tokens.verify(token) == "user-1")
        #expect(expiresAt.timeIntervalSinceNow > 800)
    }

    @Test func expiredTokensAreRefused() async throws {
        let tokens = await SessionTokens(secret: Self.secret)
        let (token, _) = try await tokens.issue(userID: "u", now: Date().addingTimeInterval(-3600))
        await #expect(throws: SessionTokenError.expired) { try await tokens.verify(token) }
    }

    @Test func tokensNotYetValidAreRefused() async throws {
        let tokens = await SessionTokens(secret: Self.secret)
        let (token, _) = try await tokens.issue(userID: "u", now: Date().addingTimeInterval(600))
        await #expect(throws: SessionTokenError.notYetValid) { try await tokens.verify(token) }
    }

    @Test func tokensForAnotherAudienceOrIssuerAreRefused() async throws {
        let tokens = await SessionTokens(secret: Self.secret)
        let (otherAudience, _) = try await SessionTokens(secret: Self.secret, audience: "another-api").issue(userID: "u")
        await #expect(throws: SessionTokenError.wrongAudience) { try await tokens.verify(otherAudience) }
        let (otherIssuer, _) = try await SessionTokens(secret: Self.secret, issuer: "someone-else").issue(userID: "u")
        await #expect(throws: SessionTokenError.wrongIssuer) { try await tokens.verify(otherIssuer) }
    }

    @Test func tokensSignedWithAnotherSecretAreRefused() async throws {
        let tokens = await SessionTokens(secret: Self.secret)
        let (forged, _) = try await SessionTokens(secret: "another-secret-that-is-also-long-enough").issue(userID: "u")
        await #expect(throws: SessionTokenError.badSignature) { try await tokens.verify(forged) }
    }

    @Test(arguments: ["none", "HS512", "RS256"])
    func tokensWithAnotherAlgorithmAreRefused(algorithm: String) async throws {
        let tokens = await SessionTokens(secret: Self.secret)
        let (genuine, _) = try await tokens.issue(userID: "u")
        let parts = genuine.split(separator: ".")
        let header = Base64URL.encode(Data(#"{"alg":"\#(algorithm)","typ":"JWT"}"#.utf8))
        // `alg: none` with no signature, and the genuine signature under a switched header.
        for forged in ["\(header).\(parts[1]).", "\(header).\(parts[1]).\(parts[2])"] {
            await #expect(throws: SessionTokenError.unsupportedAlgorithm) { try await tokens.verify(forged) }
        }
    }

    @Test func passwordLoginIssuesATokenThatActsAsTheUserAndIsAudited() async throws {
        try await LiveServer.with { (server: LiveServer) async throws in
            let accounts = Accounts(store: server.services.store, tokens: server.services.access.tokens, bcryptCost: 4)
            _ = try await accounts.createUser(email: "Person@Login.invalid", role: .analyst, password: "correct horse battery")
            let wrong = try await server.request("POST", "/api/v1/auth/login", body: #"{"email":"person@login.invalid","password":"wrong password!"}"#,
                                                 contentType: "application/json", as: .none)
            #expect(wrong.status == 401)
            let unknown = try await server.request("POST", "/api/v1/auth/login", body: #"{"email":"nobody@login.invalid","password":"whatever it is"}"#,
                                                   contentType: "application/json", as: .none)
            #expect(unknown.status == 401)
            #expect(unknown.text.contains("e-mail or password"))
            let login = try await server.request("POST", "/api/v1/auth/login", body: #"{"email":"person@login.invalid","password":"correct horse battery"}"#,
                                                 contentType: "application/json", as: .none)
            #expect(login.status == 200)
            let token = try #require(try login.json()["accessToken"] as? String)
            let me = try await server.request("GET", "/api/v1/auth/me", as: .bearer(token))
            #expect(me.status == 200)
            #expect(me.text.contains("session_token"))
            #expect(try await server.request("GET", "/api/v1/users", as: .bearer(token)).status == 403)
            #expect(try await server.request("GET", "/api/v1/auth/me", as: .bearer(token + "x")).status == 401)
            let audit = try await server.services.store.audit(before: nil, limit: 10).filter { $0.action == "login" }
            #expect(audit.map(\.outcome) == ["success", "failure", "failure"])
            #expect(audit.allSatisfy { $0.clientIP == "127.0.0.1" })
        }
    }

    @Test(arguments: ["short", String(repeating: "x", count: 73)])
    func passwordsOutsideBcryptsRangeAreRefused(password: String) async throws {
        await #expect(throws: (any Error).self) { try await Accounts.hash(password, cost: 4) }
    }
}
