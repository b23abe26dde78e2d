/// A point on the sphere in degrees: latitude −90…90 (north positive), longitude −180…180 (east positive).
public struct LatLng: Hashable, Sendable, CustomStringConvertible {
    /// Latitude in degrees.
    public var latitude: Double
    /// Longitude in degrees.
    public var longitude: Double

    /// A point from latitude and longitude in degrees.
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    public var description: String { "(\(latitude), \(longitude))" }
}
