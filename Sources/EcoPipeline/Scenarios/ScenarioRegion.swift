import EcoCore
import EcoStore
import H3

/// The region of a scenario exploration or an exposure: H3 cells, a bounding box, or a GeoJSON Polygon or
/// MultiPolygon (exactly one).
public enum ScenarioRegion: Sendable {
    case cells([UInt64])
    case box(BoundingBox)
    /// A Polygon (one element) or a MultiPolygon's polygons: a point is inside when it is inside any of them.
    case polygons([GeoPolygon], multi: Bool)

    /// The request's form: `{"cells": [...]}`, `{"bbox": [west, south, east, north]}` (or the string
    /// `"minLng,minLat,maxLng,maxLat"`) or `{"polygon": {"type": "Polygon" | "MultiPolygon", "coordinates": [...]}}`.
    public struct Body: Decodable, Sendable {
        public var cells: [String]?
        public var bbox: Box?
        public var polygon: Geometry?

        /// A bbox as four numbers or as the text `minLng,minLat,maxLng,maxLat` (as the `bbox=` query parameter).
        public enum Box: Decodable, Sendable {
            case numbers([Double])
            case text(String)

            public init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let numbers = try? container.decode([Double].self) { self = .numbers(numbers); return }
                if let text = try? container.decode(String.self) { self = .text(text); return }
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "bbox must be [west, south, east, north] or \"minLng,minLat,maxLng,maxLat\"")
            }
        }

        /// A GeoJSON Polygon or MultiPolygon (RFC 7946 §3.1.6–3.1.7).
        public struct Geometry: Decodable, Sendable {
            public var type: String
            public var coordinates: Coordinates
        }

        /// Polygon coordinates (rings of positions) or MultiPolygon coordinates (polygons of rings).
        public enum Coordinates: Decodable, Sendable {
            case polygon([[[Double]]])
            case multiPolygon([[[[Double]]]])

            public init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let rings = try? container.decode([[[Double]]].self) { self = .polygon(rings); return }
                if let polygons = try? container.decode([[[[Double]]]].self) { self = .multiPolygon(polygons); return }
                throw DecodingError.dataCorruptedError(in: container, debugDescription:
                    "coordinates must be [[[lng, lat], …]] (Polygon) or [[[[lng, lat], …]]] (MultiPolygon), every position two numbers")
            }
        }
    }

    /// Most cells a region may list.
    static let maxCells = 10_000

    /// Checks `body` and builds the region; every fault is a 400 saying how to fix it.
    public init(_ body: Body) throws {
        let given = [body.cells != nil, body.bbox != nil, body.polygon != nil].count(where: { $0 })
        guard given == 1 else {
            throw EcoError.badRequest("'region' needs exactly one of 'cells' (H3 ids), 'bbox' ([west, south, east, north] or \"minLng,minLat,maxLng,maxLat\") or 'polygon' (a GeoJSON Polygon or MultiPolygon); got \(given).")
        }
        if let cells = body.cells {
            guard !cells.isEmpty, cells.count <= Self.maxCells else { throw EcoError.badRequest("'region.cells' must list 1 to \(Self.maxCells) H3 cells.") }
            self = .cells(try cells.map { text in
                guard let cell = Spatial.cell(hex: text.lowercased()) else {
                    throw EcoError.badRequest("'\(text)' in region.cells is not an H3 cell id; use 15 hex digits, e.g. 871fb4662ffffff.")
                }
                return cell
            })
        } else if let bbox = body.bbox {
            self = .box(try Self.box(bbox))
        } else {
            let (polygons, multi) = try Self.polygons(body.polygon!)
            self = .polygons(polygons, multi: multi)
        }
    }

    /// The bounding box of a body's `bbox`, or a 400 naming the fault.
    static func box(_ bbox: Body.Box) throws -> BoundingBox {
        let text: String
        switch bbox {
        case let .numbers(numbers):
            guard numbers.count == 4 else {
                throw EcoError.badRequest("'region.bbox' is [west, south, east, north] (minLng, minLat, maxLng, maxLat) in degrees; got \(numbers.count) numbers.")
            }
            text = numbers.map { "\($0)" }.joined(separator: ",")
        case let .text(value): text = value
        }
        do {
            return try BoundingBox(parsing: text)
        } catch {
            throw EcoError.badRequest("'region.bbox': " + error.message)
        }
    }

    /// The polygons of a GeoJSON Polygon or MultiPolygon, and whether it was a MultiPolygon.
    static func polygons(_ geometry: Body.Geometry) throws -> ([GeoPolygon], Bool) {
        switch (geometry.type, geometry.coordinates) {
        case let ("Polygon", .polygon(rings)): return ([try polygon(rings, name: "'region.polygon'")], false)
        case let ("MultiPolygon", .multiPolygon(polygons)):
            guard !polygons.isEmpty else { throw EcoError.badRequest("'region.polygon' is a MultiPolygon without polygons; give [[[[lng, lat], …]], …].") }
            return (try polygons.enumerated().map { try polygon($1, name: "'region.polygon' polygon \($0)") }, true)
        case ("MultiPolygon", .polygon(let rings)) where rings.isEmpty:
            throw EcoError.badRequest("'region.polygon' is a MultiPolygon without polygons; give [[[[lng, lat], …]], …].")
        case ("Polygon", .multiPolygon), ("MultiPolygon", .polygon):
            throw EcoError.badRequest("'region.polygon' is a \(geometry.type) whose coordinates nest like a \(geometry.type == "Polygon" ? "MultiPolygon" : "Polygon"); a Polygon is [[[lng, lat], …]] (rings), a MultiPolygon [[[[lng, lat], …]], …] (polygons of rings).")
        default:
            throw EcoError.badRequest("'region.polygon' must be a GeoJSON Polygon or MultiPolygon; got type '\(geometry.type)'.")
        }
    }

    /// One polygon from its rings (outer first, then holes); `name` says where it is in the request.
    static func polygon(_ coordinates: [[[Double]]], name: String) throws -> GeoPolygon {
        guard !coordinates.isEmpty else { throw EcoError.badRequest("\(name) has no ring; give [[[lng, lat], …, [lng, lat]]].") }
        let rings = try coordinates.enumerated().map { index, ring -> [LatLng] in
            let positions = try ring.map { position -> LatLng in
                guard position.count >= 2, (-180...180).contains(position[0]), (-90...90).contains(position[1]) else {
                    throw EcoError.badRequest("\(name) ring \(index) has a position that is not [longitude, latitude] in degrees.")
                }
                return LatLng(latitude: position[1], longitude: position[0])
            }
            guard positions.count >= 4 else {
                throw EcoError.badRequest("\(name) ring \(index) has \(positions.count) positions; a closed ring needs at least 4 (the first repeated last).")
            }
            guard positions.first == positions.last else {
                throw EcoError.badRequest("\(name) ring \(index) is not closed: its last position must repeat its first (RFC 7946 §3.1.6).")
            }
            return Array(positions.dropLast())
        }
        return GeoPolygon(outer: rings[0], holes: Array(rings.dropFirst()))
    }

    /// The region as polygons to fill with cells: a box is one rectangle, or two when it crosses the antimeridian
    /// (west > east); nil for a list of cells.
    var fillPolygons: [GeoPolygon]? {
        switch self {
        case .cells: return nil
        case let .polygons(polygons, _): return polygons
        case let .box(box):
            func rectangle(_ west: Double, _ east: Double) -> GeoPolygon {
                GeoPolygon(outer: [LatLng(latitude: box.south, longitude: west), LatLng(latitude: box.south, longitude: east),
                                   LatLng(latitude: box.north, longitude: east), LatLng(latitude: box.north, longitude: west)])
            }
            return box.west <= box.east ? [rectangle(box.west, box.east)] : [rectangle(box.west, 180), rectangle(-180, box.east)]
        }
    }

    /// Whether a projection's cell lies in the region: for cells, the same cell, a cell inside a listed one, or a
    /// coarser cell containing a listed one; for a box or polygon, the cell's centre inside it.
    func contains(_ cell: UInt64) -> Bool {
        switch self {
        case let .cells(cells):
            let resolution = Spatial.resolution(of: cell)
            return cells.contains { listed in
                let listedResolution = Spatial.resolution(of: listed)
                return resolution >= listedResolution ? Spatial.parent(of: cell, resolution: listedResolution) == listed
                    : Spatial.parent(of: listed, resolution: resolution) == cell
            }
        case let .box(box):
            let center = Spatial.center(of: cell)
            return box.contains(lat: center.lat, lng: center.lng)
        case let .polygons(polygons, _):
            let center = Spatial.center(of: cell)
            return polygons.contains { $0.contains(latitude: center.lat, longitude: center.lng) }
        }
    }

    /// The observation series of `variable` in the region (stations inside it).
    func seriesFilter(variable: String, scope: Set<String>?) -> SeriesFilter {
        var filter = SeriesFilter(variable: variable)
        filter.organizations = scope
        switch self {
        case let .cells(cells): filter.cellRanges = cells.map(Spatial.range15(of:))
        case let .box(box): filter.boundingBox = box
        case let .polygons(polygons, _):
            let outer = polygons.flatMap(\.outer)
            let lats = outer.map(\.latitude), lngs = outer.map(\.longitude)
            filter.boundingBox = BoundingBox(west: lngs.min()!, south: lats.min()!, east: lngs.max()!, north: lats.max()!)
        }
        return filter
    }

    /// Whether a station at `lat`, `lng` that passed ``seriesFilter(variable:scope:)`` is in the region.
    func containsStation(lat: Double, lng: Double) -> Bool {
        guard case let .polygons(polygons, _) = self else { return true }
        return polygons.contains { $0.contains(latitude: lat, longitude: lng) }
    }

    var kind: String {
        switch self {
        case .cells: "cells"
        case .box: "bbox"
        case let .polygons(_, multi): multi ? "multipolygon" : "polygon"
        }
    }
}
