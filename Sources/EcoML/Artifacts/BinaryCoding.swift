/// Appends little-endian values to a byte buffer.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func count(_ n: Int) { u32(UInt32(n)) }
    mutating func string(_ s: String) {
        count(s.utf8.count)
        bytes += s.utf8
    }
    mutating func f64s(_ values: [Double]) {
        count(values.count)
        for v in values { f64(v) }
    }
    mutating func raw(_ data: [UInt8]) { bytes += data }
}

/// Reads little-endian values written by ``BinaryWriter``, failing cleanly on truncated input.
struct BinaryReader {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    private mutating func take(_ n: Int) throws(MLError) -> ArraySlice<UInt8> {
        guard n >= 0, bytes.count - position >= n else { throw MLError.corruptArtifact("truncated at byte \(position)") }
        defer { position += n }
        return bytes[position ..< position + n]
    }

    mutating func u8() throws(MLError) -> UInt8 { try take(1).first! }
    mutating func u32() throws(MLError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    mutating func u64() throws(MLError) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
    mutating func i32() throws(MLError) -> Int32 { Int32(bitPattern: try u32()) }
    mutating func f64() throws(MLError) -> Double { Double(bitPattern: try u64()) }
    /// A count, checked against the bytes left so a damaged length cannot request a huge allocation.
    mutating func count(elementSize: Int) throws(MLError) -> Int {
        let n = Int(try u32())
        guard n * max(elementSize, 1) <= bytes.count - position else {
            throw MLError.corruptArtifact("length \(n) at byte \(position - 4) exceeds the data")
        }
        return n
    }
    mutating func string() throws(MLError) -> String {
        let n = try count(elementSize: 1)
        return String(decoding: try take(n), as: UTF8.self)
    }
    mutating func f64s() throws(MLError) -> [Double] {
        let n = try count(elementSize: 8)
        var out = [Double]()
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try f64()) }
        return out
    }
}

/// FNV-1a 64-bit hash (Fowler–Noll–Vo; offset basis 0xcbf29ce484222325, prime 0x100000001b3).
func fnv1a64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    return h
}
