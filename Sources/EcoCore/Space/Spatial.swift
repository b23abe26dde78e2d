import H3

/// EcoCore's few uses of H3, in the integer form the store keeps: resolution-15 cells as UInt64.
public enum Spatial {
    /// The resolution at which every observation is placed.
    public static let storageResolution = 15
    /// The resolution the API serves by default, as in the specification.
    public static let defaultResolution = 7

    /// The resolution-15 cell containing a point (degrees).
    public static func cell15(lat: Double, lng: Double) -> UInt64 {
        H3.latLngToCellIndex(latitude: lat, longitude: lng, resolution: storageResolution)
    }

    /// The cell containing a point at `resolution`.
    public static func cell(lat: Double, lng: Double, resolution: Int) throws -> UInt64 {
        try H3.latLngToCell(latitude: lat, longitude: lng, resolution: resolution).rawValue
    }

    /// Parses a 15-hex-digit cell id; nil when it is not a valid H3 cell.
    public static func cell(hex: String) -> UInt64? {
        guard let cell = H3Cell(hex: hex), cell.isValid else { return nil }
        return cell.rawValue
    }

    /// The cell's 15-hex-digit id.
    public static func hex(_ cell: UInt64) -> String { H3Cell(unchecked: cell).hex }

    public static func resolution(of cell: UInt64) -> Int { H3Cell(unchecked: cell).resolution }

    /// Center of a cell, in degrees.
    public static func center(of cell: UInt64) -> (lat: Double, lng: Double) {
        let center = H3Cell(unchecked: cell).center
        return (center.latitude, center.longitude)
    }

    /// The resolution-15 descendant at the cell's center.
    public static func centerChild15(of cell: UInt64) -> UInt64 {
        (try? H3Cell(unchecked: cell).centerChild(at: storageResolution).rawValue) ?? cell
    }

    /// The ancestor of `cell` at a coarser `resolution`.
    public static func parent(of cell: UInt64, resolution: Int) -> UInt64 {
        if H3Cell(unchecked: cell).resolution == storageResolution { return H3.parent(ofResolution15: cell, at: resolution) }
        return (try? H3Cell(unchecked: cell).parent(at: resolution).rawValue) ?? cell
    }

    /// The inclusive range of resolution-15 integers under `cell`.
    public static func range15(of cell: UInt64) -> ClosedRange<UInt64> {
        H3Cell(unchecked: cell).descendantRange15
    }

    /// Cell-range cover of a bounding box: every resolution-15 cell whose point could lie in the
    /// box is inside one of the ranges (exact filtering on lat/lng follows).
    public static func ranges(covering box: BoundingBox) -> [ClosedRange<UInt64>] {
        H3.ranges(for: BoxCover.cells(covering: box))
    }

    /// The cell's outline as (lat, lng) vertices, not closed.
    public static func boundary(of cell: UInt64) -> [(lat: Double, lng: Double)] {
        H3Cell(unchecked: cell).boundary.map { ($0.latitude, $0.longitude) }
    }

    /// The cell's outline as RFC 7946 GeoJSON: a Polygon, or a MultiPolygon cut at the antimeridian,
    /// or the polar cap for a cell containing a pole (see ``AntimeridianSplit``).
    public static func boundaryGeometry(of cell: UInt64) -> GeoJSONGeometry {
        AntimeridianSplit.geometry(ring: boundary(of: cell))
    }

    /// The outline of a set of cells of one resolution (shared edges dissolved, holes kept: H3's
    /// `cellsToMultiPolygon`) as RFC 7946 GeoJSON cut at the antimeridian (see ``AntimeridianSplit``).
    ///
    /// - Throws: ``EcoError/invalidArgument(_:)`` when the cells mix resolutions, repeat, or are not cells.
    public static func outlineGeometry(of cells: [UInt64]) throws(EcoError) -> GeoJSONGeometry {
        let outline: [GeoPolygon]
        do {
            outline = try H3.cellsToMultiPolygon(cells.map(H3Cell.init(unchecked:)))
        } catch {
            throw .invalidArgument("cannot outline these cells: \(error)")
        }
        let vertices = { (ring: [LatLng]) in ring.map { (lat: $0.latitude, lng: $0.longitude) } }
        return AntimeridianSplit.geometry(polygons: outline.map { (vertices($0.outer), $0.holes.map(vertices)) })
    }
}
