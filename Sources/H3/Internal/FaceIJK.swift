#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#else
import Foundation
#endif

/// A cell position: an icosahedron face (0…19) and IJK coordinates on it.
struct FaceIJK {
    var face: Int
    var coord: CoordIJK
}

/// Result of moving a coordinate that may lie beyond its face's edge.
enum Overage {
    case none
    /// On the edge of the face (substrate grids only).
    case faceEdge
    /// Moved onto a neighbouring face.
    case newFace
}

/// Face orientation record of `FaceTables.faceNeighbors`: neighbour face, translation, rotations.
struct FaceOrientation {
    var face: Int
    var translate: CoordIJK
    var ccwRotations: Int

    /// Quadrant 0 central, 1 IJ, 2 KI, 3 JK of `face`.
    @inline(__always) init(face: Int, quadrant: Int) {
        let t = FaceTables.faceNeighbors
        let base = (face * 4 + quadrant) * 5
        self.face = Int(t[base])
        self.translate = CoordIJK(Int(t[base + 1]), Int(t[base + 2]), Int(t[base + 3]))
        self.ccwRotations = Int(t[base + 4])
    }
}

@inline(__always) func isClassIII(_ res: Int) -> Bool { res & 1 == 1 }

enum FaceProjection {
    /// The face whose centre is closest to a point, and the squared chord distance to it: h3's
    /// scan of the 20 faces, which keeps the first face with the smallest distance.
    ///
    /// The scan is split into four blocks of five faces, each keeping its own best, merged at the
    /// end: four short dependency chains instead of one of 20. Every comparison has the lower faces
    /// on its left and keeps the left on a tie, so the result is exactly the scan's, ties included.
    @inline(__always)
    static func closestFace(x: Double, y: Double, z: Double) -> (face: Int, squaredDistance: Double) {
        FaceTables.faceCenterPoint.withUnsafeBufferPointer { p in
            @inline(__always) func candidate(_ f: Int) -> (squaredDistance: Double, face: Int) {
                let dx = p[3 &* f] - x, dy = p[3 &* f &+ 1] - y, dz = p[3 &* f &+ 2] - z
                return (dx * dx + dy * dy + dz * dz, f)
            }
            var b0 = candidate(0), b1 = candidate(5), b2 = candidate(10), b3 = candidate(15)
            for f in 1..<5 {
                b0 = nearer(b0, candidate(f))
                b1 = nearer(b1, candidate(5 &+ f))
                b2 = nearer(b2, candidate(10 &+ f))
                b3 = nearer(b3, candidate(15 &+ f))
            }
            let best = nearer(nearer(b0, b1), nearer(b2, b3))
            return (best.face, best.squaredDistance)
        }
    }

    /// `later` if it is strictly nearer than `earlier` (a candidate from lower faces), else `earlier`.
    @inline(__always)
    static func nearer(_ earlier: (squaredDistance: Double, face: Int), _ later: (squaredDistance: Double, face: Int))
        -> (squaredDistance: Double, face: Int) {
        later.squaredDistance < earlier.squaredDistance ? later : earlier
    }

    /// Gnomonic projection of a point (radians) onto its closest face, scaled to `res`
    /// (h3's `_geoToHex2d`, bit for bit).
    @inline(__always)
    static func hex2d(latitude lat: Double, longitude lng: Double, resolution res: Int) -> (face: Int, point: Vec2) {
        let p = project(latitude: lat, longitude: lng, resolution: res)
        return (p.face, p.atCentre ? Vec2(x: 0, y: 0) : p.exactPoint(resolution: res))
    }

    /// The resolution-independent part of `hex2d`: everything but the scaling of the distance.
    @inline(__always)
    static func project(latitude lat: Double, longitude lng: Double, resolution res: Int) -> GnomonicProjection {
        let (sinLat, cosLat) = sinCos(lat)
        let (sinLng, cosLng) = sinCos(lng)
        let x = cosLat * cosLng, y = cosLat * sinLng, z = sinLat
        let (face, sqd) = closestFace(x: x, y: y, z: z)
        let r = acos(1 - sqd / 2)
        if isBelowEpsilon(r) { return GnomonicProjection(face: face, tanDistance: 0, sinTheta: 0, cosTheta: 1, atCentre: true) }
        let (faceLng, faceCosLat, faceSinLat, axisAzimuth) = FaceProjectionTable.table.withUnsafeBufferPointer { t in
            (t[4 * face], t[4 * face + 1], t[4 * face + 2], t[4 * face + 3])
        }
        let dLng = lng - faceLng
        // Azimuth from the face centre to the point (the same expression as h3's _geoAzimuthRads;
        // the face centre's sine and cosine come precomputed from the same libm, so bit-identical).
        let (sinDLng, cosDLng) = sinCos(dLng)
        let azimuth = atan2(cosLat * sinDLng, faceCosLat * sinLat - faceSinLat * cosLat * cosDLng)
        var theta = positiveAngle(axisAzimuth - positiveAngle(azimuth))
        if isClassIII(res) { theta = positiveAngle(Double(ld(theta) - H3Constants.ap7RotationRadians)) }
        let (sinTheta, cosTheta) = sinCos(theta)
        return GnomonicProjection(face: face, tanDistance: tan(r), sinTheta: sinTheta, cosTheta: cosTheta, atCentre: false)
    }

    /// The point (radians) of a face's 2D plane at `res`; `substrate` for the aperture-3 vertex grid.
    static func latLng(hex2d v: Vec2, face: Int, resolution res: Int, substrate: Bool) -> (lat: Double, lng: Double) {
        let faceLat = FaceTables.faceCenterGeo[2 * face], faceLng = FaceTables.faceCenterGeo[2 * face + 1]
        var r = v.length
        if isBelowEpsilon(r) { return (faceLat, faceLng) }
        var theta = atan2(v.y, v.x)
        for _ in 0..<res { r = Double(ld(r) / H3Constants.sqrt7) }
        if substrate {
            r /= 3.0
            if isClassIII(res) { r = Double(ld(r) / H3Constants.sqrt7) }
        }
        r = Double(ld(r) * H3Constants.res0UGnomonic)
        r = atan(r)
        if !substrate && isClassIII(res) { theta = positiveAngle(Double(ld(theta) + H3Constants.ap7RotationRadians)) }
        theta = positiveAngle(FaceTables.faceAxesAzimuth[3 * face] - theta)
        return destination(fromLat: faceLat, lng: faceLng, azimuth: theta, distance: r)
    }

    /// The point at `distance` radians from a start point along `azimuth` (great circle).
    static func destination(fromLat lat1: Double, lng lng1: Double, azimuth: Double, distance: Double) -> (lat: Double, lng: Double) {
        if isBelowEpsilon(distance) { return (lat1, lng1) }
        let az = positiveAngle(azimuth)
        let eps = Double(H3Constants.epsilon)
        var lat: Double, lng: Double
        if az < eps || abs(az - Double.pi) < eps {
            lat = az < eps ? lat1 + distance : lat1 - distance
            if abs(lat - Double.pi / 2) < eps { return (Double.pi / 2, 0) }
            if abs(lat + Double.pi / 2) < eps { return (-Double.pi / 2, 0) }
            lng = constrainLongitude(lng1)
        } else {
            var sinLat = sin(lat1) * cos(distance) + cos(lat1) * sin(distance) * cos(az)
            sinLat = min(1, max(-1, sinLat))
            lat = asin(sinLat)
            if abs(lat - Double.pi / 2) < eps { return (Double.pi / 2, 0) }
            if abs(lat + Double.pi / 2) < eps { return (-Double.pi / 2, 0) }
            let invCosLat = 1.0 / cos(lat)
            var sinLng = sin(az) * sin(distance) * invCosLat
            var cosLng = (cos(distance) - sin(lat1) * sin(lat)) / cos(lat1) * invCosLat
            sinLng = min(1, max(-1, sinLng))
            cosLng = min(1, max(-1, cosLng))
            lng = constrainLongitude(lng1 + atan2(sinLng, cosLng))
        }
        return (lat, lng)
    }
}

extension FaceIJK {
    /// Moves a Class II coordinate that lies past its face's edge onto the neighbouring face.
    /// - Parameters:
    ///   - res: a Class II resolution.
    ///   - pentagonLeadingI: the cell is a pentagon whose leading digit is I, which needs one extra rotation.
    ///   - substrate: the coordinate is on the aperture-3 vertex substrate (three times finer).
    mutating func adjustOverageClassII(resolution res: Int, pentagonLeadingI: Bool, substrate: Bool) -> Overage {
        var maxDim = Int(FaceTables.maxDimByCIIres[res])
        if substrate { maxDim *= 3 }
        let sum = coord.i + coord.j + coord.k
        if substrate && sum == maxDim { return .faceEdge }
        guard sum > maxDim else { return .none }
        let orientation: FaceOrientation
        if coord.k > 0 {
            if coord.j > 0 {
                orientation = FaceOrientation(face: face, quadrant: 3)
            } else {
                orientation = FaceOrientation(face: face, quadrant: 2)
                if pentagonLeadingI {
                    // Rotate about the pentagon's centre, which sits at (maxDim, 0, 0) on this face.
                    let origin = CoordIJK(maxDim, 0, 0)
                    var t = coord - origin
                    t.rotate60cw()
                    coord = t + origin
                }
            }
        } else {
            orientation = FaceOrientation(face: face, quadrant: 1)
        }
        face = orientation.face
        for _ in 0..<orientation.ccwRotations { coord.rotate60ccw() }
        var translate = orientation.translate * Int(FaceTables.unitScaleByCIIres[res])
        if substrate { translate = translate * 3 }
        coord = (coord + translate).normalized()
        if substrate && coord.i + coord.j + coord.k == maxDim { return .faceEdge }
        return .newFace
    }

    /// Moves a pentagon vertex until it is on a face, however many faces that takes.
    mutating func adjustPentagonVertexOverage(resolution res: Int) {
        while adjustOverageClassII(resolution: res, pentagonLeadingI: false, substrate: true) == .newFace {}
    }
}
