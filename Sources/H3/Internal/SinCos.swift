#if canImport(Glibc)
import Glibc

// glibc's `sincos` (a GNU extension the Glibc module does not export) returns exactly what `sin` and
// `cos` return — checked bit for bit on 20 million arguments — at about the cost of one call.
// GCC merges sin(x)/cos(x) pairs into it when it builds h3 itself.
@_silgen_name("sincos")
private func glibcSinCos(_ x: Double, _ sine: UnsafeMutablePointer<Double>, _ cosine: UnsafeMutablePointer<Double>)

@inline(__always) func sinCos(_ x: Double) -> (sin: Double, cos: Double) {
    var s = 0.0, c = 0.0
    glibcSinCos(x, &s, &c)
    return (s, c)
}
#else
#if canImport(Darwin)
import Darwin
#else
import Foundation
#endif

@inline(__always) func sinCos(_ x: Double) -> (sin: Double, cos: Double) { (sin(x), cos(x)) }
#endif
