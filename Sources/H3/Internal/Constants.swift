/// Constants of the H3 grid, as h3 4.5.0 writes them in constants.h and faceijk.c (published values
/// of the grid definition). Since 4.2, h3 computes only in `double`: each literal is the nearest double
/// to the decimal h3 prints, which is what its C compiler makes of it.
enum H3Constants {
    static let twoPi = 6.28318530717958647692528676655900576839433
    static let degreesToRadians = 0.0174532925199432957692369076848861271111
    static let radiansToDegrees = 57.29577951308232087679815481410517033240547
    static let epsilon = 0.0000000000000001
    static let sqrt3Over2 = 0.8660254037844386467637231707529361834714
    /// 1 / sin 60° (h3's `M_RSIN60`).
    static let inverseSin60 = 1.1547005383792515290182975610039149112953
    static let oneThird = 0.333333333333333333333333333333333333333
    /// Rotation between Class II and Class III grids, asin(√(3/28)).
    static let ap7RotationRadians = 0.333473172251832115336090755351601070065900389
    static let sqrt7 = 2.6457513110645905905016157536392604257102
    static let inverseSqrt7 = 0.37796447300922722721451653623418006081576
    /// Resolution 0 unit length in the gnomonic projection, and its inverse.
    static let res0UGnomonic = 0.38196601125010500003
    static let inverseRes0UGnomonic = 2.61803398874989588842
    /// Mean Earth radius used by h3 for areas and lengths, in km.
    static let earthRadiusKm = 6371.007180918475
}

/// Angle in [0, 2π), h3's `_posAngleRads` (which tests the input, not the shifted value, against 2π).
@inline(__always) func positiveAngle(_ radians: Double) -> Double {
    var angle = radians < 0 ? radians + H3Constants.twoPi : radians
    if radians >= H3Constants.twoPi { angle -= H3Constants.twoPi }
    return angle
}

@inline(__always) func degreesToRadians(_ degrees: Double) -> Double { degrees * H3Constants.degreesToRadians }
@inline(__always) func radiansToDegrees(_ radians: Double) -> Double { radians * H3Constants.radiansToDegrees }
