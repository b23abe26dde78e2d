import EcoStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The default ``ObjectStore``: one file per object at `root/objects/<2 hex>/<sha256>`.
///
/// An upload is written to `root/incoming/` while its SHA-256 is computed, flushed to disk, and
/// renamed into place only when complete, so a crash or a failed upload never leaves a partial
/// object under a key; leftovers in `incoming/` older than an hour are removed when a store opens on the directory,
/// and by the object sweeper (`removeIncoming(olderThan:)`) while it runs. An object's time (its file's modification
/// time) is refreshed whenever the same bytes are put again.
public struct FileObjectStore: ObjectStore {
    /// The directory holding `objects/` and `incoming/`.
    public let root: URL
    private var objects: URL { root.appendingPathComponent("objects", isDirectory: true) }
    private var incoming: URL { root.appendingPathComponent("incoming", isDirectory: true) }

    /// Opens (creating when missing) the store under `root`. Incoming files older than
    /// `staleAfter` are the remains of interrupted uploads and are removed.
    public init(root: URL, staleAfter: TimeInterval = 3600) throws {
        self.root = root
        let files = FileManager.default
        try files.createDirectory(at: objects, withIntermediateDirectories: true)
        try files.createDirectory(at: incoming, withIntermediateDirectories: true)
        _ = removeLeftovers(olderThan: Date().addingTimeInterval(-staleAfter))
    }

    public func put(_ body: some AsyncSequence<[UInt8], any Error> & Sendable, maxBytes: Int64) async throws -> StoredObject {
        let upload = try await SpooledUpload.spool(body, maxBytes: maxBytes, in: incoming)
        let temporary = upload.file
        var keepTemporary = false
        defer { if !keepTemporary { upload.discard() } }
        let key = upload.key, size = upload.size
        let destination = path(of: key)
        // Bytes already stored are stored again by refreshing their time, so the sweeper leaves them to this upload.
        // When the object has just gone (swept), the upload's own copy is renamed in below.
        if utimes(destination.path, nil) == 0, let existing = try await info(key) { return existing }
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        // rename(2) replaces atomically; an identical object renamed in by a concurrent upload is the same bytes.
        guard rename(temporary.path, destination.path) == 0 else {
            throw ObjectStoreError.unavailable("cannot move the upload into \(destination.path): \(String(cString: strerror(errno)))")
        }
        keepTemporary = true
        syncDirectory(destination.deletingLastPathComponent())
        return try await info(key) ?? StoredObject(key: key, size: size, storedAt: Date())
    }

    public func info(_ key: ObjectKey) async throws -> StoredObject? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path(of: key).path) else { return nil }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        return StoredObject(key: key, size: size, storedAt: attributes[.modificationDate] as? Date ?? Date())
    }

    public func read(_ key: ObjectKey, range: Range<Int64>?) async throws -> ObjectContent {
        guard let object = try await info(key), let handle = FileHandle(forReadingAtPath: path(of: key).path) else {
            throw ObjectStoreError.notFound(key)
        }
        let span = range ?? 0..<object.size
        guard span.lowerBound >= 0, span.upperBound <= object.size else {
            try? handle.close()
            throw ObjectStoreError.rangeNotSatisfiable(size: object.size)
        }
        try handle.seek(toOffset: UInt64(span.lowerBound))
        let reader = ChunkReader(handle: handle, remaining: span.upperBound - span.lowerBound)
        return ObjectContent(size: object.size, range: span, chunks: AsyncThrowingStream(unfolding: { try reader.next() }))
    }

    public func delete(_ key: ObjectKey) async throws {
        do {
            try FileManager.default.removeItem(at: path(of: key))
        } catch CocoaError.fileNoSuchFile {
            return
        }
    }

    /// Moves the object aside (rename(2) is atomic), then looks at its time: when a `put` refreshed it before the move,
    /// it goes back; otherwise it is unlinked. A `put` after the move finds no object and stores its own copy.
    public func delete(_ key: ObjectKey, ifStoredBefore cutoff: Date) async throws -> Bool {
        let path = path(of: key)
        let aside = incoming.appendingPathComponent("sweep-\(key.sha256)-\(UUID().uuidString)")
        guard rename(path.path, aside.path) == 0 else {
            if errno == ENOENT { return false }
            throw ObjectStoreError.unavailable("cannot move \(path.path) aside to delete it: \(String(cString: strerror(errno)))")
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: aside.path)[.modificationDate] as? Date) ?? .distantPast
        if modified >= cutoff {
            // link(2) does not replace: when an upload stored the bytes afresh meanwhile, that copy stays.
            _ = link(aside.path, path.path)
            unlink(aside.path)
            return false
        }
        unlink(aside.path)
        return true
    }

    public func removeIncoming(olderThan cutoff: Date) async throws -> Int { removeLeftovers(olderThan: cutoff) }

    private func removeLeftovers(olderThan cutoff: Date) -> Int {
        var removed = 0
        let files = FileManager.default
        for leftover in (try? files.contentsOfDirectory(at: incoming, includingPropertiesForKeys: [.contentModificationDateKey])) ?? [] {
            let modified = (try? leftover.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? .distantPast
            if modified < cutoff, (try? files.removeItem(at: leftover)) != nil { removed += 1 }
        }
        return removed
    }

    public func list() async throws -> [StoredObject] {
        var stored: [StoredObject] = []
        let files = FileManager.default
        for shard in (try? files.contentsOfDirectory(atPath: objects.path)) ?? [] {
            for name in (try? files.contentsOfDirectory(atPath: objects.appendingPathComponent(shard).path)) ?? [] {
                if let key = ObjectKey(sha256: name), let object = try await info(key) { stored.append(object) }
            }
        }
        return stored.sorted { $0.key < $1.key }
    }

    private func path(of key: ObjectKey) -> URL {
        objects.appendingPathComponent(String(key.sha256.prefix(2)), isDirectory: true).appendingPathComponent(key.sha256)
    }

    /// Makes a rename in `directory` durable (POSIX: the directory entry is data of its own).
    private func syncDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }
}

/// Reads an open file in 64 KiB chunks, closing it at the end or when the reader is dropped.
private final class ChunkReader: @unchecked Sendable {
    private let handle: FileHandle
    private var remaining: Int64
    private let lock = NSLock()

    init(handle: FileHandle, remaining: Int64) {
        self.handle = handle
        self.remaining = remaining
    }

    deinit { try? handle.close() }

    func next() throws -> [UInt8]? {
        try lock.withLock {
            guard remaining > 0 else { return nil }
            let data = try handle.read(upToCount: Int(min(remaining, 65_536))) ?? Data()
            guard !data.isEmpty else { throw ObjectStoreError.unavailable("the stored object ended before its recorded size") }
            remaining -= Int64(data.count)
            return [UInt8](data)
        }
    }
}
