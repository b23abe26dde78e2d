import EcoObjectStorageFactory
@testable import EcoObjectStorageS3
import EcoStore
import EcoStoreTesting
import Foundation
import Testing

/// The S3 adapter against a live S3-compatible service: `eval "$(scripts/s3.sh start)"` sets
/// `ECOTRACK_TEST_S3` (an object-store location) and the AWS_* keys; without it these tests are skipped.
@Suite("S3ObjectStore")
struct S3ObjectStoreTests {
    static let environment = ProcessInfo.processInfo.environment
    static let location = environment["ECOTRACK_TEST_S3"]
    static let enabled = Testing.ConditionTrait.enabled(
        if: location != nil, "set ECOTRACK_TEST_S3: eval \"$(scripts/s3.sh start)\" runs moto and exports it with the keys")

    /// A store under a fresh prefix of the test bucket: an empty store per test, runs in parallel never meet.
    static func freshStore(_ adjust: (inout S3Configuration) -> Void = { _ in }) throws -> S3ObjectStore {
        guard case let .s3(bucket, _, region, endpoint, style) = try ObjectStoreLocation(parsing: try #require(location)) else {
            throw ObjectStoreLocationError("ECOTRACK_TEST_S3 is not an s3:// location")
        }
        var configuration = S3Configuration(bucket: bucket, prefix: "test-\(UUID().uuidString)", region: region, endpoint: endpoint, style: style,
                                            credentials: try #require(S3Credentials.fromEnvironment(environment)))
        adjust(&configuration)
        return S3ObjectStore(configuration: configuration)
    }

    @Test("object-store contract", enabled, arguments: ObjectStoreContract.all)
    func contract(_ promise: ObjectStoreContractCase) async throws {
        try await promise.check(try Self.freshStore())
    }

    @Test("a body above the multipart threshold goes up in parts and reads back whole, ranges included", enabled)
    func multipart() async throws {
        // moto, like S3, wants parts of at least 5 MiB but the last: 12 MiB + 1 byte in three parts.
        let store = try Self.freshStore { $0.multipartThreshold = 1 << 20; $0.partSize = 5 << 20 }
        let bytes = (0..<(12 << 20) + 1).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        let chunks = stride(from: 0, to: bytes.count, by: 300_000).map { Array(bytes[$0..<min($0 + 300_000, bytes.count)]) }
        let stored = try await store.put(ObjectChunks(chunks: chunks), maxBytes: Int64(bytes.count))
        #expect(stored.size == Int64(bytes.count))
        #expect(try await store.readAll(stored.key) == bytes)
        #expect(try await store.list().map(\.key) == [stored.key])
        let tail = try await store.read(stored.key, range: Int64(bytes.count - 10)..<Int64(bytes.count))
        var read: [UInt8] = []
        for try await chunk in tail.chunks { read += chunk }
        #expect(read == Array(bytes.suffix(10)))
    }

    @Test("a multipart upload S3 refuses is aborted: S3's reason is told, and no upload or object is left", enabled)
    func refusedMultipartIsAborted() async throws {
        // Parts under S3's 5 MiB minimum: CompleteMultipartUpload answers EntityTooSmall.
        let store = try Self.freshStore { $0.multipartThreshold = 1 << 20; $0.partSize = 1 << 20 }
        let error = await #expect(throws: ObjectStoreError.self) { _ = try await store.put(bytes: [UInt8](repeating: 9, count: 3 << 20)) }
        #expect(error?.description.contains("EntityTooSmall") == true)
        #expect(try await store.list().isEmpty)
        let client = S3Client(configuration: store.configuration)
        let response = try await client.send(.GET, name: nil, query: [(name: "uploads", value: ""), (name: "prefix", value: store.configuration.prefix)],
                                             payloadHash: S3ObjectStore.emptyHash)
        try await client.check(response, doing: "ListMultipartUploads")
        let answer = String(buffer: try await response.body.collect(upTo: 1 << 20))
        #expect(S3XML.elements("Upload", in: answer).isEmpty, "uploads left in progress: \(answer)")
    }

    @Test("list follows continuation tokens across pages", enabled)
    func pagedList() async throws {
        let store = try Self.freshStore { $0.listPageSize = 2 }
        var keys: [ObjectKey] = []
        for n in 0..<5 { keys.append(try await store.put(bytes: Array("object \(n)".utf8)).key) }
        #expect(try await store.list().map(\.key) == keys.sorted())
    }

    @Test("a wrong secret key is refused with S3's signature error and what to check", enabled)
    func wrongSecret() async throws {
        let store = try Self.freshStore { $0.credentials.secretAccessKey = "not-the-secret" }
        let error = await #expect(throws: ObjectStoreError.self) { _ = try await store.put(bytes: Array("x".utf8)) }
        guard case let .unavailable(words)? = error else { Issue.record("expected unavailable, got \(String(describing: error))"); return }
        #expect(words.contains("403 SignatureDoesNotMatch"))
        #expect(words.hasSuffix("check the credentials and region"))
        // A read fails the same way (its HEAD has no body; the store asks a listing for S3's words).
        let readError = await #expect(throws: ObjectStoreError.self) { _ = try await store.info(ObjectKey(sha256: String(repeating: "1", count: 64))!) }
        #expect(readError?.description.contains("403 SignatureDoesNotMatch") == true)
    }

    @Test("opening the test location through the factory checks access and gives a working store", enabled)
    func factoryOpens() async throws {
        let store = try await openObjectStore(location: try #require(Self.location), environment: Self.environment)
        #expect(store is S3ObjectStore)
        var wrong = Self.environment
        wrong["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        await #expect(throws: ObjectStoreError.self) { _ = try await openObjectStore(location: try #require(Self.location), environment: wrong) }
    }

    // No service needed: nothing listens on port 1 of the loopback interface. The refused connection is
    // not retried, so the answer is the connect error itself ("Connection refused"), not a deadline: the
    // request's own deadline is set far away, so a store that retried would hang past the time limit.
    // (The limit is generous, and no wall-clock bound is asserted: in a parallel run on two shared cores a
    // resumed task waited over a minute for a thread.)
    @Test("an unreachable endpoint is unavailable at once, with the address and the refusal named", .timeLimit(.minutes(5)))
    func unreachable() async throws {
        var configuration = S3Configuration(
            bucket: "b", endpoint: URL(string: "http://127.0.0.1:1"), credentials: S3Credentials(accessKeyID: "a", secretAccessKey: "s"))
        configuration.requestTimeout = .seconds(3_600)
        let store = S3ObjectStore(configuration: configuration)
        let error = await #expect(throws: ObjectStoreError.self) { _ = try await store.info(ObjectKey(sha256: String(repeating: "0", count: 64))!) }
        guard case let .unavailable(words)? = error else { Issue.record("expected unavailable, got \(String(describing: error))"); return }
        #expect(words.hasPrefix("cannot reach S3 at http://127.0.0.1:1"))
        #expect(words.hasSuffix("check the endpoint URL and that the service is running"))
        #expect(words.contains("Connection refused"))
    }
}
