import Testing
@testable import H3

struct GridDiskTests {
    // gridDisk k = 1…4 around ~700 cells: all pentagons at every third resolution, their neighbours,
    // and random cells; sorted sets from h3-py.
    @Test func disksMatchH3IncludingAroundPentagons() throws {
        var bad: [String] = []
        let lines = Fixture.lines("h3_disks.csv")
        for line in lines {
            let f = line.split(separator: ",")
            let origin = try #require(H3Cell(hex: f[0]))
            let k = try #require(Int(f[1]))
            let got = try H3.gridDisk(origin, k: k).map(\.hex).joined(separator: " ")
            if got != f[2] { bad.append("\(origin) k\(k)") }
        }
        #expect(bad.isEmpty, "\(bad.count) of \(lines.count): \(bad.prefix(10))")
        #expect(lines.count > 500)
    }

    @Test func distancesAndNeighboursMatchH3() throws {
        var bad: [String] = []
        for line in Fixture.lines("h3_distances.csv") {
            let f = line.split(separator: ",")
            let a = try #require(H3Cell(hex: f[0])), b = try #require(H3Cell(hex: f[1]))
            let d = try H3.gridDistance(a, b)
            let n = try H3.areNeighborCells(a, b)
            if d != Int(f[2]) || n != (f[3] == "1") { bad.append("\(a)→\(b): \(d) \(n) vs \(f[2]) \(f[3])") }
        }
        #expect(bad.isEmpty, "\(bad.prefix(10))")
    }

    @Test func pentagonHasFiveNeighbours() throws {
        for res in 0...15 {
            let pentagon = try H3Cell(hex: "8009fffffffffff")!.centerChild(at: res)
            #expect(pentagon.isPentagon)
            #expect(H3.neighbors(of: pentagon).count == 5)
            #expect(try H3.gridDisk(pentagon, k: 1).count == 6)
        }
    }
}
