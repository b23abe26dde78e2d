/// One step from a cell to its neighbour in a direction (h3's `h3NeighborRotations`), tracking the
/// 60° rotations picked up when the step crosses into another base cell's frame.
enum Neighbor {
    enum Failure: Error { case pentagon, invalid }

    /// The neighbour of `origin` in direction `dir` (1…6, a digit), after `rotations` ccw turns of
    /// the direction; `rotations` is updated for the next step of a walk.
    static func step(_ origin: UInt64, direction: Int, rotations: inout Int) throws(Failure) -> UInt64 {
        var current = origin
        var dir = direction
        guard dir > 0, dir < 7 else { throw .invalid }
        rotations %= 6
        for _ in 0..<rotations { dir = IndexBits.rotate60ccw(digit: dir) }

        var newRotations = 0
        let oldBaseCell = IndexBits.baseCell(current)
        let oldLeadingDigit = IndexBits.leadingNonZeroDigit(current)

        // Move the digits from the finest up, carrying into coarser digits like an addition.
        var r = IndexBits.resolution(current) - 1
        while true {
            if r == -1 {
                var bc = BaseCells.neighbor(oldBaseCell, dir)
                newRotations = BaseCells.neighborRotations(oldBaseCell, dir)
                if bc == 127 {
                    // The deleted K direction of a pentagon base cell: that edge borders the IK neighbour.
                    bc = BaseCells.neighbor(oldBaseCell, 5)
                    newRotations = BaseCells.neighborRotations(oldBaseCell, 5)
                    current = IndexBits.rotate60ccw(current)
                    rotations += 1
                }
                IndexBits.setBaseCell(&current, bc)
                break
            }
            let oldDigit = IndexBits.digit(current, r + 1)
            guard oldDigit != 7 else { throw .invalid }
            let nextDir: Int
            if isClassIII(r + 1) {
                IndexBits.setDigit(&current, r + 1, Int(NeighborTables.newDigitII[oldDigit * 7 + dir]))
                nextDir = Int(NeighborTables.newAdjustmentII[oldDigit * 7 + dir])
            } else {
                IndexBits.setDigit(&current, r + 1, Int(NeighborTables.newDigitIII[oldDigit * 7 + dir]))
                nextDir = Int(NeighborTables.newAdjustmentIII[oldDigit * 7 + dir])
            }
            if nextDir == 0 { break }
            dir = nextDir
            r -= 1
        }

        let newBaseCell = IndexBits.baseCell(current)
        if BaseCells.isPentagon(newBaseCell) {
            var alreadyAdjustedK = false
            // Never land in the deleted K sub-sequence: rotate out of it.
            if IndexBits.leadingNonZeroDigit(current) == 1 {
                if oldBaseCell != newBaseCell {
                    let oldHomeFace = BaseCells.home(oldBaseCell).face
                    current = BaseCells.isClockwiseOffset(newBaseCell, face: oldHomeFace)
                        ? IndexBits.rotate60cw(current) : IndexBits.rotate60ccw(current)
                    alreadyAdjustedK = true
                } else {
                    switch oldLeadingDigit {
                    case 0: throw .pentagon  // the K direction is deleted from the pentagon itself
                    case 3:
                        current = IndexBits.rotate60ccw(current)
                        rotations += 1
                    case 5:
                        current = IndexBits.rotate60cw(current)
                        rotations += 5
                    default: throw .invalid
                    }
                }
            }
            for _ in 0..<newRotations { current = IndexBits.rotatePentagon60ccw(current) }
            if oldBaseCell != newBaseCell {
                if BaseCells.isPolarPentagon(newBaseCell) {
                    // Polar pentagons have I neighbours all round; 118 and 8 are the exceptions.
                    if oldBaseCell != 118 && oldBaseCell != 8 && IndexBits.leadingNonZeroDigit(current) != 3 {
                        rotations += 1
                    }
                } else if IndexBits.leadingNonZeroDigit(current) == 5 && !alreadyAdjustedK {
                    // Distortion next to the deleted sub-sequence.
                    rotations += 1
                }
            }
        } else {
            for _ in 0..<newRotations { current = IndexBits.rotate60ccw(current) }
        }
        rotations = (rotations + newRotations) % 6
        return current
    }
}
