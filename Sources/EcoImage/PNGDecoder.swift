/// PNG decoding per the PNG specification (W3C, 3rd edition): chunk CRCs, every colour type and bit
/// depth, palettes with tRNS alpha, filter types 0-4 and Adam7 interlace.
///
/// Output channels: grey 1, grey+alpha 2, RGB 3, RGBA 4, palette 3 (4 when a tRNS chunk gives alpha).
/// Bit depths below 8 are scaled to 0-255 by replication (1-bit 0/255, 2-bit ×85, 4-bit ×17) and
/// 16-bit samples keep their high byte, both as Pillow does. tRNS on grey or RGB images is ignored.
public enum PNGDecoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    struct Header {
        var width = 0, height = 0, bitDepth = 0, colorType = 0, interlaced = false
        /// Samples per pixel in the file (palette: 1 index).
        var fileChannels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType] ?? 0 }
        var bitsPerPixel: Int { fileChannels * bitDepth }
        func rowBytes(_ w: Int) -> Int { (w * bitsPerPixel + 7) / 8 }
    }

    /// Decodes a PNG file's bytes.
    public static func decode(_ bytes: [UInt8], limits: DecodeLimits = DecodeLimits()) throws(ImageError) -> PixelImage {
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { throw ImageError("not a PNG file: the 8-byte PNG signature is missing") }
        var header: Header?
        var palette: [UInt8] = [], alphaTable: [UInt8] = []
        var compressed: [UInt8] = []
        var offset = 8, sawEnd = false
        while !sawEnd {
            guard offset + 12 <= bytes.count else { throw ImageError("truncated PNG: the chunk at byte \(offset) is cut off before IEND") }
            let length = Int(readUInt32(bytes, offset))
            let typeBytes = Array(bytes[offset + 4..<offset + 8])
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard length <= 0x7FFF_FFFF, offset + 12 + length <= bytes.count else {
                throw ImageError("truncated PNG: chunk \(type) at byte \(offset) declares \(length) bytes but the file ends first")
            }
            let body = offset + 8..<offset + 8 + length
            let stored = readUInt32(bytes, body.upperBound)
            let computed = CRC32.checksum(bytes[offset + 4..<body.upperBound])
            guard stored == computed else {
                throw ImageError("PNG chunk \(type) at byte \(offset) fails its CRC (stored \(Zlib.hex(stored)), computed \(Zlib.hex(computed))): the file is corrupt")
            }
            switch type {
            case "IHDR": header = try parseHeader(bytes[body], limits: limits)
            case "PLTE": palette = Array(bytes[body])
            case "tRNS": alphaTable = Array(bytes[body])
            case "IDAT":
                guard header != nil else { throw ImageError("PNG has image data (IDAT) before its header (IHDR)") }
                compressed.append(contentsOf: bytes[body])
            case "IEND": sawEnd = true
            default:
                // Critical chunks (upper-case first letter) we do not know make the image undecodable.
                guard typeBytes[0] & 0x20 != 0 else { throw ImageError("PNG has an unknown critical chunk \(type); it cannot be decoded") }
            }
            if type != "IHDR", header == nil { throw ImageError("PNG does not start with its IHDR header chunk") }
            offset = body.upperBound + 4
        }
        guard let h = header else { throw ImageError("PNG has no IHDR header chunk") }
        guard !compressed.isEmpty else { throw ImageError("PNG has no image data (IDAT chunk)") }
        if h.colorType == 3 {
            guard !palette.isEmpty, palette.count % 3 == 0, palette.count / 3 <= 1 << h.bitDepth else {
                throw ImageError("PNG palette image has a missing or malformed PLTE chunk (\(palette.count) bytes)")
            }
        }
        let passes = h.interlaced ? adam7 : [Pass(x0: 0, y0: 0, dx: 1, dy: 1)]
        var expected = 0
        for p in passes {
            let (w, hh) = p.size(h.width, h.height)
            if w > 0, hh > 0 { expected += hh * (1 + h.rowBytes(w)) }
        }
        let raw = try Zlib.inflate(compressed, maxOutput: expected)
        guard raw.count == expected else {
            throw ImageError("PNG image data inflates to \(raw.count) bytes; its \(h.width)x\(h.height) header needs \(expected) (truncated or corrupt file)")
        }
        let outChannels = h.colorType == 3 ? (alphaTable.isEmpty ? 3 : 4) : h.fileChannels
        var out = [UInt8](repeating: 0, count: h.width * h.height * outChannels)
        var rawOffset = 0
        let expander = RowExpander(header: h, palette: palette, alpha: alphaTable, outChannels: outChannels)
        for p in passes {
            let (w, hh) = p.size(h.width, h.height)
            guard w > 0, hh > 0 else { continue }
            let stride = h.rowBytes(w)
            let bpp = max(1, h.bitsPerPixel / 8)
            var previous = [UInt8](repeating: 0, count: stride)
            var current = [UInt8](repeating: 0, count: stride)
            var pixels = [UInt8](repeating: 0, count: w * outChannels)
            for y in 0..<hh {
                let filter = raw[rawOffset]
                guard filter <= 4 else { throw ImageError("PNG row \(y) uses filter type \(filter); only 0-4 are defined (corrupt file)") }
                current.withUnsafeMutableBufferPointer { row in
                    raw.withUnsafeBufferPointer { src in
                        for i in 0..<stride { row[i] = src[rawOffset + 1 + i] }
                    }
                    previous.withUnsafeBufferPointer { prior in unfilter(filter, row, prior, bpp: bpp) }
                }
                rawOffset += 1 + stride
                try expander.expand(current, count: w, into: &pixels)
                let outY = p.y0 + y * p.dy
                for x in 0..<w {
                    let o = ((outY * h.width) + p.x0 + x * p.dx) * outChannels
                    for c in 0..<outChannels { out[o + c] = pixels[x * outChannels + c] }
                }
                swap(&previous, &current)
            }
        }
        return PixelImage(width: h.width, height: h.height, channels: outChannels, samples: out)
    }

    static func parseHeader(_ b: ArraySlice<UInt8>, limits: DecodeLimits) throws(ImageError) -> Header {
        guard b.count == 13 else { throw ImageError("PNG IHDR chunk is \(b.count) bytes; it must be 13") }
        let s = b.startIndex
        var h = Header()
        h.width = Int(readUInt32(Array(b), 0))
        h.height = Int(readUInt32(Array(b), 4))
        h.bitDepth = Int(b[s + 8])
        h.colorType = Int(b[s + 9])
        let allowed: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard let depths = allowed[h.colorType] else { throw ImageError("PNG colour type \(h.colorType) is not defined (0, 2, 3, 4 and 6 are)") }
        guard depths.contains(h.bitDepth) else {
            throw ImageError("PNG bit depth \(h.bitDepth) is not allowed for colour type \(h.colorType) (allowed: \(depths))")
        }
        guard b[s + 10] == 0, b[s + 11] == 0 else { throw ImageError("PNG uses an unknown compression or filter method") }
        guard b[s + 12] <= 1 else { throw ImageError("PNG interlace method \(b[s + 12]) is not defined (0 none, 1 Adam7)") }
        h.interlaced = b[s + 12] == 1
        try limits.check(width: h.width, height: h.height, format: "PNG")
        return h
    }

    /// One Adam7 pass (or the whole image): its first pixel and its steps.
    struct Pass {
        let x0: Int, y0: Int, dx: Int, dy: Int
        func size(_ width: Int, _ height: Int) -> (Int, Int) {
            ((width - x0 + dx - 1) / dx, (height - y0 + dy - 1) / dy)
        }
    }

    static let adam7 = [
        Pass(x0: 0, y0: 0, dx: 8, dy: 8), Pass(x0: 4, y0: 0, dx: 8, dy: 8), Pass(x0: 0, y0: 4, dx: 4, dy: 8), Pass(x0: 2, y0: 0, dx: 4, dy: 4),
        Pass(x0: 0, y0: 2, dx: 2, dy: 4), Pass(x0: 1, y0: 0, dx: 2, dy: 2), Pass(x0: 0, y0: 1, dx: 1, dy: 2),
    ]

    /// Reverses the PNG row filter (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) in place.
    static func unfilter(_ filter: UInt8, _ row: UnsafeMutableBufferPointer<UInt8>, _ prior: UnsafeBufferPointer<UInt8>, bpp: Int) {
        let n = row.count
        switch filter {
        case 1: for i in bpp..<max(n, bpp) { row[i] = row[i] &+ row[i - bpp] }
        case 2: for i in 0..<n { row[i] = row[i] &+ prior[i] }
        case 3:
            for i in 0..<n {
                let left = i >= bpp ? Int(row[i - bpp]) : 0
                row[i] = row[i] &+ UInt8(truncatingIfNeeded: (left + Int(prior[i])) >> 1)
            }
        case 4:
            for i in 0..<n {
                let a = i >= bpp ? Int(row[i - bpp]) : 0, b = Int(prior[i]), c = i >= bpp ? Int(prior[i - bpp]) : 0
                let p = a + b - c
                let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                row[i] = row[i] &+ UInt8(truncatingIfNeeded: pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
            }
        default: break
        }
    }

    static func readUInt32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }
}

/// Turns one unfiltered PNG row into 8-bit output samples.
struct RowExpander {
    let header: PNGDecoder.Header
    let palette: [UInt8]
    let alpha: [UInt8]
    let outChannels: Int

    func expand(_ row: [UInt8], count: Int, into out: inout [UInt8]) throws(ImageError) {
        let depth = header.bitDepth
        if header.colorType == 3 {
            let colours = palette.count / 3
            for x in 0..<count {
                let index = sample(row, x, depth)
                guard index < colours else { throw ImageError("PNG pixel uses palette entry \(index) but PLTE has only \(colours) colours") }
                for c in 0..<3 { out[x * outChannels + c] = palette[index * 3 + c] }
                if outChannels == 4 { out[x * 4 + 3] = index < alpha.count ? alpha[index] : 255 }
            }
            return
        }
        let n = count * outChannels
        switch depth {
        case 8: for i in 0..<n { out[i] = row[i] }
        case 16: for i in 0..<n { out[i] = row[i * 2] }
        default:
            let scale = 255 / ((1 << depth) - 1)
            for i in 0..<n { out[i] = UInt8(sample(row, i, depth) * scale) }
        }
    }

    /// The `i`-th packed sample of `depth` bits (1, 2, 4 or 8), most significant bits first.
    func sample(_ row: [UInt8], _ i: Int, _ depth: Int) -> Int {
        if depth == 8 { return Int(row[i]) }
        let bit = i * depth
        return Int(row[bit >> 3] >> UInt8(8 - depth - (bit & 7))) & ((1 << depth) - 1)
    }
}

/// The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42 polynomial 0xEDB88320, reflected).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
