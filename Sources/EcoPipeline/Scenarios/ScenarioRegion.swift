import EcoCore
import EcoStore
import H3

/// The region of a scenario exploration: H3 cells, a bounding box or a GeoJSON polygon (exactly one).
public enum ScenarioRegion: Sendable {
    case cells([UInt64])
    case box(BoundingBox)
    case polygon(GeoPolygon)

    /// The request's form: `{"cells": [...]}`, `{"bbox": [west, south, east, north]}` or `{"polygon": {"type": "Polygon", "coordinates": [...]}}`.
    public struct Body: Codable, Sendable {
        public var cells: [String]?
        public var bbox: [Double]?
        public var polygon: Polygon?

        public struct Polygon: Codable, Sendable {
            public var type: String
            public var coordinates: [[[Double]]]
        }
    }

    /// Most cells a region may list.
    static let maxCells = 10_000

    /// Checks `body` and builds the region; every fault is a 400 saying how to fix it.
    public init(_ body: Body) throws {
        let given = [body.cells != nil, body.bbox != nil, body.polygon != nil].count(where: { $0 })
        guard given == 1 else {
            throw EcoError.badRequest("'region' needs exactly one of 'cells' (H3 ids), 'bbox' ([west, south, east, north]) or 'polygon' (a GeoJSON Polygon); got \(given).")
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
            guard bbox.count == 4 else { throw EcoError.badRequest("'region.bbox' is [west, south, east, north] in degrees; got \(bbox.count) numbers.") }
            do {
                self = .box(try BoundingBox(parsing: bbox.map { "\($0)" }.joined(separator: ",")))
            } catch {
                throw EcoError.badRequest("'region.bbox': " + error.message)
            }
        } else {
            self = .polygon(try Self.polygon(body.polygon!))
        }
    }

    static func polygon(_ geometry: Body.Polygon) throws -> GeoPolygon {
        guard geometry.type == "Polygon" else { throw EcoError.badRequest("'region.polygon' must be a GeoJSON Polygon; got type '\(geometry.type)'.") }
        guard !geometry.coordinates.isEmpty else { throw EcoError.badRequest("'region.polygon' has no ring; give [[[lng, lat], …, [lng, lat]]].") }
        let rings = try geometry.coordinates.enumerated().map { index, ring -> [LatLng] in
            let positions = try ring.map { position -> LatLng in
                guard position.count >= 2, (-180...180).contains(position[0]), (-90...90).contains(position[1]) else {
                    throw EcoError.badRequest("'region.polygon' ring \(index) has a position that is not [longitude, latitude] in degrees.")
                }
                return LatLng(latitude: position[1], longitude: position[0])
            }
            guard positions.count >= 4 else {
                throw EcoError.badRequest("'region.polygon' ring \(index) has \(positions.count) positions; a closed ring needs at least 4 (the first repeated last).")
            }
            guard positions.first == positions.last else {
                throw EcoError.badRequest("'region.polygon' ring \(index) is not closed: its last position must repeat its first (RFC 7946 §3.1.6).")
            }
            return Array(positions.dropLast())
        }
        return GeoPolygon(outer: rings[0], holes: Array(rings.dropFirst()))
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
        case let .polygon(polygon):
            let center = Spatial.center(of: cell)
            return polygon.contains(latitude: center.lat, longitude: center.lng)
        }
    }

    /// The observation series of `variable` in the region (stations inside it).
    func seriesFilter(variable: String, scope: Set<String>?) -> SeriesFilter {
        var filter = SeriesFilter(variable: variable)
        filter.organizations = scope
        switch self {
        case let .cells(cells): filter.cellRanges = cells.map(Spatial.range15(of:))
        case let .box(box): filter.boundingBox = box
        case let .polygon(polygon):
            let lats = polygon.outer.map(\.latitude), lngs = polygon.outer.map(\.longitude)
            filter.boundingBox = BoundingBox(west: lngs.min()!, south: lats.min()!, east: lngs.max()!, north: lats.max()!)
        }
        return filter
    }

    /// Whether a station at `lat`, `lng` that passed ``seriesFilter(variable:scope:)`` is in the region.
    func containsStation(lat: Double, lng: Double) -> Bool {
        guard case let .polygon(polygon) = self else { return true }
        return polygon.contains(latitude: lat, longitude: lng)
    }

    var kind: String {
        switch self {
        case .cells: "cells"
        case .box: "bbox"
        case .polygon: "polygon"
        }
    }
}
