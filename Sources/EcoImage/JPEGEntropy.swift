/// A JPEG Huffman table (ITU T.81 Annex C), with a 9-bit lookup for short codes and the
/// canonical max-code search (T.81 F.2.2.3) for the rest.
struct JPEGHuffman {
    static let fastBits = 9
    /// For each 9-bit prefix: `length << 8 | value`, or 0 when the code is longer than 9 bits.
    var fast = [UInt16](repeating: 0, count: 1 << fastBits)
    /// Largest code of each length 1-16 (-1 when none), and where its values start.
    var maxCode = [Int](repeating: -1, count: 18)
    var valueOffset = [Int](repeating: 0, count: 17)
    var values: [UInt8]

    init(counts: [Int], values: [UInt8]) throws(ImageError) {
        self.values = values
        var code = 0, k = 0
        for length in 1...16 {
            valueOffset[length] = k - code
            for _ in 0..<counts[length - 1] {
                guard code < 1 << length else { throw ImageError("JPEG Huffman table has more codes than fit in \(length) bits (corrupt DHT)") }
                if length <= JPEGHuffman.fastBits {
                    let shift = JPEGHuffman.fastBits - length
                    for j in 0..<(1 << shift) { fast[code << shift | j] = UInt16(length << 8) | UInt16(values[k]) }
                }
                code += 1
                k += 1
            }
            if counts[length - 1] > 0 { maxCode[length] = code - 1 }
            code <<= 1
        }
        maxCode[17] = Int.max  // sentinel: a code longer than 16 bits is corrupt data
    }
}

/// Reads entropy-coded JPEG data: removes 0xFF00 stuffing and stops at markers. Reading past a marker
/// or the end of the file is an error (libjpeg would feed zeros and warn), so a cut file never decodes
/// as a grey-filled image and a tiny file claiming a large image costs little time.
struct JPEGBitReader {
    let data: [UInt8]
    var position: Int
    var buffer: UInt64 = 0
    var bitCount = 0
    /// Zero bits fed after the end of the file; consuming any of them means the file is truncated.
    var paddingAfterEnd = 0
    var hitMarker = false

    init(_ data: [UInt8], position: Int) {
        self.data = data
        self.position = position
    }

    mutating func refill() {
        while bitCount <= 56 {
            var byte: UInt8 = 0
            if hitMarker || position >= data.count {
                paddingAfterEnd += 8
            } else {
                byte = data[position]
                if byte == 0xFF {
                    let next = position + 1 < data.count ? data[position + 1] : 0
                    if next == 0x00 {
                        position += 2
                    } else if position + 1 >= data.count {
                        position += 1  // a lone 0xFF at the very end: the file is cut
                        paddingAfterEnd += 8
                        byte = 0
                    } else {
                        hitMarker = true
                        paddingAfterEnd += 8
                        byte = 0
                    }
                } else {
                    position += 1
                }
            }
            buffer = buffer << 8 | UInt64(byte)
            bitCount += 8
        }
    }

    mutating func checkEnd() throws(ImageError) {
        guard paddingAfterEnd > bitCount else { return }
        if hitMarker {
            let marker = String(data[position + 1], radix: 16, uppercase: true)
            throw ImageError("JPEG entropy data stops at marker FF\(marker) (byte \(position)) before the scan is complete: the file is truncated or corrupt")
        }
        throw ImageError("truncated JPEG: entropy data ends at byte \(data.count) before the image is complete; the file was cut short")
    }

    mutating func bits(_ n: Int) throws(ImageError) -> Int {
        if n == 0 { return 0 }
        if bitCount < n { refill() }
        bitCount -= n
        try checkEnd()
        return Int((buffer >> UInt64(bitCount)) & ((1 << UInt64(n)) - 1))
    }

    mutating func bit() throws(ImageError) -> Int { try bits(1) }

    /// `bits(s)` sign-extended per T.81 F.2.2.1 (EXTEND).
    mutating func receiveExtend(_ s: Int) throws(ImageError) -> Int32 {
        if s == 0 { return 0 }
        guard s <= 16 else { throw ImageError("JPEG coefficient size \(s) is out of range (corrupt entropy data)") }
        let v = try bits(s)
        return Int32(v < 1 << (s - 1) ? v - (1 << s) + 1 : v)
    }

    mutating func decode(_ table: JPEGHuffman) throws(ImageError) -> Int {
        if bitCount < 16 { refill() }
        let peek = Int((buffer >> UInt64(bitCount - JPEGHuffman.fastBits)) & UInt64((1 << JPEGHuffman.fastBits) - 1))
        let entry = table.fast[peek]
        if entry != 0 {
            bitCount -= Int(entry >> 8)
            try checkEnd()
            return Int(entry & 0xFF)
        }
        var length = JPEGHuffman.fastBits + 1
        var code = Int((buffer >> UInt64(bitCount - length)) & UInt64((1 << length) - 1))
        while code > table.maxCode[length] {
            length += 1
            guard length <= 16 else { break }
            code = Int((buffer >> UInt64(bitCount - length)) & UInt64((1 << length) - 1))
        }
        guard length <= 16 else { throw ImageError("JPEG entropy data holds a Huffman code its table does not define (corrupt data near byte \(position))") }
        bitCount -= length
        try checkEnd()
        let index = code + table.valueOffset[length]
        guard index >= 0, index < table.values.count else { throw ImageError("JPEG Huffman code points outside its table (corrupt DHT)") }
        return Int(table.values[index])
    }

    /// Drops buffered bits and moves to the next marker (after a scan or before a restart marker).
    mutating func nextMarker() -> Int {
        buffer = 0; bitCount = 0; hitMarker = false; paddingAfterEnd = 0
        while position + 1 < data.count, !(data[position] == 0xFF && data[position + 1] != 0 && data[position + 1] != 0xFF) {
            position += 1
        }
        return position
    }
}
