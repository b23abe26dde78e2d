import Foundation

/// A latitude/longitude rectangle in degrees; `west > east` crosses the antimeridian.
public struct BoundingBox: Sendable, Equatable, Hashable {
    public var west: Double
    public var south: Double
    public var east: Double
    public var north: Double

    public init(west: Double, south: Double, east: Double, north: Double) {
        self.west = west
        self.south = south
        self.east = east
        self.north = north
    }

    /// Parses `west,south,east,north` as in OGC API and GeoJSON `bbox`.
    public init(parsing text: String) throws(EcoError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let w = parts[0], let s = parts[1], let e = parts[2], let n = parts[3] else {
            throw .invalidArgument("bbox '\(text)' must be four numbers west,south,east,north in degrees, e.g. bbox=2.2,48.8,2.5,48.95.")
        }
        guard (-90...90).contains(s), (-90...90).contains(n), s <= n else {
            throw .invalidArgument("bbox latitudes must lie in -90…90 with south ≤ north (got south \(s), north \(n)).")
        }
        guard (-180...180).contains(w), (-180...180).contains(e) else {
            throw .invalidArgument("bbox longitudes must lie in -180…180 (got west \(w), east \(e)).")
        }
        self.init(west: w, south: s, east: e, north: n)
    }

    public func contains(lat: Double, lng: Double) -> Bool {
        guard lat >= south, lat <= north else { return false }
        return west <= east ? (lng >= west && lng <= east) : (lng >= west || lng <= east)
    }
}
