import Foundation
import Testing
@testable import H3

struct RegionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let resolution: Int
        let geoJSON: String
        let expected: [String: [String]]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let json = Fixture.json("h3_regions.json")
        return (json["polygons"] as! [[String: Any]]).map { p in
            let geo = try! JSONSerialization.data(withJSONObject: p["geojson"]!)
            var expected: [String: [String]] = [:]
            for mode in ["center", "full", "overlap"] { expected[mode] = p[mode] as? [String] }
            return Case(name: p["name"] as! String, resolution: p["res"] as! Int,
                        geoJSON: String(decoding: geo, as: UTF8.self), expected: expected)
        }
    }()

    // Polygons from h3-py 4.5.0 (h3shape_to_cells_experimental): holes, the antimeridian, a pentagon,
    // a concave and a thin shape, high latitude.
    @Test(arguments: cases)
    func centerFillMatchesH3(_ c: Case) throws {
        let polygons = try GeoPolygon.polygons(fromGeoJSON: c.geoJSON)
        let got = try H3.polygonToCells(polygons, resolution: c.resolution).map(\.hex)
        #expect(got == c.expected["center"])
    }

    @Test(arguments: cases)
    func fullAndOverlappingFillsMatchH3(_ c: Case) throws {
        let polygons = try GeoPolygon.polygons(fromGeoJSON: c.geoJSON)
        let full = try H3.polygonToCells(polygons, resolution: c.resolution, containment: .full).map(\.hex)
        let overlapping = try H3.polygonToCells(polygons, resolution: c.resolution, containment: .overlapping).map(\.hex)
        #expect(Set(full).symmetricDifference(c.expected["full"]!).isEmpty, "full: \(full.count) vs \(c.expected["full"]!.count)")
        #expect(Set(overlapping).symmetricDifference(c.expected["overlap"]!).isEmpty,
                "overlapping: \(overlapping.count) vs \(c.expected["overlap"]!.count)")
    }

    @Test func diskOutlineIsOneRingAndARingHasAHole() throws {
        let origin = try H3.latLngToCell(latitude: 48.85, longitude: 2.35, resolution: 7)
        let disk = try H3.gridDisk(origin, k: 2)
        let outline = try H3.cellsToMultiPolygon(disk)
        #expect(outline.count == 1)
        #expect(outline.first?.outer.count == 30)
        #expect(outline.first?.holes.isEmpty == true)
        let ring = disk.filter { $0 != origin }
        let withHole = try H3.cellsToMultiPolygon(ring)
        #expect(withHole.count == 1)
        #expect(withHole.first?.holes.count == 1)
        #expect(withHole.first?.holes.first?.count == 6)
    }

    @Test func geoJSONErrorsSayWhatIsWrong() {
        #expect(throws: H3Error.invalidGeometry("input is not JSON")) { try GeoPolygon.polygons(fromGeoJSON: "{") }
        #expect(throws: H3Error.invalidGeometry("unsupported GeoJSON type Point; expected Polygon, MultiPolygon or Feature")) {
            try GeoPolygon.polygons(fromGeoJSON: #"{"type":"Point","coordinates":[0,0]}"#)
        }
    }
}

struct BoundingBoxTests {
    @Test func boxFillEqualsThePolygonFillOfItsCorners() throws {
        let box = try H3.boundingBoxToCells(north: 37.81, south: 37.70, east: -122.38, west: -122.52, resolution: 8)
        let polygon = GeoPolygon(outer: [
            LatLng(latitude: 37.70, longitude: -122.52), LatLng(latitude: 37.70, longitude: -122.38),
            LatLng(latitude: 37.81, longitude: -122.38), LatLng(latitude: 37.81, longitude: -122.52),
        ])
        #expect(box == (try H3.polygonToCells(polygon, resolution: 8)))
        #expect(box.count > 100)
    }

    @Test func boxAcrossTheAntimeridianKeepsBothSides() throws {
        let cells = try H3.boundingBoxToCells(north: -16, south: -18, east: -179, west: 179, resolution: 4)
        let longitudes = cells.map(\.center.longitude)
        #expect(longitudes.contains { $0 > 179 } && longitudes.contains { $0 < -179 })
        #expect(!longitudes.contains { abs($0) < 170 })
    }
}

struct OutlineTests {
    // Outlines from h3-py 4.5.0's cells_to_h3shape: disks, a ring with a hole, two regions, around a
    // pentagon, across the antimeridian, around both poles, the whole sphere, and one set given in
    // reverse order. Same polygons in the same order, same rings from the same first vertex, same bits.
    struct Outline: Decodable {
        struct Polygon: Decodable {
            let outer: [[Double]]
            let holes: [[[Double]]]
        }
        let cells: [String]
        let polygons: [Polygon]
    }

    // Decoded with JSONDecoder: JSONSerialization on Linux can be an ulp off on 17-digit numbers.
    static let outlines: [Outline] = {
        struct File: Decodable { let outlines: [Outline] }
        return try! JSONDecoder().decode(File.self, from: Fixture.data("h3_regions.json")).outlines
    }()

    @Test func outlinesMatchH3BitForBit() throws {
        #expect(Self.outlines.count == 10)
        func ring(_ points: [[Double]]) -> [LatLng] { points.map { LatLng(latitude: $0[0], longitude: $0[1]) } }
        for c in Self.outlines {
            let cells = c.cells.map { H3Cell(hex: $0)! }
            let expected = c.polygons.map { GeoPolygon(outer: ring($0.outer), holes: $0.holes.map(ring)) }
            let got = try H3.cellsToMultiPolygon(cells)
            #expect(got == expected, "\(cells.count) cells from \(cells[0])")
        }
    }

    @Test func duplicateAndMixedResolutionCellsAreRejected() throws {
        let cell = try H3.latLngToCell(latitude: 48.85, longitude: 2.35, resolution: 6)
        #expect(throws: H3Error.mixedOrDuplicateInput) { try H3.cellsToMultiPolygon([cell, cell]) }
        #expect(throws: H3Error.mixedOrDuplicateInput) { try H3.cellsToMultiPolygon([cell, try cell.parent(at: 5)]) }
        #expect(try H3.cellsToMultiPolygon([H3Cell]()).isEmpty)
    }
}
