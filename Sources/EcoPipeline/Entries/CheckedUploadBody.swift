import Crypto
import Foundation
import EcoCore

/// An upload's bytes on their way to the object store, checked as they pass: the first bytes must agree
/// with the declared content type (``ContentSniffer``), and when the last chunk has gone by, the SHA-256
/// of the whole is pinned in the ``ObjectGate`` before the store may make the object visible. A failure
/// is thrown into the store's `put`, which then keeps nothing.
struct CheckedUploadBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == [UInt8] {
    typealias Element = [UInt8]
    typealias Failure = any Error

    let base: Base
    let contentType: String
    let gate: ObjectGate
    /// Receives the pinned key, so that the uploader unpins it when done.
    let pinned: @Sendable (String) -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let contentType: String
        let gate: ObjectGate
        let pinned: @Sendable (String) -> Void
        var prefix: [UInt8] = []
        var sniffed = false
        var hasher = SHA256()

        mutating func next() async throws -> [UInt8]? {
            guard let chunk = try await base.next() else {
                if !sniffed { try check() }
                let key = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                await gate.pin(key)
                pinned(key)
                return nil
            }
            hasher.update(data: chunk)
            if !sniffed {
                prefix += chunk.prefix(ContentSniffer.prefixLength - prefix.count)
                if prefix.count >= ContentSniffer.prefixLength { try check() }
            }
            return chunk
        }

        private mutating func check() throws {
            sniffed = true
            if let reason = ContentSniffer.mismatch(prefix, declared: contentType) { throw EntryUploadError.contentMismatch(reason) }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), contentType: contentType, gate: gate, pinned: pinned)
    }
}
