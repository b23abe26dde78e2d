extension H3Cell {
    /// The cell's centre in degrees (h3's `cellToLatLng`).
    public var center: LatLng {
        let f = FaceIJK(cell: rawValue)
        let g = FaceProjection.latLng(hex2d: f.coord.hex2d(), face: f.face, resolution: resolution, substrate: false)
        return LatLng(latitude: radiansToDegrees(g.lat), longitude: radiansToDegrees(g.lng))
    }
}
