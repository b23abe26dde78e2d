import Foundation
import EcoCore

/// An upload's bytes on their way to the object store, checked as they pass: the first bytes must agree
/// with the declared content type (``ContentSniffer``). A failure is thrown into the store's `put`, which then
/// keeps nothing.
struct CheckedUploadBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == [UInt8] {
    typealias Element = [UInt8]
    typealias Failure = any Error

    let base: Base
    let contentType: String

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let contentType: String
        var prefix: [UInt8] = []
        var sniffed = false

        mutating func next() async throws -> [UInt8]? {
            guard let chunk = try await base.next() else {
                if !sniffed { try check() }
                return nil
            }
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
        AsyncIterator(base: base.makeAsyncIterator(), contentType: contentType)
    }
}
