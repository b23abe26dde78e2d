import EcoStoreFactory
import Testing

/// The `objectStore` setting, parsed in one place (issue #18).
@Suite struct ObjectStoreLocationTests {
    @Test(arguments: [
        (nil as String?, "./data/ecotrack.sqlite", ObjectStoreLocation.directory(path: "./data/objects")),
        (nil, "sqlite:/var/lib/eco/db.sqlite?durability=normal", .directory(path: "/var/lib/eco/objects")),
        (nil, "db.sqlite", .directory(path: "./objects")),
        (nil, "postgres://eco@db:5432/eco", ObjectStoreLocation.none),
        ("/srv/objects", "postgres://eco@db:5432/eco", .directory(path: "/srv/objects")),
        ("file:///srv/objects", "./data/ecotrack.sqlite", .directory(path: "/srv/objects")),
    ])
    func settingsResolve(_ setting: String?, _ database: String, _ expected: ObjectStoreLocation) throws {
        #expect(try ObjectStoreLocation(parsing: setting, database: database) == expected)
    }

    @Test func anURLThisBuildCannotOpenIsRefusedWithAHint() {
        #expect(throws: StoreLocationError.self) { try ObjectStoreLocation(parsing: "s3://bucket/prefix", database: "./data/ecotrack.sqlite") }
    }
}
