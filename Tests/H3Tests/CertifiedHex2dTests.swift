import Testing
@testable import H3

/// The fast path of `latLngToCell` (distance scaled by one multiplication, decisions certified by
/// their margins) against the exact path (h3's roundings, one product per resolution).
struct CertifiedHex2dTests {
    /// The exact path end to end: h3's `_geoToHex2d`, `_hex2dToCoordIJK`, `_faceIjkToH3`.
    static func exactCellIndex(latitude: Double, longitude: Double, resolution res: Int) -> UInt64 {
        let (face, v) = FaceProjection.hex2d(latitude: degreesToRadians(latitude), longitude: degreesToRadians(longitude), resolution: res)
        return FaceIJK.cellIndex(face: face, axial: CoordIJK.axial(hex2d: v), resolution: res)
    }

    /// Each entry is INV_RES0_U_GNOMONIC · M_SQRT7^res correctly rounded: the product is carried in
    /// double-double arithmetic (error-free fused products, relative error far below 2⁻¹⁰⁰ here) and
    /// must round to the entry without being near a tie.
    @Test(arguments: 0...15)
    func scaleTableEntryIsTheRoundedProductOfTheConstants(resolution: Int) {
        let entry = GnomonicProjection.scaleByResolution[resolution]
        var product = DoubleDouble(H3Constants.inverseRes0UGnomonic)
        for _ in 0..<resolution { product.multiply(by: H3Constants.sqrt7) }
        #expect(product.hi == entry)
        #expect(abs(product.lo) < entry.ulp / 2 * (1 - 0x1p-30))
    }

    /// The premise of the margin argument: the approximate distance is within a relative 2⁻⁴⁸.
    @Test func approximateDistanceIsWithinTheBound() {
        var rng = SplitMix(seed: 21)
        var worst = 0.0
        for _ in 0..<20_000 {
            let lat = Double(rng.next() % 1_000_000) / 1_000_000 * 3.1 - 1.55, lng = Double(rng.next() % 1_000_000) / 1_000_000 * 6.28 - 3.14
            for res in 0...15 {
                let p = FaceProjection.project(latitude: lat, longitude: lng, resolution: res)
                guard !p.atCentre else { continue }
                let exact = p.exactPoint(resolution: res), approximate = p.approximatePoint(resolution: res)
                worst = max(worst, abs(approximate.length / exact.length - 1))
            }
        }
        #expect(worst < 0x1p-48)
    }

    @Test func fastPathEqualsExactPathOnRandomPoints() {
        var rng = SplitMix(seed: 17)
        var mismatches = 0, checked = 0, fallbacks = 0
        for _ in 0..<40_000 {
            let lat = Double(rng.next() % 10_000_000) / 10_000_000 * 180 - 90
            let lng = Double(rng.next() % 10_000_000) / 10_000_000 * 360 - 180
            for res in 0...15 {
                checked += 1
                if H3.latLngToCellIndex(latitude: lat, longitude: lng, resolution: res)
                    != Self.exactCellIndex(latitude: lat, longitude: lng, resolution: res) { mismatches += 1 }
                let p = FaceProjection.project(latitude: degreesToRadians(lat), longitude: degreesToRadians(lng), resolution: res)
                if !p.atCentre && CoordIJK.certifiedAxial(approximately: p.approximatePoint(resolution: res)) == nil { fallbacks += 1 }
            }
        }
        #expect(mismatches == 0)
        #expect(checked == 640_000)
        #expect(fallbacks < checked / 1000)
    }

    /// Cell vertices and edge midpoints sit on the decision boundaries, where the fast path must
    /// give way to the exact one: same cells as the exact path, and the fallback is exercised.
    @Test func pointsOnCellBoundariesFallBackAndAgree() {
        var rng = SplitMix(seed: 19)
        var mismatches = 0, fallbacks = 0, checked = 0
        for _ in 0..<600 {
            let res = Int(rng.next() % 16)
            let lat = Double(rng.next() % 1_000_000) / 1_000_000 * 170 - 85
            let lng = Double(rng.next() % 1_000_000) / 1_000_000 * 360 - 180
            let cell = H3Cell(unchecked: H3.latLngToCellIndex(latitude: lat, longitude: lng, resolution: res))
            let vertices = cell.boundary
            var points = vertices
            for (a, b) in zip(vertices, vertices.dropFirst() + vertices.prefix(1)) {
                points.append(LatLng(latitude: (a.latitude + b.latitude) / 2, longitude: (a.longitude + b.longitude) / 2))
            }
            for q in points {
                checked += 1
                if H3.latLngToCellIndex(latitude: q.latitude, longitude: q.longitude, resolution: res)
                    != Self.exactCellIndex(latitude: q.latitude, longitude: q.longitude, resolution: res) { mismatches += 1 }
                let p = FaceProjection.project(latitude: degreesToRadians(q.latitude), longitude: degreesToRadians(q.longitude), resolution: res)
                if !p.atCentre && CoordIJK.certifiedAxial(approximately: p.approximatePoint(resolution: res)) == nil { fallbacks += 1 }
            }
        }
        #expect(mismatches == 0)
        #expect(fallbacks > checked / 10)
    }
}

/// A real number as the unevaluated sum hi + lo of two doubles, |lo| ≤ ulp(hi)/2.
struct DoubleDouble {
    var hi: Double
    var lo = 0.0

    init(_ x: Double) { hi = x }

    /// Multiplies by a double: the rounding error of hi·c is recovered exactly with a fused multiply-add.
    mutating func multiply(by c: Double) {
        let p = hi * c
        let e = (-p).addingProduct(hi, c) + lo * c
        hi = p + e
        lo = e - (hi - p)
    }
}
