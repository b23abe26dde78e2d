import Testing
@testable import H3

struct HierarchyTests {
    // Children of ~300 cells (incl. pentagons at every resolution) one and two levels down, from h3-py.
    @Test func childrenMatchH3() throws {
        var checked = 0
        for line in Fixture.lines("h3_children.csv") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let cell = try #require(H3Cell(hex: f[0]))
            let res = try #require(Int(f[1]))
            let expected = f[2].split(separator: " ").map(String.init)
            let got = try cell.children(at: res)
            #expect(got.map(\.hex) == expected, "\(cell) → r\(res)")
            #expect(try cell.childCount(at: res) == expected.count)
            for child in got {
                #expect(try child.parent(at: cell.resolution) == cell)
            }
            #expect(try cell.centerChild(at: res).center.latitude.isFinite)
            checked += 1
        }
        #expect(checked > 500)
    }

    @Test(arguments: [
        ("8928342e20fffff", 3, "832834fffffffff"),
        ("8928342e20fffff", 9, "8928342e20fffff"),
    ])
    func parentMatchesReference(cell: String, resolution: Int, expected: String) throws {
        let parent = try #require(H3Cell(hex: cell)).parent(at: resolution)
        #expect(parent.hex == expected)
    }

    @Test func finerResolutionIsRejected() throws {
        let cell = try #require(H3Cell(hex: "832834fffffffff"))
        #expect(throws: H3Error.resolutionMismatch(cell: 3, requested: 4)) { try cell.parent(at: 4) }
        #expect(throws: H3Error.resolutionMismatch(cell: 3, requested: 2)) { try cell.children(at: 2) }
    }

    @Test func compactAndUncompactMatchH3() throws {
        let json = Fixture.json("h3_regions.json")
        let cases = try #require(json["compact"] as? [[String: [String]]])
        #expect(cases.count > 40)
        for c in cases {
            let cells = try #require(c["cells"]).map { H3Cell(hex: $0)! }
            let compacted = try H3.compact(cells)
            #expect(compacted.map(\.hex) == c["compacted"], "compact of \(cells.count) cells")
            let res = cells[0].resolution
            #expect(try H3.uncompact(compacted, resolution: res).sorted() == cells.sorted())
        }
    }
}
