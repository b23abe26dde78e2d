#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Fast searches over raw bytes (the C library's vectorised `memchr`).
enum ByteSearch {
    /// Index of the first `byte` in `p[from..<end]`, or nil.
    @inline(__always)
    static func first(_ byte: UInt8, in p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int? {
        guard from < end, let hit = memchr(p + from, Int32(byte), end - from) else { return nil }
        return p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Number of `byte`s in `p[from..<end]`.
    static func count(_ byte: UInt8, in p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var total = 0
        var k = from
        while let hit = first(byte, in: p, from: k, end: end) {
            total += 1
            k = hit + 1
        }
        return total
    }
}
