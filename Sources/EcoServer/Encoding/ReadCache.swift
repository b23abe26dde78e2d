import EcoCore
import Hummingbird
import Synchronization

/// Answers of observation reads (time series, cells, latest values) kept while the store's data is
/// unchanged: a dashboard polling the same series, or many viewers of one map, get the bytes again
/// instead of a recomputation. Each answer is tied to the store's ``EcoStore/ObservationStore/dataVersion()``
/// when it was computed and is served only while that is still the version, so a reader never sees
/// data older than a write that has returned. Also answers `If-None-Match` with 304.
final class ReadCache: Sendable {
    private struct Entry {
        var version: Int64
        var body: ByteBuffer
        var contentType: String
        var lastUsed: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var tick: UInt64 = 0
    }

    /// Most bytes of answers kept; the least recently used go first.
    let capacityBytes: Int
    private let state = Mutex(State())

    init(capacityBytes: Int = 64 << 20) {
        self.capacityBytes = capacityBytes
    }

    /// A computed answer: its bytes and content type.
    struct Answer: Sendable {
        var body: ByteBuffer
        var contentType: String
    }

    /// The answer to `request` for a caller reading `scope`: from the cache while `version` is
    /// unchanged, else computed by `compute` and kept. Without a version (a store that cannot tell),
    /// always computed.
    func respond(to request: Request, scope: Set<String>?, version: Int64?, compute: () async throws -> Answer) async throws -> Response {
        guard let version, request.method == .get else {
            let answer = try await compute()
            return Response(status: .ok, headers: [.contentType: answer.contentType], body: .init(byteBuffer: answer.body))
        }
        let key = Self.key(request, scope: scope)
        let etag = "\"\(version)-\(Self.fingerprint(key))\""
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: [.eTag: etag]) }
        if let hit = cached(key, version: version) {
            return Response(status: .ok, headers: [.contentType: hit.contentType, .eTag: etag], body: .init(byteBuffer: hit.body))
        }
        let answer = try await compute()
        if answer.body.readableBytes < capacityBytes / 16 {
            store(key, Entry(version: version, body: answer.body, contentType: answer.contentType, lastUsed: 0))
        }
        return Response(status: .ok, headers: [.contentType: answer.contentType, .eTag: etag], body: .init(byteBuffer: answer.body))
    }

    /// FNV-1a of the key, so an ETag is the same in every process (`hashValue` is seeded per process).
    private static func fingerprint(_ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 36)
    }

    private static func key(_ request: Request, scope: Set<String>?) -> String {
        let scopeText = scope.map { $0.sorted().joined(separator: ",") } ?? "*"
        return "\(request.uri.path)?\(request.uri.query ?? "")#\(scopeText)"
    }

    private func cached(_ key: String, version: Int64) -> Entry? {
        state.withLock { state in
            guard var entry = state.entries[key], entry.version == version else { return nil }
            state.tick += 1
            entry.lastUsed = state.tick
            state.entries[key] = entry
            return entry
        }
    }

    private func store(_ key: String, _ entry: Entry) {
        state.withLock { state in
            state.tick += 1
            var entry = entry
            entry.lastUsed = state.tick
            if let old = state.entries.updateValue(entry, forKey: key) { state.bytes -= old.body.readableBytes }
            state.bytes += entry.body.readableBytes
            while state.bytes > capacityBytes, let oldest = state.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                state.bytes -= oldest.value.body.readableBytes
                state.entries[oldest.key] = nil
            }
        }
    }
}
