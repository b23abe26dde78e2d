@testable import EcoCore
import Testing

struct SpatialTests {
    @Test(arguments: [
        BoundingBox(west: 2.2, south: 48.8, east: 2.5, north: 48.95),       // a city
        BoundingBox(west: -10, south: 35, east: 30, north: 60),              // a continent
        BoundingBox(west: 179.5, south: -17, east: -179.5, north: -16),      // across the antimeridian
        BoundingBox(west: -30, south: 80, east: 30, north: 89.9),            // near the pole
        BoundingBox(west: 0.001, south: 0.001, east: 0.002, north: 0.002),   // tiny
    ])
    func everyPointOfABoxFallsInItsCellRanges(box: BoundingBox) {
        let ranges = Spatial.ranges(covering: box)
        var generator = SystemRandomNumberGenerator()
        let width = box.west <= box.east ? box.east - box.west : 360 - (box.west - box.east)
        for _ in 0..<2_000 {
            let lat = Double.random(in: box.south...box.north, using: &generator)
            var lng = box.west + Double.random(in: 0...width, using: &generator)
            if lng > 180 { lng -= 360 }
            let cell = Spatial.cell15(lat: lat, lng: lng)
            #expect(ranges.contains { $0.contains(cell) }, "(\(lat), \(lng)) outside the cover")
        }
    }

    @Test func parentOfAStoredCellMatchesH3Hierarchy() throws {
        let cell = Spatial.cell15(lat: 48.8566, lng: 2.3522)
        let parent7 = Spatial.parent(of: cell, resolution: 7)
        #expect(Spatial.resolution(of: parent7) == 7)
        #expect(Spatial.range15(of: parent7).contains(cell))
        #expect(try Spatial.cell(lat: 48.8566, lng: 2.3522, resolution: 7) == parent7)
    }

    @Test func hexRoundTrips() {
        let cell = Spatial.cell15(lat: -33.86, lng: 151.21)
        #expect(Spatial.cell(hex: Spatial.hex(cell)) == cell)
        #expect(Spatial.cell(hex: "not-a-cell") == nil)
    }
}
