#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#else
import Foundation
#endif

extension H3Cell {
    /// The area in km² of the cell's boundary polygon on h3's sphere of radius 6371.007180918475 km
    /// (h3's `cellAreaKm2`, bit for bit).
    ///
    /// h3 4.5.0 sums Cagnoli's per-edge terms (as d3-geo does) with Kahan's compensation, and so do we.
    /// It loses precision where an edge's longitude difference is near ±2π, that is for cells that
    /// cross the antimeridian or contain a pole, the more the smaller the cell: docs/h3.md gives figures.
    public var areaKm2: Double {
        areaRadians2 * (H3Constants.earthRadiusKm * H3Constants.earthRadiusKm)
    }

    /// The cell's area in steradians (unit-sphere area), h3's `cellAreaRads2`.
    public var areaRadians2: Double { SphericalArea.loop(boundaryRadians()) }
}

/// Areas of spherical loops (h3's area.c).
enum SphericalArea {
    /// Area in steradians, in [0, 4π], enclosed counter-clockwise by a loop of (lat, lng) radians
    /// joined by great-circle arcs (h3's `geoLoopAreaRads2`).
    static func loop(_ ring: [(lat: Double, lng: Double)]) -> Double {
        var sum = CompensatedSum()
        for i in ring.indices {
            sum.add(cagnoliTerm(ring[i], ring[(i + 1) % ring.count]))
        }
        // The terms add up to a signed area; a clockwise loop encloses the rest of the sphere.
        if sum.value < 0 { sum.add(4.0 * Double.pi) }
        return sum.value
    }

    /// Cagnoli's contribution of the arc from a to b to the signed area (d3-geo's area.js).
    @inline(__always) static func cagnoliTerm(_ a: (lat: Double, lng: Double), _ b: (lat: Double, lng: Double)) -> Double {
        let aLat = a.lat / 2.0 + Double.pi / 4.0, bLat = b.lat / 2.0 + Double.pi / 4.0
        let sa = sin(aLat) * sin(bLat)
        let ca = cos(aLat) * cos(bLat)
        let d = b.lng - a.lng
        return -2.0 * atan2(sa * sin(d), sa * cos(d) + ca)
    }
}

/// Kahan's compensated summation, as h3's `Adder`.
struct CompensatedSum {
    private(set) var value = 0.0
    private var compensation = 0.0

    mutating func add(_ x: Double) {
        let y = x - compensation
        let t = value + y
        compensation = (t - value) - y
        value = t
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
