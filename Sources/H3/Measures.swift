#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#else
import Foundation
#endif

extension H3Cell {
    /// The cell's exact area on the sphere of radius 6371.007180918475 km (h3's authalic radius), in km².
    ///
    /// Sum of the spherical triangles (centre, vertex i, vertex i+1) over the boundary, each from
    /// the triple-product formula of Van Oosterom & Strackee.
    public var areaKm2: Double {
        areaRadians2 * H3Constants.earthRadiusKm * H3Constants.earthRadiusKm
    }

    /// The cell's area in steradians (unit-sphere area).
    public var areaRadians2: Double {
        let c = center
        let p = Vec3(latRadians: degreesToRadians(c.latitude), lngRadians: degreesToRadians(c.longitude))
        let ring = boundaryRadians().map { Vec3(latRadians: $0.lat, lngRadians: $0.lng) }
        var total = 0.0
        for i in ring.indices {
            total += Vec3.triangleArea(p, ring[i], ring[(i + 1) % ring.count])
        }
        return total
    }
}

extension H3 {
    /// Average hexagon edge length at `resolution` in km (h3's published table, `getHexagonEdgeLengthAvgKm`).
    public static func averageEdgeLengthKm(resolution: Int) throws(H3Error) -> Double {
        guard (0...15).contains(resolution) else { throw .resolutionOutOfRange(resolution) }
        return ResolutionTables.averageEdgeLengthKm[resolution]
    }

    /// Average hexagon area at `resolution` in km² (h3's published table, `getHexagonAreaAvgKm2`).
    public static func averageHexagonAreaKm2(resolution: Int) throws(H3Error) -> Double {
        guard (0...15).contains(resolution) else { throw .resolutionOutOfRange(resolution) }
        return ResolutionTables.averageHexagonAreaKm2[resolution]
    }

    /// Great-circle distance between two points in km on h3's Earth sphere (haversine).
    public static func greatCircleDistanceKm(_ a: LatLng, _ b: LatLng) -> Double {
        let lat1 = degreesToRadians(a.latitude), lat2 = degreesToRadians(b.latitude)
        let dLat = lat2 - lat1, dLng = degreesToRadians(b.longitude) - degreesToRadians(a.longitude)
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1) * cos(lat2) * sin(dLng / 2) * sin(dLng / 2)
        return 2 * atan2(h.squareRoot(), (1 - h).squareRoot()) * H3Constants.earthRadiusKm
    }
}

/// A unit vector on the sphere.
struct Vec3 {
    var x, y, z: Double

    init(latRadians lat: Double, lngRadians lng: Double) {
        x = cos(lat) * cos(lng)
        y = cos(lat) * sin(lng)
        z = sin(lat)
    }

    static func dot(_ a: Vec3, _ b: Vec3) -> Double { a.x * b.x + a.y * b.y + a.z * b.z }

    /// Area (steradians) of the spherical triangle a, b, c.
    static func triangleArea(_ a: Vec3, _ b: Vec3, _ c: Vec3) -> Double {
        // a·(b×c) = a·((b−a)×(c−a)); the differences keep full relative precision for tiny triangles.
        let u = (x: b.x - a.x, y: b.y - a.y, z: b.z - a.z), v = (x: c.x - a.x, y: c.y - a.y, z: c.z - a.z)
        let triple = a.x * (u.y * v.z - u.z * v.y) - a.y * (u.x * v.z - u.z * v.x) + a.z * (u.x * v.y - u.y * v.x)
        return 2 * atan2(abs(triple), 1 + dot(a, b) + dot(b, c) + dot(c, a))
    }
}
