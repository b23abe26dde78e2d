/// zlib (RFC 1950) and DEFLATE (RFC 1951) decompression: stored, fixed-Huffman and dynamic-Huffman
/// blocks, with the Adler-32 check. Written for PNG's IDAT stream.
///
/// `maxOutput` is a hard ceiling: inflation stops with an error as soon as the output would pass it,
/// so a small "bomb" stream is refused after producing at most `maxOutput` bytes.
enum Zlib {
    static func inflate(_ data: [UInt8], maxOutput: Int) throws(ImageError) -> [UInt8] {
        guard data.count >= 2 else { throw ImageError("zlib stream is \(data.count) bytes; it needs at least a 2-byte header") }
        let cmf = Int(data[0]), flg = Int(data[1])
        guard cmf & 0x0F == 8, cmf >> 4 <= 7 else { throw ImageError("zlib stream uses compression method \(cmf & 0x0F); only deflate (8) is defined") }
        guard (cmf << 8 | flg) % 31 == 0 else { throw ImageError("zlib header check bits are wrong (the stream is corrupt)") }
        guard flg & 0x20 == 0 else { throw ImageError("zlib stream asks for a preset dictionary, which PNG forbids") }
        var inflater = Inflater(data, start: 2, maxOutput: maxOutput)
        try inflater.run()
        let end = inflater.alignedBytePosition()
        guard end + 4 <= data.count else { throw ImageError("zlib stream ends before its Adler-32 checksum (truncated data)") }
        let stored = UInt32(data[end]) << 24 | UInt32(data[end + 1]) << 16 | UInt32(data[end + 2]) << 8 | UInt32(data[end + 3])
        let actual = adler32(inflater.output)
        guard stored == actual else {
            throw ImageError("zlib Adler-32 mismatch (stored \(hex(stored)), computed \(hex(actual))): the compressed data is corrupt")
        }
        return inflater.output
    }

    /// Adler-32 of RFC 1950 section 8.2.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var i = 0
        while i < bytes.count {
            let end = min(i + 5552, bytes.count)  // the largest run before the sums can overflow 32 bits
            while i < end { a &+= UInt32(bytes[i]); b &+= a; i += 1 }
            a %= 65521; b %= 65521
        }
        return b << 16 | a
    }

    static func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }
}

/// A canonical Huffman code as a lookup table indexed by the next `bits` input bits (LSB first).
/// Each entry holds `symbol << 4 | length`; 0 marks a bit pattern no code starts with.
struct DeflateHuffman {
    var table: [UInt32]
    var bits: Int

    init(lengths: [UInt8]) throws(ImageError) {
        let maxLength = Int(lengths.max() ?? 0)
        bits = max(maxLength, 1)
        table = [UInt32](repeating: 0, count: 1 << bits)
        var counts = [Int](repeating: 0, count: 16)
        for l in lengths where l > 0 { counts[Int(l)] += 1 }
        var next = [Int](repeating: 0, count: 16)
        var code = 0, left = 1
        for len in 1...15 {
            left = (left << 1) - counts[len]
            guard left >= 0 else { throw ImageError("deflate Huffman code lengths are over-subscribed (corrupt data)") }
            code = (code + counts[len - 1]) << 1
            next[len] = code
        }
        for (symbol, l) in lengths.enumerated() where l > 0 {
            let len = Int(l)
            var c = next[len], reversed = 0
            next[len] += 1
            for _ in 0..<len { reversed = reversed << 1 | c & 1; c >>= 1 }
            var j = reversed
            while j < table.count { table[j] = UInt32(symbol) << 4 | UInt32(len); j += 1 << len }
        }
    }
}

/// The bit reader and block decoder behind `Zlib.inflate`.
struct Inflater {
    let input: [UInt8]
    var position: Int
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    var output: [UInt8] = []
    let maxOutput: Int

    init(_ input: [UInt8], start: Int, maxOutput: Int) {
        self.input = input
        self.position = start
        self.maxOutput = maxOutput
        output.reserveCapacity(min(maxOutput, max(input.count * 4, 1024)))
    }

    /// Byte offset just after the last byte the deflate stream used.
    func alignedBytePosition() -> Int { position - bitCount / 8 }

    mutating func refill() {
        while bitCount <= 56, position < input.count {
            bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
    }

    mutating func bits(_ n: Int) throws(ImageError) -> Int {
        if bitCount < n {
            refill()
            guard bitCount >= n else { throw ImageError("deflate data ends in the middle of a block (truncated PNG or zlib stream)") }
        }
        let v = Int(bitBuffer & ((1 << UInt64(n)) - 1))
        bitBuffer >>= UInt64(n)
        bitCount -= n
        return v
    }

    mutating func decode(_ h: DeflateHuffman) throws(ImageError) -> Int {
        if bitCount < h.bits { refill() }
        let entry = h.table[Int(bitBuffer & UInt64((1 << h.bits) - 1))]
        let len = Int(entry & 15)
        guard len > 0 else { throw ImageError("deflate data holds a Huffman code that its table does not define (corrupt data)") }
        guard len <= bitCount else { throw ImageError("deflate data ends in the middle of a Huffman code (truncated data)") }
        bitBuffer >>= UInt64(len)
        bitCount -= len
        return Int(entry >> 4)
    }

    mutating func run() throws(ImageError) {
        var final = false
        while !final {
            final = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock()
            case 1: try huffmanBlock(Inflater.fixedLiterals, Inflater.fixedDistances)
            case 2:
                let (lit, dist) = try dynamicTables()
                try huffmanBlock(lit, dist)
            default: throw ImageError("deflate block type 3 is reserved (corrupt data)")
            }
        }
    }

    mutating func storedBlock() throws(ImageError) {
        _ = try bits(bitCount % 8)
        let len = try bits(16), nlen = try bits(16)
        guard len == ~nlen & 0xFFFF else { throw ImageError("deflate stored block length does not match its complement (corrupt data)") }
        // Take whole bytes still in the bit buffer first, then copy straight from the input.
        var remaining = len
        while remaining > 0, bitCount >= 8 { try emit(UInt8(try bits(8))); remaining -= 1 }
        guard position + remaining <= input.count else { throw ImageError("deflate stored block runs past the end of the data (truncated)") }
        guard output.count + remaining <= maxOutput else { throw Inflater.tooLarge(maxOutput) }
        output.append(contentsOf: input[position..<position + remaining])
        position += remaining
    }

    static func tooLarge(_ limit: Int) -> ImageError {
        ImageError("compressed image data inflates to more than the \(limit) bytes its header allows (a decompression bomb or a corrupt file)")
    }

    mutating func emit(_ byte: UInt8) throws(ImageError) {
        guard output.count < maxOutput else { throw Inflater.tooLarge(maxOutput) }
        output.append(byte)
    }

    // RFC 1951 section 3.2.5: base lengths and extra bits of length codes 257-285 and distance codes 0-29.
    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                                      4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    // RFC 1951 section 3.2.6: the fixed codes.
    static let fixedLiterals = try! DeflateHuffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
    static let fixedDistances = try! DeflateHuffman(lengths: [UInt8](repeating: 5, count: 30))
    // RFC 1951 section 3.2.7: the order code-length code lengths are sent in.
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    mutating func dynamicTables() throws(ImageError) -> (DeflateHuffman, DeflateHuffman) {
        let hlit = try bits(5) + 257, hdist = try bits(5) + 1, hclen = try bits(4) + 4
        guard hlit <= 286, hdist <= 30 else { throw ImageError("deflate dynamic block declares \(hlit) literal or \(hdist) distance codes (corrupt data)") }
        var codeLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<hclen { codeLengths[Inflater.codeLengthOrder[i]] = UInt8(try bits(3)) }
        let lengthCode = try DeflateHuffman(lengths: codeLengths)
        var lengths: [UInt8] = []
        lengths.reserveCapacity(hlit + hdist)
        while lengths.count < hlit + hdist {
            let sym = try decode(lengthCode)
            switch sym {
            case 0...15: lengths.append(UInt8(sym))
            case 16:
                guard let last = lengths.last else { throw ImageError("deflate code lengths repeat a previous length before any was given (corrupt data)") }
                lengths.append(contentsOf: repeatElement(last, count: 3 + (try bits(2))))
            case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits(3))))
            default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits(7))))
            }
        }
        guard lengths.count == hlit + hdist else { throw ImageError("deflate code lengths overrun their declared count (corrupt data)") }
        guard lengths[256] > 0 else { throw ImageError("deflate dynamic block has no end-of-block code (corrupt data)") }
        return (try DeflateHuffman(lengths: Array(lengths[0..<hlit])), try DeflateHuffman(lengths: Array(lengths[hlit...])))
    }

    mutating func huffmanBlock(_ literals: DeflateHuffman, _ distances: DeflateHuffman) throws(ImageError) {
        while true {
            let sym = try decode(literals)
            if sym < 256 {
                try emit(UInt8(sym))
                continue
            }
            if sym == 256 { return }
            let li = sym - 257
            guard li < 29 else { throw ImageError("deflate length code \(sym) is not defined (corrupt data)") }
            let length = Inflater.lengthBase[li] + (try bits(Inflater.lengthExtra[li]))
            let di = try decode(distances)
            guard di < 30 else { throw ImageError("deflate distance code \(di) is not defined (corrupt data)") }
            let distance = Inflater.distanceBase[di] + (try bits(Inflater.distanceExtra[di]))
            guard distance <= output.count else {
                throw ImageError("deflate data refers \(distance) bytes back with only \(output.count) bytes written (corrupt data)")
            }
            guard output.count + length <= maxOutput else { throw Inflater.tooLarge(maxOutput) }
            var from = output.count - distance
            for _ in 0..<length { output.append(output[from]); from += 1 }
        }
    }
}
