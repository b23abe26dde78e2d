/// Conversions between face coordinates and cell indexes (h3's `_faceIjkToH3` / `_h3ToFaceIjk`).
extension FaceIJK {
    /// The cell index at `res` for this face coordinate, or 0 when the coordinate is off the grid.
    ///
    /// Works in axial form (a, b) = (i − k, j − k): every step below is invariant under adding
    /// (c, c, c) to an IJK triple, so the triple need not be normalized until the end. Same
    /// digits as h3's `_faceIjkToH3`, without its repeated normalizations.
    @inline(__always)
    func cellIndex(resolution res: Int) -> UInt64 {
        FaceIJK.cellIndex(face: face, axial: (coord.i &- coord.k, coord.j &- coord.k), resolution: res)
    }

    /// The cell index at `res` of the cell at axial coordinates (i − k, j − k) on `face`
    /// (the triple need not be normalized), or 0 when it is off the grid.
    @inline(__always)
    static func cellIndex(face: Int, axial: (a: Int, b: Int), resolution res: Int) -> UInt64 {
        var h = IndexBits.cellInit | (UInt64(res) << IndexBits.resolutionOffset)
        var (a, b) = axial
        var r = res
        var shift = UInt64((15 &- res) &* 3)  // digit r sits at bits (15 − r)·3
        while r > 0 {
            let a0 = a, b0 = b
            let ca: Int, cb: Int
            if r & 1 == 1 {
                // Class III child: parent on the counter-clockwise aperture-7 grid, then its centre back here.
                a = CoordIJK.roundedSeventh(3 &* a0 &- b0)
                b = CoordIJK.roundedSeventh(a0 &+ 2 &* b0)
                ca = 2 &* a &+ b
                cb = 3 &* b &- a
            } else {
                a = CoordIJK.roundedSeventh(2 &* a0 &+ b0)
                b = CoordIJK.roundedSeventh(3 &* b0 &- a0)
                ca = 3 &* a &- b
                cb = a &+ 2 &* b
            }
            h &= ~(7 &<< shift)
            h |= UInt64(truncatingIfNeeded: FaceIJK.axialDigit(a0 &- ca, b0 &- cb)) &<< shift
            r &-= 1
            shift &+= 3
        }
        let base = CoordIJK(a, b, 0).normalized()
        guard base.i <= 2, base.j <= 2, base.k <= 2 else { return 0 }
        let (bc, rotations) = BaseCells.at(FaceIJK(face: face, coord: base))
        IndexBits.setBaseCell(&h, bc)
        if BaseCells.isPentagon(bc) {
            // Out of the deleted K sub-sequence first, in the direction this face is offset.
            if IndexBits.leadingNonZeroDigit(h) == 1 {
                h = BaseCells.isClockwiseOffset(bc, face: face) ? IndexBits.rotate60cw(h) : IndexBits.rotate60ccw(h)
            }
            for _ in 0..<rotations { h = IndexBits.rotatePentagon60ccw(h) }
        } else {
            h = IndexBits.rotateCcw(h, times: rotations)
        }
        return h
    }

    /// The digit of a unit step given in axial form (i − k, j − k): K (−1,−1), J (0,1), JK (−1,0),
    /// I (1,0), IK (0,−1), IJ (1,1), centre (0,0); 7 for anything else.
    @inline(__always) static func axialDigit(_ da: Int, _ db: Int) -> Int {
        // 3×3 table indexed by (da + 1) * 3 + (db + 1), packed 3 bits per entry.
        let index = (da &+ 1) &* 3 &+ (db &+ 1)
        guard UInt(bitPattern: da &+ 1) < 3, UInt(bitPattern: db &+ 1) < 3 else { return 7 }
        return Int((axialDigitTable >> UInt64(3 &* index)) & 7)
    }

    // Entries for (da, db) = (−1,−1) (−1,0) (−1,1) (0,−1) (0,0) (0,1) (1,−1) (1,0) (1,1):
    // digits 1 3 7 5 0 2 7 4 6, 3 bits each. A literal, so the per-digit loop reads a constant
    // instead of passing a lazy-initialisation check (`LiteralTableTests` recomputes it).
    static let axialDigitTable: UInt64 = 0x69D_0BD9

    /// Face coordinate of a cell's centre, on the face that holds it (h3's `_h3ToFaceIjk`).
    init(cell h: UInt64) {
        var h = h
        let bc = IndexBits.baseCell(h)
        let res = IndexBits.resolution(h)
        // A pentagon's I-leading sub-sequence sits 60° off its home face; turn it back first.
        if BaseCells.isPentagon(bc) && IndexBits.leadingNonZeroDigit(h) == 5 { h = IndexBits.rotate60cw(h) }
        self = BaseCells.home(bc)
        let possibleOverage = descend(digitsOf: h, resolution: res, baseCell: bc)
        guard possibleOverage else { return }
        // The coordinate may be past the home face's edge: move it to the face it is really on.
        let original = coord
        var adjRes = res
        if isClassIII(res) {
            coord.downAperture7r()
            adjRes += 1
        }
        let pentagonLeadingI = BaseCells.isPentagon(bc) && IndexBits.leadingNonZeroDigit(h) == 4
        if adjustOverageClassII(resolution: adjRes, pentagonLeadingI: pentagonLeadingI, substrate: false) != .none {
            if BaseCells.isPentagon(bc) {
                while adjustOverageClassII(resolution: adjRes, pentagonLeadingI: false, substrate: false) != .none {}
            }
            if adjRes != res { coord.upAperture7r() }
        } else if adjRes != res {
            coord = original
        }
    }

    /// Applies the digits of `h` to this base cell's home coordinate; returns whether the result
    /// could lie beyond the home face.
    private mutating func descend(digitsOf h: UInt64, resolution res: Int, baseCell bc: Int) -> Bool {
        let possibleOverage = BaseCells.isPentagon(bc) || !(res == 0 || coord == CoordIJK(0, 0, 0))
        for r in stride(from: 1, through: res, by: 1) {
            if isClassIII(r) { coord.downAperture7() } else { coord.downAperture7r() }
            coord.move(IndexBits.digit(h, r))
        }
        return possibleOverage
    }
}
