import Crypto
import EcoStore
import Foundation

/// An upload written to a local file while its SHA-256 is computed: content addressing needs the
/// whole body's hash before the final key is known, and a file keeps memory bounded whatever the
/// body's size. Both adapters use it (the filesystem store renames the file into place; the S3 store
/// sends it and then removes it).
public struct SpooledUpload: Sendable {
    /// The spooled bytes, flushed to disk.
    public let file: URL
    public let key: ObjectKey
    public let size: Int64

    /// Streams `body` into a new file in `directory`, hashing as it goes. On failure, or when the body
    /// grows past `maxBytes` (``ObjectStoreError/tooLarge(limit:)``), the file is removed and the error rethrown.
    public static func spool(
        _ body: some AsyncSequence<[UInt8], any Error> & Sendable, maxBytes: Int64, in directory: URL
    ) async throws -> SpooledUpload {
        let file = directory.appendingPathComponent(UUID().uuidString)
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw ObjectStoreError.unavailable("cannot create \(file.path): check the directory exists and is writable")
        }
        do {
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            var hasher = SHA256()
            var size: Int64 = 0
            for try await chunk in body {
                size += Int64(chunk.count)
                if size > maxBytes { throw ObjectStoreError.tooLarge(limit: maxBytes) }
                hasher.update(data: chunk)
                try handle.write(contentsOf: chunk)
            }
            try handle.synchronize()
            return SpooledUpload(file: file, key: ObjectKey(digest: hasher.finalize()), size: size)
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
    }

    /// Removes the spooled file (after it was sent, or moved nowhere).
    public func discard() {
        try? FileManager.default.removeItem(at: file)
    }
}

extension ObjectKey {
    /// The key of a finished SHA-256 digest.
    init(digest: SHA256.Digest) {
        self.init(sha256: digest.map { String(format: "%02x", $0) }.joined())!
    }
}
