/// JPEG decoding per ITU T.81 (ISO/IEC 10918-1) with JFIF/Adobe colour conventions: baseline and
/// extended sequential (SOF0/SOF1) and progressive (SOF2) Huffman coding, 8-bit samples, grey and
/// YCbCr (or Adobe RGB) with any integral chroma subsampling (4:4:4, 4:2:2, 4:2:0, 4:4:0 …),
/// restart markers. Output: 1 channel (grey) or 3 (RGB).
///
/// Refused with a clear error: arithmetic coding, lossless and hierarchical modes, 12-bit samples,
/// 4-component (CMYK/YCCK) images. EXIF orientation is ignored: pixels come out as stored.
public enum JPEGDecoder {
    /// Decodes a JPEG file's bytes.
    public static func decode(_ bytes: [UInt8], limits: DecodeLimits = DecodeLimits()) throws(ImageError) -> PixelImage {
        var state = JPEGState(bytes: bytes, limits: limits)
        try state.run()
        return try state.output()
    }
}

/// The decoder's tables and frame while it walks the markers.
struct JPEGState {
    let bytes: [UInt8]
    let limits: DecodeLimits
    var quantTables = [[UInt16]?](repeating: nil, count: 4)
    var dcTables = [JPEGHuffman?](repeating: nil, count: 4)
    var acTables = [JPEGHuffman?](repeating: nil, count: 4)
    var components: [JPEGComponent] = []
    var width = 0, height = 0
    var progressive = false
    var restartInterval = 0
    var adobeTransform: Int?
    var scans = 0
    var mcusWide = 0, mcusHigh = 0

    init(bytes: [UInt8], limits: DecodeLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    static let sofNames: [UInt8: String] = [
        0xC3: "SOF3 (lossless)", 0xC5: "SOF5 (differential sequential)", 0xC6: "SOF6 (differential progressive)",
        0xC7: "SOF7 (differential lossless)", 0xC9: "SOF9 (arithmetic sequential)", 0xCA: "SOF10 (arithmetic progressive)",
        0xCB: "SOF11 (arithmetic lossless)", 0xCD: "SOF13 (differential arithmetic sequential)",
        0xCE: "SOF14 (differential arithmetic progressive)", 0xCF: "SOF15 (differential arithmetic lossless)",
    ]

    func truncated(_ what: String, at offset: Int) -> ImageError {
        ImageError("truncated JPEG: the \(what) at byte \(offset) runs past the end of the file (\(bytes.count) bytes)")
    }

    /// The marker segment body (after its 2-byte length) starting at `offset`.
    func segment(at offset: Int, _ name: String) throws(ImageError) -> ArraySlice<UInt8> {
        guard offset + 4 <= bytes.count else { throw truncated("\(name) segment", at: offset) }
        let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
        guard length >= 2 else { throw ImageError("JPEG \(name) segment at byte \(offset) declares length \(length), less than 2 (corrupt file)") }
        guard offset + 2 + length <= bytes.count else { throw truncated("\(name) segment", at: offset) }
        return bytes[offset + 4..<offset + 2 + length]
    }

    mutating func run() throws(ImageError) {
        guard bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw ImageError("not a JPEG file: it does not start with the SOI marker FF D8") }
        var offset = 2
        while true {
            // Markers may be preceded by any number of 0xFF fill bytes (T.81 B.1.1.2).
            guard offset + 1 < bytes.count else {
                throw ImageError("truncated JPEG: the file ends at byte \(bytes.count) before the EOI marker" + (scans == 0 ? " and before any image data" : ""))
            }
            guard bytes[offset] == 0xFF else { throw ImageError("JPEG marker expected at byte \(offset), found \(bytes[offset]) (corrupt file)") }
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue }
            switch marker {
            case 0xD9:
                guard scans > 0 else { throw ImageError("JPEG has no image data (EOI before any SOS scan)") }
                return
            case 0xD0...0xD7, 0x01: offset += 2  // stray restart or TEM marker: no body
            case 0xC0, 0xC1, 0xC2:
                guard components.isEmpty else { throw ImageError("JPEG has a second frame header at byte \(offset); only one frame is allowed") }
                let body = try segment(at: offset, "SOF")
                try readFrame(body, progressive: marker == 0xC2)
                offset += body.count + 4
            case 0xC4:
                let body = try segment(at: offset, "DHT")
                try readHuffmanTables(body)
                offset += body.count + 4
            case 0xDB:
                let body = try segment(at: offset, "DQT")
                try readQuantTables(body)
                offset += body.count + 4
            case 0xDD:
                let body = try segment(at: offset, "DRI")
                guard body.count >= 2 else { throw ImageError("JPEG DRI segment is \(body.count) bytes; it needs 2") }
                restartInterval = Int(body[body.startIndex]) << 8 | Int(body[body.startIndex + 1])
                offset += body.count + 4
            case 0xDA:
                let body = try segment(at: offset, "SOS")
                offset = try readScan(body, dataStart: offset + 4 + body.count)
            case 0xEE:
                let body = try segment(at: offset, "APP14")
                if body.count >= 12, Array(body.prefix(5)) == Array("Adobe".utf8) { adobeTransform = Int(body[body.startIndex + 11]) }
                offset += body.count + 4
            case 0xCC: throw ImageError("JPEG uses arithmetic coding (DAC marker); only Huffman-coded JPEGs are supported")
            default:
                if let name = JPEGState.sofNames[marker] {
                    throw ImageError("JPEG frame type \(name) is not supported; only baseline, extended sequential and progressive Huffman JPEGs (SOF0, SOF1, SOF2) are. Re-save the image as a standard JPEG")
                }
                // APPn, COM, DNL and others: skipped by their length.
                offset += (try segment(at: offset, JPEGState.markerName(marker))).count + 4
            }
        }
    }

    mutating func readQuantTables(_ body: ArraySlice<UInt8>) throws(ImageError) {
        var i = body.startIndex
        while i < body.endIndex {
            let precision = Int(body[i] >> 4), id = Int(body[i] & 15)
            let size = precision == 0 ? 64 : 128
            guard id < 4, precision <= 1 else { throw ImageError("JPEG DQT defines table \(id) with precision \(precision) (corrupt file)") }
            guard i + 1 + size <= body.endIndex else { throw ImageError("JPEG DQT segment is shorter than its tables (corrupt file)") }
            var table = [UInt16](repeating: 0, count: 64)
            for k in 0..<64 {
                let v = precision == 0 ? UInt16(body[i + 1 + k]) : UInt16(body[i + 1 + 2 * k]) << 8 | UInt16(body[i + 2 + 2 * k])
                table[jpegZigZag[k]] = v
            }
            quantTables[id] = table
            i += 1 + size
        }
    }

    mutating func readHuffmanTables(_ body: ArraySlice<UInt8>) throws(ImageError) {
        var i = body.startIndex
        while i < body.endIndex {
            guard i + 17 <= body.endIndex else { throw ImageError("JPEG DHT segment is shorter than its code counts (corrupt file)") }
            let tableClass = Int(body[i] >> 4), id = Int(body[i] & 15)
            guard tableClass <= 1, id < 4 else { throw ImageError("JPEG DHT defines class \(tableClass) table \(id) (corrupt file)") }
            let counts = (0..<16).map { Int(body[i + 1 + $0]) }
            let total = counts.reduce(0, +)
            guard total <= 256, i + 17 + total <= body.endIndex else { throw ImageError("JPEG DHT table \(id) lists \(total) codes beyond its segment (corrupt file)") }
            let table = try JPEGHuffman(counts: counts, values: Array(body[i + 17..<i + 17 + total]))
            if tableClass == 0 { dcTables[id] = table } else { acTables[id] = table }
            i += 17 + total
        }
    }

    mutating func readFrame(_ body: ArraySlice<UInt8>, progressive: Bool) throws(ImageError) {
        let b = Array(body)
        guard b.count >= 6 else { throw ImageError("JPEG SOF segment is \(b.count) bytes; too short (corrupt file)") }
        guard b[0] == 8 else {
            throw ImageError("JPEG has \(b[0])-bit samples (\(progressive ? "SOF2" : "SOF1")); only 8-bit JPEGs are supported")
        }
        height = Int(b[1]) << 8 | Int(b[2])
        width = Int(b[3]) << 8 | Int(b[4])
        guard height > 0 else { throw ImageError("JPEG declares its height in a DNL marker (height 0 in SOF), which is not supported") }
        try limits.check(width: width, height: height, format: "JPEG")
        let count = Int(b[5])
        guard count == 1 || count == 3 else {
            throw ImageError("JPEG has \(count) colour components; only greyscale (1) and YCbCr/RGB (3) are supported (CMYK/YCCK is not)")
        }
        guard b.count >= 6 + 3 * count else { throw ImageError("JPEG SOF segment is shorter than its component list (corrupt file)") }
        self.progressive = progressive
        for i in 0..<count {
            let h = Int(b[7 + 3 * i] >> 4), v = Int(b[7 + 3 * i] & 15), q = Int(b[8 + 3 * i])
            guard (1...4).contains(h), (1...4).contains(v), q < 4 else {
                throw ImageError("JPEG component \(i) has sampling \(h)x\(v) or quantization table \(q) out of range (corrupt file)")
            }
            components.append(JPEGComponent(id: Int(b[6 + 3 * i]), h: h, v: v, quantTable: q))
        }
        let hMax = components.map(\.h).max()!, vMax = components.map(\.v).max()!
        for c in components where hMax % c.h != 0 || vMax % c.v != 0 {
            throw ImageError("JPEG component \(c.id) has sampling \(c.h)x\(c.v) against a maximum of \(hMax)x\(vMax); fractional subsampling is not supported")
        }
        // Every block takes at least one bit of entropy data (its DC code), so a file too small for the
        // blocks its header declares is refused before the coefficients are allocated.
        let blocks = components.reduce(0) { $0 + ((width * $1.h + hMax - 1) / hMax + 7) / 8 * (((height * $1.v + vMax - 1) / vMax + 7) / 8) }
        guard blocks <= bytes.count * 8 else {
            throw ImageError("truncated JPEG: a \(width)x\(height) image needs at least \(blocks / 8) bytes of entropy data but the file has \(bytes.count)")
        }
        mcusWide = (width + 8 * hMax - 1) / (8 * hMax)
        mcusHigh = (height + 8 * vMax - 1) / (8 * vMax)
        for i in components.indices {
            var c = components[i]
            c.width = (width * c.h + hMax - 1) / hMax
            c.height = (height * c.v + vMax - 1) / vMax
            c.blocksWide = (c.width + 7) / 8
            c.blocksHigh = (c.height + 7) / 8
            c.stride = mcusWide * c.h
            c.rows = mcusHigh * c.v
            c.coefficients = [Int32](repeating: 0, count: c.stride * c.rows * 64)
            components[i] = c
        }
    }

    /// Reads the SOS header, decodes its entropy data, and returns the offset of the marker after it.
    mutating func readScan(_ body: ArraySlice<UInt8>, dataStart: Int) throws(ImageError) -> Int {
        guard !components.isEmpty else { throw ImageError("JPEG has a scan (SOS) before its frame header (SOF)") }
        let b = Array(body)
        guard !b.isEmpty, b.count >= 1 + 2 * Int(b[0]) + 3 else { throw ImageError("JPEG SOS segment is too short (corrupt file)") }
        let n = Int(b[0])
        guard (1...4).contains(n) else { throw ImageError("JPEG scan lists \(n) components (corrupt file)") }
        var members: [Int] = []
        for i in 0..<n {
            let id = Int(b[1 + 2 * i])
            guard let index = components.firstIndex(where: { $0.id == id }) else { throw ImageError("JPEG scan refers to component \(id), which the frame does not have") }
            components[index].dcTable = Int(b[2 + 2 * i] >> 4)
            components[index].acTable = Int(b[2 + 2 * i] & 15)
            members.append(index)
        }
        let p = 1 + 2 * n
        let scan = JPEGScanHeader(components: members, spectralStart: Int(b[p]), spectralEnd: Int(b[p + 1]),
                                  approximationHigh: Int(b[p + 2] >> 4), approximationLow: Int(b[p + 2] & 15))
        try validate(scan)
        var decoder = JPEGScanDecoder(reader: JPEGBitReader(bytes, position: dataStart), scan: scan, progressive: progressive,
                                      dcTables: dcTables, acTables: acTables)
        try decodeBlocks(&decoder)
        scans += 1
        return decoder.reader.nextMarker()
    }

    func validate(_ s: JPEGScanHeader) throws(ImageError) {
        if !progressive {
            guard s.spectralStart == 0, s.spectralEnd == 63, s.approximationHigh == 0, s.approximationLow == 0 else {
                throw ImageError("JPEG sequential scan has spectral selection \(s.spectralStart)-\(s.spectralEnd) (corrupt file)")
            }
            return
        }
        guard s.spectralStart <= s.spectralEnd, s.spectralEnd <= 63, s.approximationLow <= 13 else {
            throw ImageError("JPEG progressive scan has spectral selection \(s.spectralStart)-\(s.spectralEnd), Al \(s.approximationLow) (corrupt file)")
        }
        guard (s.spectralStart == 0) == (s.spectralEnd == 0) else { throw ImageError("JPEG progressive scan mixes DC and AC coefficients (corrupt file)") }
        guard s.spectralStart == 0 || s.components.count == 1 else { throw ImageError("JPEG progressive AC scan interleaves components (corrupt file)") }
    }

    /// Walks the scan's MCUs (or, for a one-component scan, that component's blocks), handling restarts.
    mutating func decodeBlocks(_ d: inout JPEGScanDecoder) throws(ImageError) {
        for i in d.scan.components { components[i].dcPrediction = 0 }
        let single = d.scan.components.count == 1
        let first = d.scan.components[0]
        let unitsWide = single ? components[first].blocksWide : mcusWide
        let units = unitsWide * (single ? components[first].blocksHigh : mcusHigh)
        for unit in 0..<units {
            if restartInterval > 0, unit > 0, unit % restartInterval == 0 {
                let at = d.reader.nextMarker()
                if at + 1 < bytes.count, (0xD0...0xD7).contains(bytes[at + 1]) { d.reader.position = at + 2 }
                for i in d.scan.components { components[i].dcPrediction = 0 }
                d.endOfBandRun = 0
            }
            let ux = unit % unitsWide, uy = unit / unitsWide
            if single {
                let ci = d.scan.components[0]
                try d.decodeBlock(&components[ci], at: (uy * components[ci].stride + ux) * 64)
                continue
            }
            for ci in d.scan.components {
                // Only the geometry is read here: holding a copy of the component would make every block write copy its coefficients.
                let h = components[ci].h, v = components[ci].v, stride = components[ci].stride
                for by in 0..<v {
                    for bx in 0..<h {
                        let offset = ((uy * v + by) * stride + ux * h + bx) * 64
                        try d.decodeBlock(&components[ci], at: offset)
                    }
                }
            }
        }
    }

    func output() throws(ImageError) -> PixelImage {
        var planes: [JPEGPlane] = []
        for c in components {
            guard let q = quantTables[c.quantTable] else { throw ImageError("JPEG component \(c.id) uses quantization table \(c.quantTable), which no DQT defined") }
            planes.append(JPEGPlane(component: c, quant: q))
        }
        if planes.count == 1 {
            return PixelImage(width: width, height: height, channels: 1, samples: planes[0].cropped(width: width, height: height))
        }
        let hMax = components.map(\.h).max()!, vMax = components.map(\.v).max()!
        let full = planes.indices.map { i in
            planes[i].upsampled(by: hMax / components[i].h, vMax / components[i].v, width: width, height: height)
        }
        // Adobe transform 0, or components named 'R','G','B', mean the samples are RGB already.
        let isRGB = adobeTransform == 0 || components.map(\.id) == [82, 71, 66]
        return PixelImage(width: width, height: height, channels: 3,
                          samples: isRGB ? interleave(full) : JPEGColor.ycbcrToRGB(full[0], full[1], full[2]))
    }

    func interleave(_ p: [[UInt8]]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: p[0].count * 3)
        for i in 0..<p[0].count { out[3 * i] = p[0][i]; out[3 * i + 1] = p[1][i]; out[3 * i + 2] = p[2][i] }
        return out
    }
}

extension JPEGState {
    static func markerName(_ marker: UInt8) -> String { "marker FF" + String(marker, radix: 16, uppercase: true) }
}
