import Foundation
import Testing
@testable import H3

/// Whole-grid properties: every cell's centre maps back to the cell, and neighbours are mutual.
struct RoundTripTests {
    static func allCells(upTo resolution: Int) throws -> [H3Cell] {
        let base = (0..<122).map { H3Cell(unchecked: IndexBits.cellInit | UInt64($0) << 45) }
        return try base.flatMap { try $0.children(at: resolution) }
    }

    @Test(arguments: [0, 1, 2])
    func everyCellsCentreMapsBackToTheCell(resolution: Int) throws {
        let cells = try Self.allCells(upTo: resolution)
        // h3's getNumCells: 2 + 120 · 7^r.
        #expect(cells.count == [122, 842, 5882][resolution])
        for cell in cells {
            #expect(try H3.latLngToCell(cell.center, resolution: resolution) == cell)
        }
    }

    @Test func neighboursAreMutualAtResolution2() throws {
        for cell in try Self.allCells(upTo: 2) {
            let neighbours = H3.neighbors(of: cell)
            #expect(neighbours.count == (cell.isPentagon ? 5 : 6))
            for n in neighbours { #expect(H3.neighbors(of: n).contains(cell)) }
        }
    }

    // ECOTRACK_EXHAUSTIVE=1 swift test --filter RoundTrip: all 2.8 million cells of res 0…5.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ECOTRACK_EXHAUSTIVE"] != nil), arguments: [3, 4, 5])
    func exhaustiveCentreRoundTrip(resolution: Int) throws {
        for cell in try Self.allCells(upTo: resolution) {
            let back = try H3.latLngToCell(cell.center, resolution: resolution)
            if back != cell { Issue.record("\(cell) → \(back)") }
        }
    }
}
