extension H3Cell {
    /// The ancestor at `resolution`: keeps the first `resolution` digits and sets the rest to 7.
    ///
    /// - Throws: ``H3Error/resolutionMismatch(cell:requested:)`` when `resolution` is finer than the
    ///   cell's (the cell itself is returned for its own resolution).
    @inlinable
    public func parent(at resolution: Int) throws(H3Error) -> H3Cell {
        guard resolution >= 0, resolution <= self.resolution else {
            throw .resolutionMismatch(cell: self.resolution, requested: resolution)
        }
        return H3Cell(unchecked: H3Cell.parentIndex(rawValue, resolution: resolution))
    }

    /// The ancestor of any valid index at `resolution` (≤ its own) by bit arithmetic alone:
    /// digits after `resolution` become 7 and the resolution field is replaced.
    @inlinable
    public static func parentIndex(_ index: UInt64, resolution: Int) -> UInt64 {
        let unusedDigits = UInt64((15 - resolution) * 3)
        let digitMask: UInt64 = unusedDigits == 0 ? 0 : (1 << unusedDigits) - 1
        return (index & ~(0xF << 52)) | (UInt64(resolution) << 52) | digitMask
    }

    /// The child at `resolution` that shares this cell's centre (all new digits 0).
    public func centerChild(at resolution: Int) throws(H3Error) -> H3Cell {
        guard resolution >= self.resolution, resolution <= 15 else {
            throw .resolutionMismatch(cell: self.resolution, requested: resolution)
        }
        var h = rawValue
        IndexBits.setResolution(&h, resolution)
        for r in stride(from: self.resolution + 1, through: resolution, by: 1) { IndexBits.setDigit(&h, r, 0) }
        return H3Cell(unchecked: h)
    }

    /// Number of descendants at `resolution`: 7ⁿ for a hexagon, 1 + 5·(7ⁿ − 1)/6 for a pentagon.
    public func childCount(at resolution: Int) throws(H3Error) -> Int {
        guard resolution >= self.resolution, resolution <= 15 else {
            throw .resolutionMismatch(cell: self.resolution, requested: resolution)
        }
        var n = 1
        for _ in self.resolution..<resolution { n *= 7 }
        return isPentagon ? 1 + 5 * (n - 1) / 6 : n
    }

    /// All descendants at `resolution`, in increasing index order (h3's `cellToChildren`).
    ///
    /// For a pentagon the descendants in the deleted K-axis sub-sequence are skipped, as in h3.
    public func children(at resolution: Int) throws(H3Error) -> [H3Cell] {
        var out: [H3Cell] = []
        out.reserveCapacity(try childCount(at: resolution))
        let first = try centerChild(at: resolution).rawValue
        let start = self.resolution + 1
        let pentagon = isPentagon
        // Count through the new digits in base 7, finest digit fastest: that is increasing order.
        var h = first
        while true {
            if !(pentagon && IndexBits.leadingNonZeroDigit(h) == 1) { out.append(H3Cell(unchecked: h)) }
            var r = resolution
            while r >= start {
                let d = IndexBits.digit(h, r)
                if d < 6 {
                    IndexBits.setDigit(&h, r, d + 1)
                    break
                }
                IndexBits.setDigit(&h, r, 0)
                r -= 1
            }
            if r < start { break }
        }
        return out
    }
}

extension H3 {
    /// Replaces every complete set of siblings by their parent, repeatedly (h3's `compactCells`).
    ///
    /// Input may mix resolutions; duplicates are removed. The result is sorted.
    public static func compact(_ cells: some Sequence<H3Cell>) throws(H3Error) -> [H3Cell] {
        var byResolution = [Set<H3Cell>](repeating: [], count: 16)
        for c in cells {
            guard c.isValid else { throw .invalidCell(c.hex) }
            byResolution[c.resolution].insert(c)
        }
        for res in stride(from: 15, to: 0, by: -1) where !byResolution[res].isEmpty {
            var siblingsPresent: [H3Cell: Int] = [:]
            for c in byResolution[res] { siblingsPresent[H3Cell(unchecked: H3Cell.parentIndex(c.rawValue, resolution: res - 1)), default: 0] += 1 }
            for (parent, count) in siblingsPresent where count == (parent.isPentagon ? 6 : 7) {
                for child in try parent.children(at: res) { byResolution[res].remove(child) }
                byResolution[res - 1].insert(parent)
            }
        }
        return byResolution.flatMap { $0 }.sorted()
    }

    /// Expands every cell coarser than `resolution` into its children there (h3's `uncompactCells`).
    ///
    /// - Throws: ``H3Error/resolutionMismatch(cell:requested:)`` when a cell is finer than `resolution`.
    public static func uncompact(_ cells: some Sequence<H3Cell>, resolution: Int) throws(H3Error) -> [H3Cell] {
        var out: [H3Cell] = []
        for c in cells { out += try c.children(at: resolution) }
        return out
    }
}
