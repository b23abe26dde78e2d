import _CryptoExtras
import EcoCore
@testable import EcoServer
import Foundation
import JWTKit
import Testing

/// A provider's private signing key for tests: signs tokens with its `kid` and gives its public JWK.
struct ProviderSigningKey: Sendable {
    let kid: String
    let algorithm: String
    /// The public key as the provider publishes it in its JWKS.
    let jwk: [String: String]
    private let signer: JWTKeyCollection

    static func es256(kid: String) async throws -> ProviderSigningKey {
        let key = ES256PrivateKey()
        let parameters = try #require(key.publicKey.parameters)
        let signer = JWTKeyCollection()
        await signer.add(ecdsa: key, kid: JWKIdentifier(string: kid))
        return ProviderSigningKey(kid: kid, algorithm: "ES256",
                                  jwk: ["kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "alg": "ES256", "x": parameters.x, "y": parameters.y],
                                  signer: signer)
    }

    static func rs256(kid: String) async throws -> ProviderSigningKey {
        let key = try Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        let primitives = try key.publicKey.getKeyPrimitives()
        let signer = JWTKeyCollection()
        await signer.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        // No `alg`: as many providers publish RSA keys; the key type implies RS256.
        return ProviderSigningKey(kid: kid, algorithm: "RS256",
                                  jwk: ["kty": "RSA", "kid": kid, "n": Base64URL.encode(primitives.modulus), "e": Base64URL.encode(primitives.publicExponent)],
                                  signer: signer)
    }

    static func eddsa(kid: String) async throws -> ProviderSigningKey {
        let key = try EdDSA.PrivateKey(curve: .ed25519)
        let signer = JWTKeyCollection()
        await signer.add(eddsa: key, kid: JWKIdentifier(string: kid))
        return ProviderSigningKey(kid: kid, algorithm: "EdDSA",
                                  jwk: ["kty": "OKP", "crv": "Ed25519", "kid": kid, "alg": "EdDSA", "x": Base64URL.encode(key.publicKey.rawRepresentation)],
                                  signer: signer)
    }

    /// A token with `claims`, naming `kid` (default: this key's) in its header.
    func sign(_ claims: [String: Any], kid: String? = nil) async throws -> String {
        try await signer.sign(AnyClaims(claims), kid: JWKIdentifier(string: kid ?? self.kid))
    }
}

/// Any JSON object as a JWT payload.
struct AnyClaims: JWTPayload {
    let json: Data
    init(_ claims: [String: Any]) { json = (try? JSONSerialization.data(withJSONObject: claims)) ?? Data("{}".utf8) }
    init(from decoder: any Decoder) throws { json = Data() }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(try JSONDecoder().decode(JSONValue.self, from: json))
    }
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
