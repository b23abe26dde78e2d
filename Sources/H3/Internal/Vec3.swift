#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#else
import Foundation
#endif

/// A point of 3D space; on the unit sphere, a position (x towards 0°N 0°E, y towards 0°N 90°E,
/// z towards the north pole). Since 4.2, h3 projects through these vectors rather than through
/// latitude/longitude trigonometry; every operation below rounds as h3's (vec3d.h), term by term.
struct Vec3 {
    var x: Double
    var y: Double
    var z: Double

    /// The unit vector of a position in radians (h3's `latLngToVec3`).
    @inline(__always) init(latitude lat: Double, longitude lng: Double) {
        let (sinLat, cosLat) = sinCos(lat)
        let (sinLng, cosLng) = sinCos(lng)
        self.init(x: cosLng * cosLat, y: sinLng * cosLat, z: sinLat)
    }

    @inline(__always) init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// Latitude and longitude in radians (h3's `vec3ToLatLng`).
    var latLngRadians: (lat: Double, lng: Double) { (asin(z), atan2(y, x)) }

    @inline(__always) func dot(_ o: Vec3) -> Double { x * o.x + y * o.y + z * o.z }

    /// a·u + b·v, component by component.
    @inline(__always) static func combination(_ a: Double, _ u: Vec3, _ b: Double, _ v: Vec3) -> Vec3 {
        Vec3(x: a * u.x + b * v.x, y: a * u.y + b * v.y, z: a * u.z + b * v.z)
    }

    @inline(__always) func cross(_ o: Vec3) -> Vec3 {
        Vec3(x: y * o.z - z * o.y, y: z * o.x - x * o.z, z: x * o.y - y * o.x)
    }

    /// Scaled to length 1 by one division and three products; the zero vector (or one whose squared
    /// length underflows) becomes exactly zero.
    @inline(__always) mutating func normalize() {
        let norm = dot(self).squareRoot()
        let s = norm > 0 ? 1.0 / norm : 0.0
        x *= s
        y *= s
        z *= s
    }
}
