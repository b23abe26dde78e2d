import Testing
@testable import H3

struct CellIndexTests {
    @Test(arguments: [
        ("8928342e20fffff", 9, 20, false, true),
        ("8009fffffffffff", 0, 4, true, false),
        ("821c07fffffffff", 2, 14, true, false),
        ("85283473fffffff", 5, 20, false, true),
    ])
    func fieldsAreDecoded(hex: String, resolution: Int, baseCell: Int, isPentagon: Bool, isClassIII: Bool) throws {
        let cell = try #require(H3Cell(hex: hex))
        #expect(cell.resolution == resolution)
        #expect(cell.baseCell == baseCell)
        #expect(cell.isPentagon == isPentagon)
        #expect(cell.isResClassIII == isClassIII)
        #expect(cell.hex == hex)
        #expect(H3Cell(hex: hex.uppercased()) == cell)
    }

    @Test(arguments: [
        "", "zz", "0", "ffffffffffffffff",
        "8f28308280f18f7",  // digit 7 inside the used digits
        "8108ffffffffffff", // 16 digits, reserved high bit pattern
        "8009fffffffffff0", "85283473ffffff0", // wrong unused digits
        "8f28308280f18f20", "80fffffffffffff", // base cell 127
        "81087ffffffffff",  // pentagon base cell 4 with leading digit 1 (deleted sub-sequence)
    ])
    func invalidIndexesAreRejected(hex: String) {
        #expect(H3Cell(hex: hex) == nil)
    }

    @Test func everyResolutionHasTwelvePentagons() throws {
        let base = (0..<122).compactMap { H3Cell(rawValue: IndexBits.cellInit | UInt64($0) << 45) }
        #expect(base.count == 122)
        let pentagons = base.filter(\.isPentagon)
        #expect(pentagons.map(\.baseCell) == [4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117])
        for res in 0...15 {
            #expect(try pentagons.map { try $0.centerChild(at: res) }.allSatisfy(\.isPentagon))
        }
    }

    @Test func descendantRangeHoldsExactlyTheResolution15Descendants() throws {
        for hex in ["8928342e20fffff", "8009fffffffffff", "85283473fffffff", "8f28308280f18f2"] {
            let cell = try #require(H3Cell(hex: hex))
            let range = cell.descendantRange15
            let first = try cell.centerChild(at: 15)
            #expect(range.lowerBound == first.rawValue)
            #expect(H3Cell(rawValue: range.upperBound) != nil)
            #expect(try H3Cell(unchecked: range.upperBound).parent(at: cell.resolution) == cell)
            if cell.resolution >= 11 {
                let all = try cell.children(at: 15).map(\.rawValue)
                #expect(all.allSatisfy(range.contains))
                #expect(all.min() == range.lowerBound && all.max() == range.upperBound)
            }
            // The parent of a resolution-15 index by bits equals the hierarchy's parent.
            #expect(H3.parent(ofResolution15: range.upperBound, at: cell.resolution) == cell.rawValue)
        }
    }

    @Test func siblingRangesMergeIntoTheParentsRange() throws {
        let parent = try #require(H3Cell(hex: "85283473fffffff"))
        let children = try parent.children(at: 6)
        #expect(H3.ranges(for: children) == [parent.descendantRange15])
        let pentagon = try #require(H3Cell(hex: "8009fffffffffff"))
        #expect(H3.ranges(for: try pentagon.children(at: 2)) == [pentagon.descendantRange15])
        let apart = [try #require(H3Cell(hex: "8928342e20fffff")), try #require(H3Cell(hex: "8009fffffffffff"))]
        #expect(H3.ranges(for: apart).count == 2)
    }
}
