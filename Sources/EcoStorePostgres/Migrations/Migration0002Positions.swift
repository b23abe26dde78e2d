/// Series positions as PostGIS geography, when the extension is available: a `position` column filled
/// from `lat`/`lng` by the database itself (a generated column, so no writer can forget it) and a GiST
/// index on its planar form, which bounding-box reads use before the exact latitude/longitude test.
/// Without PostGIS (or with `postgis=off`) this migration records that and changes nothing: the
/// H3 cell ranges and the exact test do the work. `store_settings.postgis` says which path a schema took: `off`, or the schema PostGIS lives in.
enum Migration0002Positions {
    static let migration = PostgresMigration(version: 2, name: "series positions (PostGIS when available)") { context in
        try await context.run("CREATE TABLE store_settings (name text PRIMARY KEY, value text NOT NULL)")
        guard let extensionSchema = try await context.postGISSchema() else {
            try await context.run("INSERT INTO store_settings (name, value) VALUES ('postgis', 'off')")
            return
        }
        let gis = "\"\(extensionSchema)\""
        try await context.run("""
            ALTER TABLE series ADD COLUMN position \(gis).geography(Point, 4326)
                GENERATED ALWAYS AS (\(gis).ST_SetSRID(\(gis).ST_MakePoint(lng, lat), 4326)::\(gis).geography) STORED;
            CREATE INDEX series_by_position ON series USING gist ((position::\(gis).geometry));
            """)
        try await context.connection.run("INSERT INTO store_settings (name, value) VALUES ('postgis', \(extensionSchema))", logger: context.logger)
    }
}
