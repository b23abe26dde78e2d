/// The store's integer-range view of cells (ARCHITECTURE.md, "Space").
///
/// A resolution-15 index is `mode | 15 << 52 | base cell << 45 | 15 digits`. All resolution-15
/// descendants of a cell share its base cell and first `r` digits and take any value 0…6 in the
/// rest, so they lie in one contiguous integer range. Some integers inside the range are not
/// cells: those with a digit 7, and for pentagons the deleted K-axis sub-sequence (leading
/// non-zero digit 1). A range scan over stored valid cells never sees them, so that is harmless.
extension H3Cell {
    /// The inclusive range of the resolution-15 indexes of every resolution-15 descendant:
    /// from the centre descendant (new digits 0) to the one with every new digit 6.
    public var descendantRange15: ClosedRange<UInt64> {
        let res = resolution
        let lowFree = UInt64((15 - res) * 3)
        let low = H3Cell.parentIndex(rawValue, resolution: 15) & ~(lowFree == 0 ? 0 : (1 << lowFree) - 1)
        var high = low
        for r in stride(from: res + 1, through: 15, by: 1) { IndexBits.setDigit(&high, r, 6) }
        // Resolution field: descendants are resolution 15 even when the cell is coarser.
        return H3Cell.withResolution15(low)...H3Cell.withResolution15(high)
    }

    @inline(__always) static func withResolution15(_ h: UInt64) -> UInt64 { (h & ~(0xF << 52)) | (15 << 52) }

    /// The smallest index above `h` (a resolution-15 index) whose digits are all 0…6 and that is
    /// not in a pentagon's deleted K sub-sequence — the next integer that can be a valid cell — or
    /// nil past base cell 121.
    static func nextPossibleIndex15(after h: UInt64) -> UInt64? {
        guard var next = nextDigitsIndex15(after: h) else { return nil }
        if BaseCells.isPentagon(IndexBits.baseCell(next)) {
            // Leading digit 1 under a pentagon is deleted: skip to the first index with leading digit 2.
            for r in 1...15 where IndexBits.digit(next, r) != 0 {
                if IndexBits.digit(next, r) == 1 {
                    IndexBits.setDigit(&next, r, 2)
                    for s in stride(from: r + 1, through: 15, by: 1) { IndexBits.setDigit(&next, s, 0) }
                }
                break
            }
        }
        return next
    }

    private static func nextDigitsIndex15(after h: UInt64) -> UInt64? {
        var h = h
        for r in stride(from: 15, through: 1, by: -1) {
            let d = IndexBits.digit(h, r)
            if d < 6 {
                IndexBits.setDigit(&h, r, d + 1)
                return h
            }
            IndexBits.setDigit(&h, r, 0)
        }
        let bc = IndexBits.baseCell(h) + 1
        guard bc < BaseCells.count else { return nil }
        IndexBits.setBaseCell(&h, bc)
        return h
    }
}

extension H3 {
    /// The resolution-`resolution` ancestor of a stored resolution-15 index, by bit arithmetic
    /// (the same expression works in SQL: `(cell & ~(15 << 52)) | (r << 52) | ((1 << 3·(15 − r)) − 1)`).
    @inlinable
    public static func parent(ofResolution15 index: UInt64, at resolution: Int) -> UInt64 {
        H3Cell.parentIndex(index, resolution: resolution)
    }

    /// Sorted, merged inclusive ranges of resolution-15 indexes covering the cells (compact them
    /// first for the shortest list). Ranges separated only by integers that cannot be cells
    /// (a digit 7) are merged.
    public static func ranges(for cells: some Sequence<H3Cell>) -> [ClosedRange<UInt64>] {
        let sorted = cells.map(\.descendantRange15).sorted { $0.lowerBound < $1.lowerBound }
        var out: [ClosedRange<UInt64>] = []
        for r in sorted {
            if let last = out.last {
                let next = H3Cell.nextPossibleIndex15(after: last.upperBound) ?? UInt64.max
                if r.lowerBound <= next {
                    out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
                    continue
                }
            }
            out.append(r)
        }
        return out
    }
}
