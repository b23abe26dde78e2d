/// One component of a JPEG frame and its quantized DCT coefficients (natural order, 64 per block).
struct JPEGComponent {
    let id: Int
    let h: Int, v: Int
    let quantTable: Int
    /// Samples of this component inside the image (T.81 A.1.1: ceil(X * h / hmax)).
    var width = 0, height = 0
    /// Blocks covering `width` x `height` (used by non-interleaved scans).
    var blocksWide = 0, blocksHigh = 0
    /// Blocks stored per row and column: whole MCUs, as interleaved scans cover them.
    var stride = 0, rows = 0
    var coefficients: [Int32] = []
    var dcPrediction: Int32 = 0
    var dcTable = 0, acTable = 0
}

/// The parameters of one SOS scan (T.81 B.2.3).
struct JPEGScanHeader {
    var components: [Int]
    var spectralStart: Int, spectralEnd: Int
    var approximationHigh: Int, approximationLow: Int
}

/// T.81 Figure A.6: the zig-zag position of each coefficient, as natural-order indices.
let jpegZigZag: [Int] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
    35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]

/// Decodes the entropy-coded blocks of one scan into the components' coefficients: sequential
/// (T.81 F.2.2) and progressive (G.1.2: DC first/refine, AC first/refine with end-of-band runs).
struct JPEGScanDecoder {
    var reader: JPEGBitReader
    let scan: JPEGScanHeader
    let progressive: Bool
    let dcTables: [JPEGHuffman?]
    let acTables: [JPEGHuffman?]
    var endOfBandRun = 0

    mutating func decodeBlock(_ c: inout JPEGComponent, at offset: Int) throws(ImageError) {
        if !progressive { return try sequential(&c, offset) }
        if scan.spectralStart == 0 {
            if scan.approximationHigh == 0 { try dcFirst(&c, offset) } else { try dcRefine(&c, offset) }
        } else {
            if scan.approximationHigh == 0 { try acFirst(&c, offset) } else { try acRefine(&c, offset) }
        }
    }

    func table(_ tables: [JPEGHuffman?], _ index: Int, _ kind: String) throws(ImageError) -> JPEGHuffman {
        guard index < tables.count, let t = tables[index] else { throw ImageError("JPEG scan uses \(kind) Huffman table \(index), which no DHT defined") }
        return t
    }

    mutating func sequential(_ c: inout JPEGComponent, _ offset: Int) throws(ImageError) {
        let dc = try table(dcTables, c.dcTable, "DC"), ac = try table(acTables, c.acTable, "AC")
        let s = try reader.decode(dc)
        c.dcPrediction = c.dcPrediction &+ (try reader.receiveExtend(s))
        c.coefficients[offset] = c.dcPrediction
        var k = 1
        while k < 64 {
            let rs = try reader.decode(ac)
            let r = rs >> 4, size = rs & 15
            if size == 0 {
                if r != 15 { break }
                k += 16
                continue
            }
            k += r
            guard k < 64 else { throw ImageError("JPEG block has more than 64 coefficients (corrupt entropy data near byte \(reader.position))") }
            c.coefficients[offset + jpegZigZag[k]] = try reader.receiveExtend(size)
            k += 1
        }
    }

    mutating func dcFirst(_ c: inout JPEGComponent, _ offset: Int) throws(ImageError) {
        let s = try reader.decode(try table(dcTables, c.dcTable, "DC"))
        c.dcPrediction = c.dcPrediction &+ (try reader.receiveExtend(s))
        c.coefficients[offset] = c.dcPrediction &<< Int32(scan.approximationLow)
    }

    mutating func dcRefine(_ c: inout JPEGComponent, _ offset: Int) throws(ImageError) {
        if try reader.bit() == 1 { c.coefficients[offset] |= 1 &<< Int32(scan.approximationLow) }
    }

    mutating func acFirst(_ c: inout JPEGComponent, _ offset: Int) throws(ImageError) {
        if endOfBandRun > 0 { endOfBandRun -= 1; return }
        let ac = try table(acTables, c.acTable, "AC")
        var k = scan.spectralStart
        while k <= scan.spectralEnd {
            let rs = try reader.decode(ac)
            let r = rs >> 4, size = rs & 15
            if size == 0 {
                if r < 15 {
                    endOfBandRun = (1 << r) - 1 + (try reader.bits(r))
                    break
                }
                k += 16
                continue
            }
            k += r
            guard k < 64 else { throw ImageError("JPEG progressive block runs past coefficient 63 (corrupt entropy data near byte \(reader.position))") }
            c.coefficients[offset + jpegZigZag[k]] = (try reader.receiveExtend(size)) &* (1 &<< Int32(scan.approximationLow))
            k += 1
        }
    }

    /// Adds one refinement bit to an already non-zero coefficient (T.81 G.1.2.3).
    mutating func refine(_ c: inout JPEGComponent, _ index: Int, _ bit: Int32) throws(ImageError) {
        let v = c.coefficients[index]
        if try reader.bit() == 1, v & bit == 0 { c.coefficients[index] = v >= 0 ? v &+ bit : v &- bit }
    }

    mutating func acRefine(_ c: inout JPEGComponent, _ offset: Int) throws(ImageError) {
        let bit: Int32 = 1 &<< Int32(scan.approximationLow)
        var k = scan.spectralStart
        let end = scan.spectralEnd
        if endOfBandRun == 0 {
            let ac = try table(acTables, c.acTable, "AC")
            while k <= end {
                let rs = try reader.decode(ac)
                var r = rs >> 4
                let size = rs & 15
                var value: Int32 = 0
                if size == 0 {
                    if r < 15 {
                        endOfBandRun = (1 << r) + (try reader.bits(r))
                        break
                    }
                } else {
                    guard size == 1 else { throw ImageError("JPEG refinement scan codes a coefficient of size \(size); only 1 is valid (corrupt data)") }
                    value = try reader.bit() == 1 ? bit : -bit
                }
                // Skip `r` still-zero coefficients (refining the non-zero ones passed), then place `value`.
                while k <= end {
                    let z = offset + jpegZigZag[k]
                    if c.coefficients[z] != 0 {
                        try refine(&c, z, bit)
                    } else {
                        if r == 0 {
                            if value != 0 { c.coefficients[z] = value }
                            k += 1
                            break
                        }
                        r -= 1
                    }
                    k += 1
                }
            }
        }
        if endOfBandRun > 0 {
            while k <= end {
                let z = offset + jpegZigZag[k]
                if c.coefficients[z] != 0 { try refine(&c, z, bit) }
                k += 1
            }
            endOfBandRun -= 1
        }
    }
}
