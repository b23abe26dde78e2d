/// Bit layout of a 64-bit H3 cell index (h3 v4 "Index structure"): bit 63 reserved 0,
/// bits 59–62 mode (1 = cell), 56–58 reserved, 52–55 resolution, 45–51 base cell,
/// then fifteen 3-bit digits, digit r at bits (15 − r)·3, unused digits set to 7.
enum IndexBits {
    static let modeOffset: UInt64 = 59
    static let resolutionOffset: UInt64 = 52
    static let baseCellOffset: UInt64 = 45
    /// Mode 1 (cell), resolution 0, base cell 0, all digits 7.
    static let cellInit: UInt64 = (1 << 59) | ((1 << 45) - 1)

    @inline(__always) static func resolution(_ h: UInt64) -> Int { Int((h >> resolutionOffset) & 0xF) }
    @inline(__always) static func baseCell(_ h: UInt64) -> Int { Int((h >> baseCellOffset) & 0x7F) }
    @inline(__always) static func digitShift(_ r: Int) -> UInt64 { UInt64((15 - r) * 3) }
    @inline(__always) static func digit(_ h: UInt64, _ r: Int) -> Int { Int((h >> digitShift(r)) & 7) }

    @inline(__always) static func setResolution(_ h: inout UInt64, _ res: Int) {
        h = (h & ~(0xF << resolutionOffset)) | (UInt64(res) << resolutionOffset)
    }

    @inline(__always) static func setBaseCell(_ h: inout UInt64, _ bc: Int) {
        h = (h & ~(0x7F << baseCellOffset)) | (UInt64(bc) << baseCellOffset)
    }

    @inline(__always) static func setDigit(_ h: inout UInt64, _ r: Int, _ d: Int) {
        let s = digitShift(r)
        h = (h & ~(7 << s)) | (UInt64(d) << s)
    }

    /// The first non-zero digit, or 0 when all digits are 0 (a centre cell of its base cell).
    @inline(__always) static func leadingNonZeroDigit(_ h: UInt64) -> Int {
        let res = resolution(h)
        var r = 1
        while r <= res {
            let d = digit(h, r)
            if d != 0 { return d }
            r += 1
        }
        return 0
    }

    // Digit maps for one 60° rotation: K(1) J(2) JK(3) I(4) IK(5) IJ(6).
    // Packed 3 bits per digit (digit d at bits 3d): ccw maps 0→0 1→5 2→3 3→1 4→6 5→4 6→2 7→7,
    // cw is its inverse. Written as literals, not computed, so that reading them on the hot path
    // costs no lazy-initialisation check (`LiteralTableTests` recomputes them from the digit lists).
    static let ccwPacked: UInt32 = 0xEA_62E8
    static let cwPacked: UInt32 = 0xF0_D598

    @inline(__always) static func rotate60ccw(digit d: Int) -> Int { Int((ccwPacked >> (3 * UInt32(d))) & 7) }
    @inline(__always) static func rotate60cw(digit d: Int) -> Int { Int((cwPacked >> (3 * UInt32(d))) & 7) }

    /// Rotates every digit of the index 60° counter-clockwise.
    @inline(__always) static func rotate60ccw(_ h: UInt64) -> UInt64 {
        var h = h
        let res = resolution(h)
        var r = 1
        while r <= res {
            setDigit(&h, r, rotate60ccw(digit: digit(h, r)))
            r += 1
        }
        return h
    }

    @inline(__always) static func rotate60cw(_ h: UInt64) -> UInt64 {
        var h = h
        let res = resolution(h)
        var r = 1
        while r <= res {
            setDigit(&h, r, rotate60cw(digit: digit(h, r)))
            r += 1
        }
        return h
    }

    // Rotating all fifteen digits at once. A digit's bits are its unit vector's (i, j, k) (bit 2,
    // 1, 0). Turning 120° counter-clockwise sends k → i → j → k: a right rotation of each 3-bit
    // group; 120° clockwise is the left rotation. A 60° turn sends an axis (one bit) to the sum
    // of itself and its 120° image, and a two-axis digit to the one bit it shares with its 120°
    // image; 0 and 7 (unused) are fixed by all of these.

    /// Every digit's bit 0, and bits 0–1, and bits 1–2; all 45 digit bits.
    static let digitsBit0: UInt64 = 0o111_111_111_111_111
    static let digitsBits01: UInt64 = 0o333_333_333_333_333
    static let digitsBits12: UInt64 = 0o666_666_666_666_666
    static let allDigits: UInt64 = 0o777_777_777_777_777

    @inline(__always) static func digitsTurned120ccw(_ d: UInt64) -> UInt64 {
        ((d & digitsBit0) << 2) | ((d >> 1) & digitsBits01)
    }

    @inline(__always) static func digitsTurned120cw(_ d: UInt64) -> UInt64 {
        ((d << 1) & digitsBits12) | ((d >> 2) & digitsBit0)
    }

    /// The 60° turn of every digit of `d`, given `turned120`, its 120° turn in the same direction.
    @inline(__always) static func digitsTurned60(_ d: UInt64, turned120 t: UInt64) -> UInt64 {
        let shared = d & t
        let twoAxes = ((shared | (shared >> 1) | (shared >> 2)) & digitsBit0) &* 7  // whole-digit mask
        return (shared & twoAxes) | ((d | t) & ~twoAxes & allDigits)
    }

    /// Rotates every digit `times` × 60° counter-clockwise (same as repeating `rotate60ccw`), in a
    /// fixed number of word operations and without branching on `times`: 120° turns first
    /// (`times / 2` of them, where two ccw turns are one cw turn), then one 60° turn if `times` is odd.
    @inline(__always) static func rotateCcw(_ h: UInt64, times: Int) -> UInt64 {
        let n = times % 6
        let d = h & allDigits
        let half = n >> 1
        let even = half == 1 ? digitsTurned120ccw(d) : (half == 2 ? digitsTurned120cw(d) : d)
        let turned = n & 1 == 1 ? digitsTurned60(even, turned120: digitsTurned120ccw(even)) : even
        return (h & ~allDigits) | turned
    }

    /// Rotation of a pentagon's index: if the leading digit lands on the deleted K axis,
    /// the whole index turns once more.
    static func rotatePentagon60ccw(_ h: UInt64) -> UInt64 {
        var h = h
        let res = resolution(h)
        var found = false
        for r in stride(from: 1, through: res, by: 1) {
            setDigit(&h, r, rotate60ccw(digit: digit(h, r)))
            if !found && digit(h, r) != 0 {
                found = true
                if leadingNonZeroDigit(h) == 1 { h = rotate60ccw(h) }
            }
        }
        return h
    }

    static func rotatePentagon60cw(_ h: UInt64) -> UInt64 {
        var h = h
        let res = resolution(h)
        var found = false
        for r in stride(from: 1, through: res, by: 1) {
            setDigit(&h, r, rotate60cw(digit: digit(h, r)))
            if !found && digit(h, r) != 0 {
                found = true
                if leadingNonZeroDigit(h) == 1 { h = rotate60cw(h) }
            }
        }
        return h
    }
}

/// Lookups in the base cell tables.
enum BaseCells {
    static let count = 122

    @inline(__always) static func isPentagon(_ bc: Int) -> Bool { BaseCellTables.baseCellData[bc * 7 + 4] != 0 }

    /// The two pentagons at the poles (north 4, south 117) have all-I neighbours.
    @inline(__always) static func isPolarPentagon(_ bc: Int) -> Bool { bc == 4 || bc == 117 }

    @inline(__always) static func home(_ bc: Int) -> FaceIJK {
        let t = BaseCellTables.baseCellData
        let o = bc * 7
        return FaceIJK(face: Int(t[o]), coord: CoordIJK(Int(t[o + 1]), Int(t[o + 2]), Int(t[o + 3])))
    }

    /// Whether `face` is one of the pentagon's clockwise-offset faces.
    @inline(__always) static func isClockwiseOffset(_ bc: Int, face: Int) -> Bool {
        let t = BaseCellTables.baseCellData
        return Int(t[bc * 7 + 5]) == face || Int(t[bc * 7 + 6]) == face
    }

    /// The base cell at a resolution-0 face coordinate (components 0…2) and the 60° ccw
    /// rotations from that face's frame into the base cell's.
    @inline(__always) static func at(_ f: FaceIJK) -> (baseCell: Int, rotations: Int) {
        let o = (((f.face * 3 + f.coord.i) * 3 + f.coord.j) * 3 + f.coord.k) * 2
        let t = BaseCellTables.faceIjkBaseCells
        return (Int(t[o]), Int(t[o + 1]))
    }

    @inline(__always) static func neighbor(_ bc: Int, _ dir: Int) -> Int { Int(BaseCellTables.baseCellNeighbors[bc * 7 + dir]) }
    @inline(__always) static func neighborRotations(_ bc: Int, _ dir: Int) -> Int {
        Int(BaseCellTables.baseCellNeighbor60CCWRots[bc * 7 + dir])
    }
}
