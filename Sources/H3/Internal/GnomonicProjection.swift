/// A point projected onto its face's gnomonic plane, before scaling to a resolution: the face,
/// tan of the angular distance from the face centre, and the direction from the face's i axis.
struct GnomonicProjection {
    var face: Int
    var tanDistance: Double
    var sinTheta: Double
    var cosTheta: Double
    /// Within ε of the face centre: the point is (0, 0) at every resolution.
    var atCentre: Bool

    /// The point in the face's hex plane at `res`, bit for bit as h3's `_geoToHex2d`:
    /// r = tan(d) / RES0_U_GNOMONIC, then r *= √7 once per resolution, each in x87 precision.
    @inline(__always)
    func exactPoint(resolution res: Int) -> Vec2 {
        var r = tanDistance
        #if arch(x86_64) || arch(i386)
        // The two lines below in integer arithmetic, same roundings (tan d is positive and normal).
        let (m, e) = ExtendedQuotient.quotient(r, by: ExtendedQuotient.res0UGnomonic)
        r = Sqrt7Scaling.scaled(significand: m, exponent: e, times: res)
        #else
        r = Double(ld(r) / H3Constants.res0UGnomonic)
        for _ in 0..<res { r = Double(ld(r) * H3Constants.sqrt7) }
        #endif
        return Vec2(x: r * cosTheta, y: r * sinTheta)
    }

    /// The same point with the distance scaled by one multiplication (√7^res / RES0_U_GNOMONIC
    /// as one double): within a relative 2⁻⁴⁸ of `exactPoint`'s distance (see `CertifiedHex2d`).
    @inline(__always)
    func approximatePoint(resolution res: Int) -> Vec2 {
        let r = tanDistance * GnomonicProjection.scaleByResolution.withUnsafeBufferPointer { $0[res] }
        return Vec2(x: r * cosTheta, y: r * sinTheta)
    }

    /// √7^res / RES0_U_GNOMONIC (long-double constants, exact rational value) rounded to a double,
    /// res 0…15. Checked in `CertifiedHex2dTests`.
    static let scaleByResolution: [Double] = [
        0x1.4f1bbcdcbfa56p+1, 0x1.bb4e828281bc9p+2, 0x1.2538454127b0bp+4, 0x1.83e4b23231850p+5,
        0x1.00913c9902baap+7, 0x1.53681bebeb546p+8, 0x1.c0fe2a0bc4c6ap+9, 0x1.28fb186e6de9dp+11,
        0x1.88de64ca4c2dcp+12, 0x1.03dbb560a02c9p+14, 0x1.57c2983102a81p+15, 0x1.c6c07d69184e0p+16,
        0x1.2cca452ae2531p+18, 0x1.8de86dbbf5444p+19, 0x1.0730fc858608bp+21, 0x1.5c2b6004769bcp+22,
    ]
}
