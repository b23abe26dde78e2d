/// A point projected onto its face's gnomonic plane, before scaling to a resolution: the face,
/// tan of the angular distance from the face centre, and the direction from the face's i axis.
struct GnomonicProjection {
    var face: Int
    var tanDistance: Double
    var sinTheta: Double
    var cosTheta: Double
    /// Within ε of the face centre: the point is (0, 0) at every resolution.
    var atCentre: Bool

    /// The point in the face's hex plane at `res`, bit for bit as h3's `_vec3ToHex2d`:
    /// r = tan(d) · (1 / RES0_U_GNOMONIC), then r *= √7 once per resolution, each product rounded.
    @inline(__always)
    func exactPoint(resolution res: Int) -> Vec2 {
        var r = tanDistance * H3Constants.inverseRes0UGnomonic
        for _ in 0..<res { r *= H3Constants.sqrt7 }
        return Vec2(x: r * cosTheta, y: r * sinTheta)
    }

    /// The same point with the distance scaled by one multiplication (√7^res / RES0_U_GNOMONIC
    /// as one double): within a relative 2⁻⁴⁸ of `exactPoint`'s distance (see `CoordIJK.certifiedAxial`).
    @inline(__always)
    func approximatePoint(resolution res: Int) -> Vec2 {
        let r = tanDistance * GnomonicProjection.scaleByResolution.withUnsafeBufferPointer { $0[res] }
        return Vec2(x: r * cosTheta, y: r * sinTheta)
    }

    /// h3's double `INV_RES0_U_GNOMONIC` times its double `M_SQRT7` to the power res (exact rational
    /// product), rounded to a double, res 0…15. Checked in `CertifiedHex2dTests`.
    static let scaleByResolution: [Double] = [
        0x1.4f1bbcdcbfa56p+1, 0x1.bb4e828281bc9p+2, 0x1.2538454127b0cp+4, 0x1.83e4b23231850p+5,
        0x1.00913c9902babp+7, 0x1.53681bebeb547p+8, 0x1.c0fe2a0bc4c6bp+9, 0x1.28fb186e6de9fp+11,
        0x1.88de64ca4c2dfp+12, 0x1.03dbb560a02cbp+14, 0x1.57c2983102a83p+15, 0x1.c6c07d69184e4p+16,
        0x1.2cca452ae2534p+18, 0x1.8de86dbbf5448p+19, 0x1.0730fc858608ep+21, 0x1.5c2b6004769c0p+22,
    ]
}
