extension H3 {
    /// Every cell within `k` grid steps of `origin`, including it (h3's `gridDisk`); correct
    /// around pentagons. Sorted by index.
    ///
    /// - Throws: ``H3Error/tooFar`` for a negative `k`.
    public static func gridDisk(_ origin: H3Cell, k: Int) throws(H3Error) -> [H3Cell] {
        try gridDiskDistances(origin, k: k).map(\.cell).sorted()
    }

    /// The cells within `k` steps of `origin` with their grid distance, nearest first.
    public static func gridDiskDistances(_ origin: H3Cell, k: Int) throws(H3Error) -> [(cell: H3Cell, distance: Int)] {
        guard k >= 0 else { throw .tooFar }
        guard origin.isValid else { throw .invalidCell(origin.hex) }
        var seen: Set<UInt64> = [origin.rawValue]
        var out: [(cell: H3Cell, distance: Int)] = [(origin, 0)]
        var frontier = [origin.rawValue]
        var distance = 0
        // Breadth-first over the six neighbours: the same set as h3's pentagon-safe recursion.
        while distance < k && !frontier.isEmpty {
            distance += 1
            var next: [UInt64] = []
            for cell in frontier {
                for dir in 1...6 {
                    var rotations = 0
                    guard let n = try? Neighbor.step(cell, direction: dir, rotations: &rotations) else { continue }
                    if seen.insert(n).inserted {
                        next.append(n)
                        out.append((H3Cell(unchecked: n), distance))
                    }
                }
            }
            frontier = next
        }
        return out
    }

    /// The six (five for a pentagon) neighbouring cells.
    public static func neighbors(of cell: H3Cell) -> [H3Cell] {
        var out: [H3Cell] = []
        for dir in 1...6 {
            var rotations = 0
            if let n = try? Neighbor.step(cell.rawValue, direction: dir, rotations: &rotations), n != cell.rawValue,
               !out.contains(H3Cell(unchecked: n)) {
                out.append(H3Cell(unchecked: n))
            }
        }
        return out
    }

    /// Whether two cells of the same resolution share an edge (h3's `areNeighborCells`).
    public static func areNeighborCells(_ a: H3Cell, _ b: H3Cell) throws(H3Error) -> Bool {
        guard a.resolution == b.resolution else { throw .mixedOrDuplicateInput }
        guard a != b else { return false }
        return neighbors(of: a).contains(b)
    }

    /// Number of grid steps between two cells of the same resolution (h3's `gridDistance`).
    ///
    /// Computed by breadth-first search up to `limit` steps; equal to h3's answer wherever h3
    /// gives one (h3 works in local IJ coordinates and fails across some pentagon distortions,
    /// where this still answers with the true step count).
    public static func gridDistance(_ a: H3Cell, _ b: H3Cell, limit: Int = 1000) throws(H3Error) -> Int {
        guard a.resolution == b.resolution else { throw .mixedOrDuplicateInput }
        if a == b { return 0 }
        var seen: Set<UInt64> = [a.rawValue]
        var frontier = [a.rawValue]
        var distance = 0
        while !frontier.isEmpty && distance < limit {
            distance += 1
            var next: [UInt64] = []
            for cell in frontier {
                for dir in 1...6 {
                    var rotations = 0
                    guard let n = try? Neighbor.step(cell, direction: dir, rotations: &rotations) else { continue }
                    if n == b.rawValue { return distance }
                    if seen.insert(n).inserted { next.append(n) }
                }
            }
            frontier = next
        }
        throw .tooFar
    }
}
