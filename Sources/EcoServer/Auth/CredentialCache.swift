import EcoCore
import Synchronization

/// Identities of credentials checked in the last few seconds, so a client sending the same API key
/// on every request costs one hash and a dictionary lookup instead of two store reads (two hops to
/// a reader thread) per request. A key revoked through this process is forgotten at once; one
/// revoked in another process (replicas on a shared store) stops working within `lifetime`.
public final class CredentialCache: Sendable {
    /// How long a checked credential is trusted without asking the store again.
    static let lifetimeMs: Int64 = 5_000
    static let capacity = 10_000

    private struct Entry {
        var identity: Identity
        var keyID: String?
        var checkedAtMs: Int64
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    /// The identity of the credential whose hash is `hash`, if checked within the lifetime.
    func identity(forHash hash: String, nowMs: Int64) -> Identity? {
        entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            guard nowMs - entry.checkedAtMs < Self.lifetimeMs, nowMs >= entry.checkedAtMs else {
                entries[hash] = nil
                return nil
            }
            return entry.identity
        }
    }

    func remember(_ identity: Identity, forHash hash: String, keyID: String?, nowMs: Int64) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = Entry(identity: identity, keyID: keyID, checkedAtMs: nowMs)
        }
    }

    /// Forgets everything: an account changed (a key revoked, a password set, a user changed).
    func forgetAll() { entries.withLock { $0.removeAll() } }
}
