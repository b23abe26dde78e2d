import EcoCore
@testable import EcoPipeline
@testable import EcoServer
import Foundation
import Logging
import Testing

/// OpenID Connect provider tokens (issue #21) verified against a JWKS served on 127.0.0.1 by the test:
/// the three algorithms, claims mapped by configuration, rotation, caching and the refetch limit.
@Suite struct ProviderTokenTests {
    static let issuer = "https://id.example.org/auth/v1"

    static func settings(_ server: JWKSServer) -> ExternalTokenSettings {
        var settings = ExternalTokenSettings(jwksURL: server.url, issuer: issuer, audience: "authenticated")
        settings.roleClaim = "app_metadata.ecotrack_role"
        settings.roleMap = ["analyst": .analyst, "boss": .admin]
        settings.organizationClaim = "app_metadata.organization"
        settings.cacheSeconds = 600
        settings.refetchSeconds = 30
        return settings
    }

    static func claims(nowMs: Int64, role: String? = "analyst", organization: String? = "acme",
                       issuer: String = issuer, audience: Any = "authenticated", lifetimeSeconds: Int64 = 300) -> [String: Any] {
        var metadata: [String: Any] = [:]
        if let role { metadata["ecotrack_role"] = role }
        if let organization { metadata["organization"] = organization }
        let now = nowMs / 1000
        return ["sub": "user-123", "iss": issuer, "aud": audience, "iat": now, "exp": now + lifetimeSeconds,
                "email": "ana@example.org", "role": "authenticated", "app_metadata": metadata]
    }

    /// Generous: on a machine busy with the whole suite a loopback fetch can take seconds, and a timed-out
    /// fetch would be (correctly) reported as the provider being unavailable.
    static let fetchTimeout: Duration = .seconds(60)

    static func quietLogger() -> Logger {
        var logger = Logger(label: "oidc-test")
        logger.logLevel = .critical
        return logger
    }

    @Test func tokensOfEachAlgorithmVerifyAndTheirClaimsBecomeRoleAndOrganization() async throws {
        try await JWKSServer.with { server in
            let keys = [try await ProviderSigningKey.es256(kid: "ec-1"), try await ProviderSigningKey.rs256(kid: "rsa-1"),
                        try await ProviderSigningKey.eddsa(kid: "ed-1")]
            server.publish(keys.map(\.jwk))
            let (clock, _) = WallClock.manual(startingAtMs: 1_765_000_000_000)
            let tokens = try ExternalTokens(settings: Self.settings(server), clock: clock, logger: Self.quietLogger(), fetchTimeout: Self.fetchTimeout)
            for key in keys {
                let identity = try await tokens.identify(try await key.sign(Self.claims(nowMs: clock.nowMs())))
                let user = try #require(identity.user)
                #expect(user.id == "oidc:user-123" && user.email == "ana@example.org", "\(key.algorithm)")
                #expect(user.role == .analyst && user.organization == "acme", "\(key.algorithm): \(user)")
                #expect(identity.credential == .providerToken(issuer: Self.issuer))
                #expect(identity.permissions == Role.analyst.permissions)
            }
            let admin = try await tokens.identify(try await keys[0].sign(Self.claims(nowMs: clock.nowMs(), role: "boss", organization: nil)))
            #expect(admin.user?.role == .admin && admin.user?.organization == nil)
            #expect(server.requests == 1, "one fetch serves every key of the set")
        }
    }

    @Test func badTokensAreRefusedWithTheReason() async throws {
        try await JWKSServer.with { server in
            let ec = try await ProviderSigningKey.es256(kid: "ec-1")
            let rsa = try await ProviderSigningKey.rs256(kid: "rsa-1")
            let stranger = try await ProviderSigningKey.es256(kid: "ec-1")
            server.publish([ec.jwk, rsa.jwk])
            let (clock, _) = WallClock.manual(startingAtMs: 1_765_000_000_000)
            let tokens = try ExternalTokens(settings: Self.settings(server), clock: clock, logger: Self.quietLogger(), fetchTimeout: Self.fetchTimeout)
            let now = clock.nowMs()
            func refusal(_ token: String) async -> ExternalTokenError? {
                do { _ = try await tokens.identify(token); return nil } catch { return error }
            }
            #expect(await refusal(try await ec.sign(Self.claims(nowMs: now, lifetimeSeconds: -1))) == .expired)
            #expect(await refusal(try await ec.sign(Self.claims(nowMs: now, issuer: "https://evil.example"))) == .wrongIssuer)
            #expect(await refusal(try await ec.sign(Self.claims(nowMs: now, audience: ["other"]))) == .wrongAudience)
            #expect(await refusal(try await ec.sign(Self.claims(nowMs: now, role: "intern"))) == .unmappedRole("intern"))
            #expect(await refusal(try await stranger.sign(Self.claims(nowMs: now))) == .badSignature, "same kid, another private key")
            // An ES256 token whose header names the RSA key: refused before any verification.
            #expect(await refusal(try await ec.sign(Self.claims(nowMs: now), kid: "rsa-1")) == .algorithmMismatch(token: "ES256", key: "RS256"))
            let good = try await ec.sign(Self.claims(nowMs: now))
            let parts = good.split(separator: ".").map(String.init)
            let none = Base64URL.encode(Data(#"{"alg":"none","kid":"ec-1"}"#.utf8))
            #expect(await refusal("\(none).\(parts[1]).") == .unsupportedAlgorithm("none"))
            let tampered = Base64URL.encode(Data(#"{"sub":"admin","iss":"\#(Self.issuer)","aud":"authenticated","exp":9999999999}"#.utf8))
            #expect(await refusal("\(parts[0]).\(tampered).\(parts[2])") == .badSignature, "claims changed after signing")
            #expect(await refusal(good) == nil)
        }
    }

    @Test func aRotatedKeyIsFetchedOnItsFirstTokenAndUnknownKeyIdsAreRateLimited() async throws {
        try await JWKSServer.with { server in
            let old = try await ProviderSigningKey.es256(kid: "2026-11")
            let new = try await ProviderSigningKey.eddsa(kid: "2026-12")
            server.publish([old.jwk])
            let (clock, control) = WallClock.manual(startingAtMs: 1_765_000_000_000)
            let tokens = try ExternalTokens(settings: Self.settings(server), clock: clock, logger: Self.quietLogger(), fetchTimeout: Self.fetchTimeout)
            _ = try await tokens.identify(try await old.sign(Self.claims(nowMs: clock.nowMs())))
            #expect(server.requests == 1)

            // The provider rotates: the new key replaces the old one. Its first token causes a fetch at once.
            server.publish([new.jwk])
            control.advance(byMs: 60_000)
            _ = try await tokens.identify(try await new.sign(Self.claims(nowMs: clock.nowMs())))
            #expect(server.requests == 2, "unknown kid → refetch")
            // The withdrawn key no longer verifies.
            await #expect(throws: ExternalTokenError.unknownKey("2026-11")) {
                _ = try await tokens.identify(try await old.sign(Self.claims(nowMs: clock.nowMs())))
            }
            // …and within oidcRefetchSeconds of the last fetch, unknown kids cause no further fetches.
            for kid in ["forged-1", "forged-2", "forged-3"] {
                await #expect(throws: ExternalTokenError.unknownKey(kid)) {
                    _ = try await tokens.identify(try await new.sign(Self.claims(nowMs: clock.nowMs()), kid: kid))
                }
            }
            #expect(server.requests == 2, "rate-limited: \(server.requests) fetches")
            control.advance(byMs: 30_000)
            await #expect(throws: ExternalTokenError.unknownKey("forged-4")) {
                _ = try await tokens.identify(try await new.sign(Self.claims(nowMs: clock.nowMs()), kid: "forged-4"))
            }
            #expect(server.requests == 3, "after oidcRefetchSeconds an unknown kid may fetch again")
        }
    }

    @Test func keysAreKeptForMaxAgeAndHeldThroughAnOutage() async throws {
        try await JWKSServer.with { server in
            let key = try await ProviderSigningKey.rs256(kid: "rsa-1")
            server.publish([key.jwk], cacheControl: "public, max-age=120")
            let (clock, control) = WallClock.manual(startingAtMs: 1_765_000_000_000)
            let tokens = try ExternalTokens(settings: Self.settings(server), clock: clock, logger: Self.quietLogger(), fetchTimeout: Self.fetchTimeout)
            for _ in 0..<5 {
                _ = try await tokens.identify(try await key.sign(Self.claims(nowMs: clock.nowMs())))
                control.advance(byMs: 20_000)
            }
            #expect(server.requests == 1, "within max-age the keys are not fetched again")
            control.advance(byMs: 30_000) // 130 s after the fetch: stale.
            _ = try await tokens.identify(try await key.sign(Self.claims(nowMs: clock.nowMs())))
            #expect(server.requests == 2, "fetched again once max-age passed")

            // The provider goes down: the keys held keep working, and the failed fetch is not retried at once.
            server.fail(with: 503)
            control.advance(byMs: 121_000)
            _ = try await tokens.identify(try await key.sign(Self.claims(nowMs: clock.nowMs())))
            _ = try await tokens.identify(try await key.sign(Self.claims(nowMs: clock.nowMs())))
            #expect(server.requests == 3)
        }
    }

    @Test func withoutAnyKeysTheProviderIsReportedUnavailable() async throws {
        try await JWKSServer.with { server in
            let key = try await ProviderSigningKey.es256(kid: "ec-1")
            server.fail(with: 500)
            let (clock, _) = WallClock.manual(startingAtMs: 1_765_000_000_000)
            let tokens = try ExternalTokens(settings: Self.settings(server), clock: clock, logger: Self.quietLogger(), fetchTimeout: Self.fetchTimeout)
            await #expect(throws: ExternalTokenError.providerUnavailable) {
                _ = try await tokens.identify(try await key.sign(Self.claims(nowMs: clock.nowMs())))
            }
        }
    }

    @Test func keysOfOtherKindsInTheSetAreSkippedAndTheRestKept() async throws {
        let ec = try await ProviderSigningKey.es256(kid: "ec-1")
        let others: [[String: String]] = [
            ["kty": "oct", "kid": "hmac", "k": "c2VjcmV0"],
            ["kty": "RSA", "kid": "enc", "use": "enc", "n": "AQAB", "e": "AQAB"],
            ["kty": "EC", "crv": "P-384", "kid": "p384", "x": "AA", "y": "AA"],
            ["kty": "RSA", "kid": "pss", "alg": "PS256", "n": "AQAB", "e": "AQAB"],
            ["kty": "EC", "crv": "P-256", "kid": "broken", "x": "AA", "y": "AA"],
        ]
        let body = try JSONSerialization.data(withJSONObject: ["keys": others + [ec.jwk]])
        let keys = try await JWKSKeySet.parse(body, logger: Self.quietLogger())
        #expect(keys.keys.sorted() == ["ec-1"])
        #expect(keys["ec-1"]?.algorithm == "ES256")
    }

    @Test func theServerAcceptsProviderTokensAndAppliesTheMappedRole() async throws {
        try await JWKSServer.with { server in
            let key = try await ProviderSigningKey.es256(kid: "ec-1")
            server.publish([key.jwk])
            try await LiveServer.with(configure: { $0.externalTokens = Self.settings(server) }) { live in
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                let analyst = try await key.sign(Self.claims(nowMs: now))
                let me = try await live.request("GET", "/api/v1/auth/me", as: .bearer(analyst))
                #expect(me.status == 200, "\(me.text)")
                let body = try me.json()
                #expect(body["credential"] as? String == "provider_token")
                let user = try #require(body["user"] as? [String: Any])
                #expect(user["role"] as? String == "analyst" && user["organization"] as? String == "acme", "\(user)")
                let audit = try await live.request("GET", "/api/v1/audit", as: .bearer(analyst))
                #expect(audit.status == 403, "an analyst is not an admin: \(audit.status)")
                let expired = try await key.sign(Self.claims(nowMs: now, lifetimeSeconds: -10))
                let refused = try await live.request("GET", "/api/v1/auth/me", as: .bearer(expired))
                #expect(refused.status == 401 && refused.text.contains("expired"), "\(refused.status) \(refused.text)")
                // The organization named by the claim is disabled: its members' provider tokens are refused too.
                try await live.services.store.createOrganization(Organization(id: "acme", name: "Acme", createdAtMs: now, disabledAtMs: now))
                let disabled = try await live.request("GET", "/api/v1/auth/me", as: .bearer(analyst))
                #expect(disabled.status == 401 && disabled.text.contains("disabled"), "\(disabled.status) \(disabled.text)")
            }
        }
    }

    @Test func configurationKeysAreReadAndChecked() throws {
        let sources = ConfigurationSources(environment: [
            "ECOTRACK_OIDC_JWKS_URL": "https://id.example.org/jwks.json", "ECOTRACK_OIDC_ISSUER": Self.issuer,
            "ECOTRACK_OIDC_AUDIENCE": "authenticated", "ECOTRACK_OIDC_ROLE_MAP": "authenticated=viewer, boss=admin",
            "ECOTRACK_OIDC_ORGANIZATION_CLAIM": "app_metadata.org", "ECOTRACK_OIDC_REFETCH_SECONDS": "10",
        ])
        let settings = try #require(try sources.resolve().externalTokens)
        #expect(settings.roleMap == ["authenticated": .viewer, "boss": .admin])
        #expect(settings.organizationClaim == "app_metadata.org" && settings.refetchSeconds == 10 && settings.cacheSeconds == 600)
        #expect(try ConfigurationSources().resolve().externalTokens == nil)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationSources(file: ["oidcJwksUrl": "https://id.example.org/jwks.json"]).resolve()
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationSources(file: ["oidcJwksUrl": "http://id.example.org/jwks.json", "oidcIssuer": "x", "oidcAudience": "y",
                                            "oidcDefaultRole": "viewer"]).resolve()
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationSources(file: ["oidcJwksUrl": "https://id.example.org/jwks.json", "oidcIssuer": "x", "oidcAudience": "y",
                                            "oidcRoleMap": "a=emperor"]).resolve()
        }
    }
}
