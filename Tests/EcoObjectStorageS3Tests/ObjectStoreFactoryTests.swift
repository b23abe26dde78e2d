import EcoObjectStorage
import EcoObjectStorageFactory
import EcoStore
import Foundation
import Testing

/// Which object store a configuration gets when it names none, and that a named one wins.
@Suite struct ObjectStoreFactoryTests {
    @Test func aSQLiteDatabaseKeepsItsObjectsBesideIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-factory-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try #require(try await ObjectStoreFactory.open(nil, database: directory.appendingPathComponent("eco.sqlite").path, environment: [:]))
        let stored = try await store.put(bytes: Array("beside".utf8))
        let beside = try FileObjectStore(root: directory.appendingPathComponent("objects"))
        #expect(try await beside.readAll(stored.key) == Array("beside".utf8))
    }

    @Test func aPostgresDatabaseWithoutASettingHasNoObjectStore() async throws {
        #expect(try await ObjectStoreFactory.open(nil, database: "postgres://eco@127.0.0.1:5432/eco", environment: [:]) == nil)
        #expect(try await ObjectStoreFactory.open("  ", database: "postgres://eco@127.0.0.1:5432/eco", environment: [:]) == nil)
    }

    @Test func aNamedDirectoryWinsAndAnS3URLNeedsCredentials() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-named-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try #require(try await ObjectStoreFactory.open("file://\(directory.path)", database: "postgres://eco@db/eco", environment: [:]))
        #expect(store is FileObjectStore)
        await #expect(throws: ObjectStoreLocationError.self) {
            _ = try await ObjectStoreFactory.open("s3://eco-objects?endpoint=http://127.0.0.1:9", database: "./data/ecotrack.sqlite", environment: [:])
        }
    }
}
