import EcoCore
import EcoStore
import Foundation

/// The platform's datasets as a STAC API (SpatioTemporal Asset Catalog: API 1.0.0, objects STAC 1.1.0) under
/// `/api/v1/catalog`: every catalogue variable with data is a collection, and every series (one variable at
/// one station from one source) an item — a point with its first and last observation times, and assets that
/// download it (CSV, NDJSON) or read it as a time series. Restricted series appear only to their organization.
///
/// Documents are built as JSON values with absolute links under `base` (the scheme and host the request used).
public struct StacCatalog: Sendable {
    let observations: any ObservationStore
    let variables: VariableRegistry

    public init(observations: any ObservationStore, variables: VariableRegistry) {
        self.observations = observations
        self.variables = variables
    }

    public static let stacVersion = "1.1.0"
    /// The classes `/conformance` declares.
    public static let conformance = [
        "https://api.stacspec.org/v1.0.0/core",
        "https://api.stacspec.org/v1.0.0/collections",
        "https://api.stacspec.org/v1.0.0/ogcapi-features",
        "https://api.stacspec.org/v1.0.0/item-search",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    ]
    static let path = "/api/v1/catalog"
    static let json = "application/json", geojson = "application/geo+json"

    /// How the `next` link of a page repeats its request.
    public enum Paging: Sendable {
        /// A GET of `path` with the query values (the token replaced).
        case get(path: String, query: [String: String])
        /// A POST of `path` with the body (the token replaced).
        case post(path: String)
    }

    // MARK: documents

    /// The landing page: a STAC Catalog with `conformsTo` and links to everything else.
    public func landing(base: String, scope: Set<String>?) async throws -> JSONValue {
        let root = base + Self.path
        var links = [
            Self.link("self", root, Self.json), Self.link("root", root, Self.json),
            Self.link("conformance", root + "/conformance", Self.json), Self.link("data", root + "/collections", Self.json),
            Self.link("search", root + "/search", Self.geojson, method: "GET"), Self.link("search", root + "/search", Self.geojson, method: "POST"),
            Self.link("service-desc", base + "/openapi.json", Self.json),
        ]
        for name in try await collectionSeries(scope: scope).keys.sorted() {
            links.append(Self.link("child", "\(root)/collections/\(name)", Self.json, title: name))
        }
        return .object([
            "type": .string("Catalog"), "stac_version": .string(Self.stacVersion), "id": .string("ecotrack"), "title": .string("EcoTrack"),
            "description": .string("Environmental observations held by this EcoTrack server: one collection per variable, one item per series."),
            "conformsTo": .array(Self.conformance.map(JSONValue.string)), "links": .array(links),
        ])
    }

    public func conformanceDocument() -> JSONValue { .object(["conformsTo": .array(Self.conformance.map(JSONValue.string))]) }

    /// Every collection the caller may see.
    public func collections(base: String, scope: Set<String>?) async throws -> JSONValue {
        let root = base + Self.path
        var collections: [JSONValue] = []
        for (name, series) in try await collectionSeries(scope: scope).sorted(by: { $0.key < $1.key }) {
            collections.append(try await collection(name, series: series, base: base))
        }
        return .object([
            "collections": .array(collections),
            "links": .array([Self.link("self", root + "/collections", Self.json), Self.link("root", root, Self.json), Self.link("parent", root, Self.json)]),
        ])
    }

    /// One collection.
    /// - Throws: `EcoError.notFound` for a variable without data the caller may see.
    public func collection(id: String, base: String, scope: Set<String>?) async throws -> JSONValue {
        try await collection(id, series: try await series(of: id, scope: scope), base: base)
    }

    /// The items of one collection, filtered and paged as a search is.
    public func items(collection id: String, search: StacSearch, base: String, scope: Set<String>?, paging: Paging) async throws -> JSONValue {
        _ = try await series(of: id, scope: scope)
        var search = search
        search.collections = [id]
        var page = try await self.search(search, base: base, scope: scope, paging: paging)
        if case var .object(fields) = page, case var .array(links)? = fields["links"] {
            links.append(Self.link("collection", "\(base)\(Self.path)/collections/\(id)", Self.json))
            fields["links"] = .array(links)
            page = .object(fields)
        }
        return page
    }

    /// One item.
    /// - Throws: `EcoError.notFound` when the collection or item does not exist for the caller.
    public func item(collection id: String, item itemID: String, base: String, scope: Set<String>?) async throws -> JSONValue {
        let series = try await series(of: id, scope: scope)
        guard let seriesID = Self.seriesID(itemID), let found = series.first(where: { $0.id == seriesID }),
              let first = try await firstObservationMs(found)
        else {
            throw EcoError.notFound("Collection '\(id)' has no item '\(itemID)'; GET \(Self.path)/collections/\(id)/items lists them.")
        }
        return item(found, firstMs: first, base: base)
    }

    /// An ItemCollection of the matching items, in series order, with `next` when more match.
    public func search(_ search: StacSearch, base: String, scope: Set<String>?, paging: Paging) async throws -> JSONValue {
        var filter = SeriesFilter()
        filter.organizations = scope
        if let bbox = search.bbox {
            filter.boundingBox = bbox
            filter.cellRanges = Spatial.ranges(covering: bbox)
        }
        let wanted = search.collections.map(Set.init)
        let ids = search.ids.map { Set($0.compactMap(Self.seriesID)) }
        let candidates = try await observations.series(matching: filter)
            .filter { series in
                variables.catalogue[series.key.variable] != nil && (wanted?.contains(series.key.variable) ?? true)
                    && (ids?.contains(series.id) ?? true) && series.id > (search.after ?? .min)
                    && (search.intersects?.contains(lat: series.lat, lng: series.lng) ?? true)
                    && (search.datetime?.startMs.map { series.lastObservedAtMs >= $0 } ?? true)
            }
            .sorted { $0.id < $1.id }
        var features: [JSONValue] = []
        var lastID: Int64?
        var more = false
        for series in candidates {
            guard let first = try await firstObservationMs(series),
                  search.datetime?.overlaps(firstMs: first, lastMs: series.lastObservedAtMs) ?? true
            else { continue }
            if features.count == search.limit {
                more = true
                break
            }
            features.append(item(series, firstMs: first, base: base))
            lastID = series.id
        }
        let root = base + Self.path
        var links = [Self.link("root", root, Self.json)]
        switch paging {
        case let .get(path, query):
            links.append(Self.link("self", base + path + Self.queryString(query), Self.geojson))
            if more, let lastID {
                var next = query
                next["token"] = "next:\(lastID)"
                links.append(Self.link("next", base + path + Self.queryString(next), Self.geojson, method: "GET"))
            }
        case let .post(path):
            links.append(Self.link("self", base + path, Self.geojson))
            if more, let lastID, case var .object(body) = search.raw {
                body["token"] = .string("next:\(lastID)")
                var next = Self.link("next", base + path, Self.geojson, method: "POST")
                if case var .object(fields) = next {
                    fields["body"] = .object(body)
                    next = .object(fields)
                }
                links.append(next)
            }
        }
        return .object([
            "type": .string("FeatureCollection"), "features": .array(features), "links": .array(links),
            "numberReturned": .number(Double(features.count)),
        ])
    }

    // MARK: building blocks

    /// The series of each variable (of the catalogue) the caller may see.
    func collectionSeries(scope: Set<String>?) async throws -> [String: [SeriesInfo]] {
        var filter = SeriesFilter()
        filter.organizations = scope
        let catalogue = variables.catalogue
        return Dictionary(grouping: try await observations.series(matching: filter).filter { catalogue[$0.key.variable] != nil }, by: \.key.variable)
    }

    /// The series of collection `id`.
    /// - Throws: `EcoError.notFound` when there are none.
    func series(of id: String, scope: Set<String>?) async throws -> [SeriesInfo] {
        var filter = SeriesFilter(variable: id)
        filter.organizations = scope
        let series = variables.catalogue[id] == nil ? [] : try await observations.series(matching: filter)
        guard !series.isEmpty else {
            throw EcoError.notFound("No collection '\(id)'; GET \(Self.path)/collections lists them (one per variable with data).")
        }
        return series
    }

    /// A collection: its extent is the box of its series and the time from the start of the month of its first
    /// observation (rounded down, read from the monthly buckets) to its last observation.
    func collection(_ name: String, series: [SeriesInfo], base: String) async throws -> JSONValue {
        let variable = variables.catalogue[name]
        let root = base + Self.path
        let firstMonth = try await observations.buckets(of: series.map(\.id), window: TimeWindow(startMs: .min, endMs: .max), bucket: .month,
                                                        rawValueLimit: 0).buckets.first?.startMs
        let last = series.map(\.lastObservedAtMs).max()
        let box: [JSONValue] = [series.map(\.lng).min(), series.map(\.lat).min(), series.map(\.lng).max(), series.map(\.lat).max()]
            .map { .number($0 ?? 0) }
        let domain = variable?.domain.rawValue ?? ""
        return .object([
            "type": .string("Collection"), "stac_version": .string(Self.stacVersion), "stac_extensions": .array([]), "id": .string(name),
            "title": .string("\(variable?.description ?? name) (\(name), \(variable?.unit ?? ""))"),
            "description": .string("Observations of \(name) in \(variable?.unit ?? "its unit"), \(domain) domain: one item per series (station and source)."),
            "keywords": .array([.string(domain), .string(name)]), "license": .string("other"),
            "extent": .object([
                "spatial": .object(["bbox": .array([.array(box)])]),
                "temporal": .object(["interval": .array([.array([firstMonth.map { .string(Timestamp.format(ms: $0)) } ?? .null,
                                                                 last.map { .string(Timestamp.format(ms: $0)) } ?? .null])])]),
            ]),
            "summaries": .object(["ecotrack:unit": .array([.string(variable?.unit ?? "")]), "ecotrack:domain": .array([.string(domain)])]),
            "links": .array([
                Self.link("self", "\(root)/collections/\(name)", Self.json), Self.link("root", root, Self.json), Self.link("parent", root, Self.json),
                Self.link("items", "\(root)/collections/\(name)/items", Self.geojson),
            ]),
        ])
    }

    /// A series as an item: a point, its time range, and assets reading its data.
    func item(_ series: SeriesInfo, firstMs: Int64, base: String) -> JSONValue {
        let root = base + Self.path
        let name = series.key.variable
        let id = "series-\(series.id)"
        var selection = ["variable": name]
        if !series.key.source.isEmpty { selection["source"] = series.key.source }
        if !series.key.stationId.isEmpty { selection["stationId"] = series.key.stationId }
        let cell = Spatial.hex(series.key.cell)
        func asset(_ title: String, _ href: String, _ type: String) -> JSONValue {
            .object(["href": .string(href), "type": .string(type), "title": .string(title), "roles": .array([.string("data")])])
        }
        var csv = selection, ndjson = selection, timeseries = ["variable": name]
        csv["format"] = "csv"
        ndjson["format"] = "ndjson"
        timeseries["bucket"] = "1d"
        var properties: [String: JSONValue] = [
            "datetime": .null, "start_datetime": .string(Timestamp.format(ms: firstMs)), "end_datetime": .string(Timestamp.format(ms: series.lastObservedAtMs)),
            "title": .string("\(name) at \(series.key.stationId.isEmpty ? cell : series.key.stationId)"),
            "ecotrack:variable": .string(name), "ecotrack:unit": .string(variables.catalogue[name]?.unit ?? ""), "ecotrack:h3": .string(cell),
        ]
        if !series.key.source.isEmpty { properties["ecotrack:source"] = .string(series.key.source) }
        if !series.key.stationId.isEmpty { properties["ecotrack:station"] = .string(series.key.stationId) }
        return .object([
            "type": .string("Feature"), "stac_version": .string(Self.stacVersion), "stac_extensions": .array([]), "id": .string(id),
            "collection": .string(name),
            "geometry": .object(["type": .string("Point"), "coordinates": .array([.number(series.lng), .number(series.lat)])]),
            "bbox": .array([.number(series.lng), .number(series.lat), .number(series.lng), .number(series.lat)]),
            "properties": .object(properties),
            "links": .array([
                Self.link("self", "\(root)/collections/\(name)/items/\(id)", Self.geojson), Self.link("parent", "\(root)/collections/\(name)", Self.json),
                Self.link("collection", "\(root)/collections/\(name)", Self.json), Self.link("root", root, Self.json),
            ]),
            "assets": .object([
                "csv": asset("Every observation, CSV (needs export:data)", base + "/api/v1/observations" + Self.queryString(csv), "text/csv"),
                "ndjson": asset("Every observation, NDJSON (needs export:data)", base + "/api/v1/observations" + Self.queryString(ndjson),
                                "application/x-ndjson"),
                "timeseries": asset("Daily statistics of the station's cell", "\(base)/api/v1/observations/\(cell)/timeseries" + Self.queryString(timeseries),
                                    Self.json),
            ]),
        ])
    }

    /// Time of the series' first observation.
    func firstObservationMs(_ series: SeriesInfo) async throws -> Int64? {
        try await observations.observations(SeriesFilter(ids: [series.id]), window: TimeWindow(startMs: .min, endMs: .max), after: nil, limit: 1)
            .first?.observedAtMs
    }

    static func seriesID(_ itemID: String) -> Int64? {
        itemID.hasPrefix("series-") ? Int64(itemID.dropFirst(7)) : nil
    }

    static func link(_ rel: String, _ href: String, _ type: String, method: String? = nil, title: String? = nil) -> JSONValue {
        var fields: [String: JSONValue] = ["rel": .string(rel), "href": .string(href), "type": .string(type)]
        if let method { fields["method"] = .string(method) }
        if let title { fields["title"] = .string(title) }
        return .object(fields)
    }

    /// `?a=1&b=2` with keys sorted and values percent-encoded; empty for no values.
    static func queryString(_ values: [String: String]) -> String {
        guard !values.isEmpty else { return "" }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "?" + values.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}
