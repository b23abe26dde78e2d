import EcoCore
import Foundation
import JWTKit
import Logging

/// The provider's signing keys by `kid`, fetched from its JWKS URL and kept as long as `max-age` says
/// (else `cacheSeconds`). A token naming a `kid` not in the set causes a fetch at once, so a key the
/// provider just rotated in works on its first token; such fetches are at most one per `refetchSeconds`,
/// so forged key ids cannot turn into a flood of requests to the provider. Concurrent callers share one
/// fetch. When a fetch fails the keys already held stay in use (a provider outage does not log everyone out).
actor JWKSKeySet {
    /// A verification key and the one algorithm it is accepted for.
    struct Key: Sendable {
        var algorithm: String
        var keys: JWTKeyCollection
    }

    private let fetcher: JWKSFetcher
    private let cacheSeconds: Int
    private let refetchSeconds: Int
    private let clock: WallClock
    private let logger: Logger
    private var keys: [String: Key] = [:]
    private var staleAtMs: Int64 = .min
    private var lastAttemptMs: Int64?
    private var inFlight: Task<JWKSDocument, any Error>?
    /// Completed fetches (successful or not): for tests and the log.
    private(set) var fetchCount = 0

    init(fetcher: JWKSFetcher, cacheSeconds: Int, refetchSeconds: Int, clock: WallClock, logger: Logger) {
        self.fetcher = fetcher
        self.cacheSeconds = cacheSeconds
        self.refetchSeconds = refetchSeconds
        self.clock = clock
        self.logger = logger
    }

    /// The key `kid`, fetching the set first when it is stale or lacks `kid`.
    func key(kid: String, algorithm: String) async throws(ExternalTokenError) -> Key {
        let now = clock.nowMs()
        if (now >= staleAtMs || keys[kid] == nil) && mayFetch(now) { await refresh(now: now) }
        guard let key = keys[kid] else {
            throw keys.isEmpty && fetchCount > 0 ? .providerUnavailable : .unknownKey(kid)
        }
        guard key.algorithm == algorithm else { throw .algorithmMismatch(token: algorithm, key: key.algorithm) }
        return key
    }

    private func mayFetch(_ now: Int64) -> Bool {
        if inFlight != nil { return true }
        guard let lastAttemptMs else { return true }
        return now - lastAttemptMs >= Int64(refetchSeconds) * 1000
    }

    private func refresh(now: Int64) async {
        if let inFlight {
            _ = await inFlight.result
            return
        }
        lastAttemptMs = now
        let task = Task { [fetcher] in try await fetcher.fetch() }
        inFlight = task
        let result = await task.result
        inFlight = nil
        fetchCount += 1
        switch result {
        case let .success(document):
            do {
                keys = try await Self.parse(document.body, logger: logger)
                let lifetime = min(max(document.maxAgeSeconds ?? cacheSeconds, refetchSeconds), 86_400)
                staleAtMs = now + Int64(lifetime) * 1000
                logger.info("fetched \(keys.count) signing keys from \(fetcher.url) for \(lifetime) s", metadata: ["kids": "\(keys.keys.sorted())"])
            } catch {
                logger.warning("the JWKS from \(fetcher.url) is not usable (\(error)); keeping the \(keys.count) keys held")
            }
        case let .failure(error):
            logger.warning("fetching the JWKS from \(fetcher.url) failed (\(error)); keeping the \(keys.count) keys held")
        }
    }

    /// The usable signature keys of a JWKS document. Each key is read on its own, so one key of a type
    /// EcoTrack does not accept (an encryption key, HS256, RSA-PSS …) does not hide the others.
    static func parse(_ body: Data, logger: Logger) async throws -> [String: Key] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any], let entries = object["keys"] as? [Any] else {
            throw ExternalTokenError.malformedKeySet
        }
        var result: [String: Key] = [:]
        for entry in entries {
            guard let fields = entry as? [String: Any], let kid = fields["kid"] as? String,
                  (fields["use"] as? String ?? "sig") == "sig", let algorithm = algorithm(of: fields) else { continue }
            do {
                let jwk = try JSONDecoder().decode(JWK.self, from: JSONSerialization.data(withJSONObject: fields))
                let collection = JWTKeyCollection()
                try await collection.add(jwk: jwk)
                // Builds the verifier now, so a key with bad numbers is skipped here rather than failing tokens later.
                _ = try await collection.getKey(for: JWKIdentifier(string: kid), alg: algorithm)
                result[kid] = Key(algorithm: algorithm, keys: collection)
            } catch {
                logger.warning("skipping JWKS key \(kid): \(error)")
            }
        }
        return result
    }

    /// The accepted algorithm a JWK is for: its `alg`, or what its key type and curve imply.
    static func algorithm(of fields: [String: Any]) -> String? {
        let implied: String? = switch (fields["kty"] as? String, fields["crv"] as? String) {
        case ("RSA", _): "RS256"
        case ("EC", "P-256"): "ES256"
        case ("OKP", "Ed25519"): "EdDSA"
        default: nil
        }
        guard let implied else { return nil }
        if let stated = fields["alg"] as? String { return stated == implied ? stated : nil }
        return implied
    }
}
