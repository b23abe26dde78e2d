import Testing
@testable import H3

struct GeometryTests {
    /// One reference row: cell, area, centre, boundary.
    struct Row {
        let cell: H3Cell
        let area: Double
        let center: LatLng
        let boundary: [LatLng]
    }

    static let rows: [Row] = Fixture.lines("h3_geometry.csv").map { line in
        let f = line.split(separator: ",")
        let numbers = f.dropFirst().map { Double($0)! }
        let boundary = stride(from: 3, to: numbers.count, by: 2).map { LatLng(latitude: numbers[$0], longitude: numbers[$0 + 1]) }
        return Row(cell: H3Cell(hex: f[0])!, area: numbers[0], center: LatLng(latitude: numbers[1], longitude: numbers[2]),
                   boundary: boundary)
    }

    @Test func centersMatchH3BitForBit() {
        var bad: [String] = []
        for row in Self.rows where row.cell.center != row.center {
            bad.append("\(row.cell): \(row.cell.center) != \(row.center)")
        }
        #expect(bad.isEmpty, "\(bad.count) bad: \(bad.prefix(10).joined(separator: "\n"))")
        #expect(Self.rows.count > 2000)
    }

    @Test func boundariesMatchH3VertexForVertexBitForBit() {
        var bad: [String] = []
        for row in Self.rows where row.cell.boundary != row.boundary {
            bad.append("\(row.cell) (\(row.cell.isPentagon ? "pent" : "hex") r\(row.cell.resolution)): \(row.cell.boundary) != \(row.boundary)")
        }
        #expect(bad.isEmpty, "\(bad.count) bad: \(bad.prefix(5).joined(separator: "\n"))")
    }

    // h3 4.5.0 sums Cagnoli terms with Kahan compensation; so do we, in the same order.
    @Test func cellAreasMatchH3BitForBit() {
        var bad: [String] = []
        for row in Self.rows where row.cell.areaKm2 != row.area {
            bad.append("\(row.cell): \(row.cell.areaKm2) != \(row.area)")
        }
        #expect(bad.isEmpty, "\(bad.count) bad: \(bad.prefix(5).joined(separator: "\n"))")
    }
}

/// h3's published per-resolution averages and its haversine distance (h3_measures.csv).
struct MeasureTests {
    static let rows = Fixture.lines("h3_measures.csv").map { $0.split(separator: ",") }

    @Test func averagesAreH3sPublishedTables() throws {
        let averages = Self.rows.filter { $0[0] == "avg" }
        #expect(averages.count == 16)
        for f in averages {
            let res = try #require(Int(f[1]))
            #expect(try H3.averageEdgeLengthKm(resolution: res) == Double(f[2]))
            #expect(try H3.averageHexagonAreaKm2(resolution: res) == Double(f[3]))
        }
    }

    @Test func greatCircleDistancesMatchH3BitForBit() throws {
        let pairs = Self.rows.filter { $0[0] == "gcd" }
        #expect(pairs.count == 500)
        for f in pairs {
            let n = try f.dropFirst().map { try #require(Double($0)) }
            let a = LatLng(latitude: n[0], longitude: n[1]), b = LatLng(latitude: n[2], longitude: n[3])
            #expect(H3.greatCircleDistanceKm(a, b) == n[4], "\(a) → \(b)")
        }
    }
}
