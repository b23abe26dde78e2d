import EcoObjectStorageFactory
import EcoObjectStorage
import Foundation
import Testing

@Suite("ObjectStoreLocation")
struct ObjectStoreLocationTests {
    @Test("a path, or a file: URL, is the filesystem store", arguments: [
        ("./data/objects", "./data/objects"), ("/var/lib/ecotrack/objects", "/var/lib/ecotrack/objects"),
        ("file:/srv/objects", "/srv/objects"), ("file:///srv/objects", "/srv/objects"), ("relative dir", "relative dir"),
    ])
    func directories(text: String, path: String) throws {
        #expect(try ObjectStoreLocation(parsing: text) == .directory(path: path))
    }

    @Test("an s3 URL names bucket, prefix, region, endpoint and style")
    func s3() throws {
        #expect(try ObjectStoreLocation(parsing: "s3://eco-objects/ecotrack/prod/?endpoint=http://127.0.0.1:9000&region=eu-west-1&style=path") ==
            .s3(bucket: "eco-objects", prefix: "ecotrack/prod", region: "eu-west-1", endpoint: URL(string: "http://127.0.0.1:9000"), style: .path))
        #expect(try ObjectStoreLocation(parsing: "s3://eco-objects") == .s3(bucket: "eco-objects", prefix: "", region: "us-east-1", endpoint: nil, style: nil))
        #expect(try ObjectStoreLocation(parsing: "s3://a.b-c/x?style=virtual") == .s3(bucket: "a.b-c", prefix: "x", region: "us-east-1", endpoint: nil, style: .virtualHost))
    }

    @Test("bad locations are refused with what to write instead", arguments: [
        ("", "The object store location is empty; give a directory path (./data/objects) or s3://bucket/prefix."),
        ("gs://bucket/x", "'gs://bucket/x' is not an object store EcoTrack knows: give a directory path (./data/objects) or s3://bucket/prefix."),
        ("s3:///prefix", "'s3:///prefix' names no bucket; write s3://bucket/prefix."),
        ("s3://Bad_Bucket", "'Bad_Bucket' is not a valid bucket name: use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit."),
        ("s3://ab", "'ab' is not a valid bucket name: use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit."),
        ("s3://key:secret@bucket", "Credentials do not go in the object-store URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead."),
        ("s3://bucket:9000/x", "'s3://bucket:9000/x' puts a port on the bucket; give the service's address as ?endpoint=http://host:port."),
        ("s3://bucket?endpoint=127.0.0.1:9000", "endpoint=127.0.0.1:9000 is not an http:// or https:// URL with a host, such as http://127.0.0.1:9000."),
        ("s3://bucket?style=sideways", "style=sideways is not one of: path, virtual."),
        ("s3://bucket?region=", "The option 'region' in 's3://bucket?region=' has no value."),
        ("s3://bucket?acl=public", "'acl' is not an option of an S3 object store; use endpoint, region, style."),
    ])
    func refused(text: String, message: String) {
        #expect(throws: ObjectStoreLocationError(message)) { try ObjectStoreLocation(parsing: text) }
    }

    @Test("the default sits beside the SQLite file", arguments: [
        ("sqlite:./data/ecotrack.sqlite", "./data/objects"), ("/srv/eco/db.sqlite?durability=normal", "/srv/eco/objects"),
        ("ecotrack.sqlite", "./objects"), ("postgres://u@h/db", "./data/objects"),
    ])
    func defaults(database: String, path: String) {
        #expect(ObjectStoreLocation.defaultLocation(besideDatabase: database) == .directory(path: path))
    }

    @Test("S3 without credentials in the environment is refused before any request")
    func missingCredentials() async {
        await #expect(throws: ObjectStoreLocationError(
            "The S3 object store s3://bucket needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones).")) {
            _ = try await openObjectStore(location: "s3://bucket", environment: [:])
        }
    }

    @Test("a directory location opens the filesystem store")
    func opensDirectory() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-objects-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try await openObjectStore(location: root.path, environment: [:])
        #expect((store as? FileObjectStore)?.root.standardizedFileURL.path == root.standardizedFileURL.path)
    }
}
