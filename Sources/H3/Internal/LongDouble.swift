// Uber's C library writes several constants as `long double` literals (constants.h), so on x86-64
// its products such as `degrees * M_PI_180` are computed in 80-bit precision and then rounded to
// double. We do the same on x86-64 so that the cell chosen for a point on a boundary is bit-exact.
#if arch(x86_64) || arch(i386)
@usableFromInline typealias LongDouble = Float80
#else
@usableFromInline typealias LongDouble = Double
#endif

/// Constants from h3's constants.h / faceijk.c (published values of the grid definition).
enum H3Constants {
    static let pi: LongDouble = 3.14159265358979323846
    static let twoPi: LongDouble = 6.28318530717958647692528676655900576839433
    /// The smallest `Double` ≥ `twoPi` (2π rounded up), for comparisons as with `epsilonRoundedUp`.
    #if arch(x86_64) || arch(i386)
    static let twoPiRoundedUp: Double = 0x1.921fb54442d19p+2
    #else
    static let twoPiRoundedUp: Double = twoPi
    #endif
    static let degreesToRadians: LongDouble = 0.0174532925199432957692369076848861271111
    static let radiansToDegrees: LongDouble = 57.29577951308232087679815481410517033240547
    static let epsilon: LongDouble = 0.0000000000000001
    /// The smallest `Double` ≥ `epsilon`: for a double x, `Float80(x) < epsilon` ⟺ `x < epsilonRoundedUp`,
    /// a plain SSE comparison instead of a trip through the x87 unit (checked in `LongDoubleTests`).
    #if arch(x86_64) || arch(i386)
    static let epsilonRoundedUp: Double = 0x1.cd2b297d889bdp-54
    #else
    static let epsilonRoundedUp: Double = epsilon  // LongDouble is Double here
    #endif
    static let sqrt3Over2: LongDouble = 0.8660254037844386467637231707529361834714
    /// Rotation between Class II and Class III grids, asin(sqrt(3/28)).
    static let ap7RotationRadians: LongDouble = 0.333473172251832115336090755351601070065900389
    static let sqrt7: LongDouble = 2.6457513110645905905016157536392604257102
    /// Resolution 0 unit length in the gnomonic projection.
    static let res0UGnomonic: LongDouble = 0.38196601125010500003
    /// Mean Earth radius used by h3 for areas and lengths, in km.
    static let earthRadiusKm: Double = 6371.007180918475
}

@inline(__always) func ld(_ x: Double) -> LongDouble { LongDouble(x) }

/// Angle in [0, 2π), h3's `_posAngleRads` with its long-double constant. The comparisons are
/// done on doubles (exact, see `twoPiRoundedUp`), so only an angle that needs moving touches x87.
@inline(__always) func positiveAngle(_ radians: Double) -> Double {
    if radians < 0 { return Double(ld(radians) + H3Constants.twoPi) }
    if radians >= H3Constants.twoPiRoundedUp { return Double(ld(radians) - H3Constants.twoPi) }
    return radians
}

/// `Float80(x) < H3Constants.epsilon`, h3's `r < EPSILON` on a double, without the x87 unit.
@inline(__always) func isBelowEpsilon(_ x: Double) -> Bool { x < H3Constants.epsilonRoundedUp }

/// Longitude folded into [−π, π].
@inline(__always) func constrainLongitude(_ lng: Double) -> Double {
    var lng = lng
    while lng > Double.pi { lng -= 2 * Double.pi }
    while lng < -Double.pi { lng += 2 * Double.pi }
    return lng
}

@inline(__always) func degreesToRadians(_ degrees: Double) -> Double { Double(ld(degrees) * H3Constants.degreesToRadians) }
@inline(__always) func radiansToDegrees(_ radians: Double) -> Double { Double(ld(radians) * H3Constants.radiansToDegrees) }
