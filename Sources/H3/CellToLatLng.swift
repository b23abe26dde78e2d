extension H3Cell {
    /// The cell's centre in degrees (h3's `cellToLatLng`).
    public var center: LatLng {
        let g = centerRadians
        return LatLng(latitude: radiansToDegrees(g.lat), longitude: radiansToDegrees(g.lng))
    }

    /// The centre in radians: the inverse projection of the cell's face coordinate.
    var centerRadians: (lat: Double, lng: Double) {
        let f = FaceIJK(cell: rawValue)
        return FaceProjection.latLng(hex2d: f.coord.hex2d(), face: f.face, resolution: resolution, substrate: false)
    }
}
