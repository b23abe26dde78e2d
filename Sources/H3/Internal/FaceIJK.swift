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
    /// (h3's `latLngToVec3` then `_vec3ToHex2d`, bit for bit).
    @inline(__always)
    static func hex2d(latitude lat: Double, longitude lng: Double, resolution res: Int) -> (face: Int, point: Vec2) {
        let p = project(latitude: lat, longitude: lng, resolution: res)
        return (p.face, p.atCentre ? Vec2(x: 0, y: 0) : p.exactPoint(resolution: res))
    }

    /// The resolution-independent part of `hex2d`: everything but the scaling of the distance.
    @inline(__always)
    static func project(latitude lat: Double, longitude lng: Double, resolution res: Int) -> GnomonicProjection {
        let p = Vec3(latitude: lat, longitude: lng)
        let (face, sqd) = closestFace(x: p.x, y: p.y, z: p.z)
        // cos r = 1 − sqd/2 for the chord length √sqd between two unit vectors.
        let r = acos(1 - sqd * 0.5)
        if r < H3Constants.epsilon { return GnomonicProjection(face: face, tanDistance: 0, sinTheta: 0, cosTheta: 1, atCentre: true) }
        let frame = FaceFrame(face: face)
        // Counter-clockwise angle from the face's i axis; Class III grids are turned by the aperture-7 rotation.
        var theta = positiveAngle(frame.axisAzimuth - positiveAngle(frame.azimuth(to: p)))
        if isClassIII(res) { theta = positiveAngle(theta - H3Constants.ap7RotationRadians) }
        let (sinTheta, cosTheta) = sinCos(theta)
        return GnomonicProjection(face: face, tanDistance: tan(r), sinTheta: sinTheta, cosTheta: cosTheta, atCentre: false)
    }

    /// The unit vector of a point of a face's 2D plane at `res`; `substrate` for the aperture-3 vertex
    /// grid (h3's `_hex2dToVec3`: the inverse gnomonic projection, then a step from the face centre).
    static func point(hex2d v: Vec2, face: Int, resolution res: Int, substrate: Bool) -> Vec3 {
        let frame = FaceFrame(face: face)
        var r = v.length
        if r < H3Constants.epsilon { return frame.center }
        var theta = atan2(v.y, v.x)
        for _ in 0..<res { r *= H3Constants.inverseSqrt7 }
        if substrate {
            r *= H3Constants.oneThird
            if isClassIII(res) { r *= H3Constants.inverseSqrt7 }
        }
        r = atan(r * H3Constants.res0UGnomonic)
        // A substrate grid is already turned for Class III.
        if !substrate && isClassIII(res) { theta = positiveAngle(theta + H3Constants.ap7RotationRadians) }
        theta = positiveAngle(frame.axisAzimuth - theta)
        let (sinTheta, cosTheta) = sinCos(theta)
        let direction = Vec3.combination(cosTheta, frame.north, sinTheta, frame.east)
        let (sinR, cosR) = sinCos(r)
        var point = Vec3.combination(cosR, frame.center, sinR, direction)
        point.normalize()
        return point
    }

    /// `point(hex2d:…)` as latitude and longitude in radians.
    static func latLng(hex2d v: Vec2, face: Int, resolution res: Int, substrate: Bool) -> (lat: Double, lng: Double) {
        point(hex2d: v, face: face, resolution: res, substrate: substrate).latLngRadians
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
