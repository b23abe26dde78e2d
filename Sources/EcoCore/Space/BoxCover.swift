import Foundation
import H3

/// A set of H3 cells that covers a bounding box (every point of the box lies in one of them).
///
/// Samples the box on a grid finer than the cells at a chosen resolution, takes each sample's
/// cell and its neighbours (a point between samples is at most half a spacing from one, so its
/// cell touches the sample's cell), and lets the caller filter exactly on lat/lng afterwards.
/// The resolution is the finest that keeps the samples under `maxSamples`.
enum BoxCover {
    static let maxSamples = 4_000

    static func cells(covering box: BoundingBox) -> [H3Cell] {
        let width = box.west <= box.east ? box.east - box.west : 360 - (box.west - box.east)
        let height = box.north - box.south
        // Cell edge in degrees of latitude ≈ edge km / 111; keep spacing below half an edge.
        var resolution = 0
        for candidate in stride(from: 10, through: 0, by: -1) {
            let edgeDegrees = ((try? H3.averageEdgeLengthKm(resolution: candidate)) ?? 1000) / 111.0
            let spacing = edgeDegrees / 2
            let samples = (width / spacing + 1) * (height / spacing + 1)
            if samples <= Double(maxSamples) { resolution = candidate; break }
        }
        let edgeDegrees = ((try? H3.averageEdgeLengthKm(resolution: resolution)) ?? 1000) / 111.0
        let spacing = edgeDegrees / 2
        // Longitude spacing shrinks towards the poles: divide by cos(latitude) of the box edge nearest a pole.
        let maxAbsLat = min(89.0, max(abs(box.south), abs(box.north)))
        let lngSpacing = min(spacing / cos(maxAbsLat * .pi / 180), 360)
        let rows = Int((height / spacing).rounded(.up)), columns = Int((width / lngSpacing).rounded(.up))
        var cells = Set<H3Cell>()
        var sampled = Set<H3Cell>()
        for row in 0...rows {
            let lat = min(box.north, box.south + Double(row) * spacing)
            for column in 0...columns {
                var lng = box.west + min(width, Double(column) * lngSpacing)
                if lng > 180 { lng -= 360 }
                guard let cell = try? H3.latLngToCell(latitude: lat, longitude: lng, resolution: resolution) else { continue }
                if sampled.insert(cell).inserted {
                    cells.insert(cell)
                    for neighbor in H3.neighbors(of: cell) { cells.insert(neighbor) }
                }
            }
        }
        return Array(cells)
    }
}
