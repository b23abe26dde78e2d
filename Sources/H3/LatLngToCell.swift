/// Point → cell (h3's `latLngToCell`).
public enum H3 {
    /// The cell at `resolution` containing the point (degrees); bit-exact with h3 v4.
    ///
    /// - Throws: ``H3Error/resolutionOutOfRange(_:)`` for a resolution outside 0…15,
    ///   ``H3Error/invalidLatLng(latitude:longitude:)`` for a non-finite coordinate.
    @inlinable
    public static func latLngToCell(latitude: Double, longitude: Double, resolution: Int) throws(H3Error) -> H3Cell {
        let raw = latLngToCellIndex(latitude: latitude, longitude: longitude, resolution: resolution)
        if raw == 0 {
            guard (0...15).contains(resolution) else { throw .resolutionOutOfRange(resolution) }
            throw .invalidLatLng(latitude: latitude, longitude: longitude)
        }
        return H3Cell(unchecked: raw)
    }

    /// The cell at `resolution` containing `point`.
    @inlinable
    public static func latLngToCell(_ point: LatLng, resolution: Int) throws(H3Error) -> H3Cell {
        try latLngToCell(latitude: point.latitude, longitude: point.longitude, resolution: resolution)
    }

    /// The raw 64-bit index of the cell containing the point, or 0 for an invalid input.
    /// The allocation-free hot path behind ``latLngToCell(latitude:longitude:resolution:)``.
    public static func latLngToCellIndex(latitude: Double, longitude: Double, resolution: Int) -> UInt64 {
        guard resolution >= 0, resolution <= 15, latitude.isFinite, longitude.isFinite else { return 0 }
        let p = FaceProjection.project(
            latitude: degreesToRadians(latitude), longitude: degreesToRadians(longitude), resolution: resolution)
        guard !p.atCentre else { return FaceIJK.cellIndex(face: p.face, axial: (0, 0), resolution: resolution) }
        // Fast path: scale the distance with one multiplication and accept the cell when no decision
        // of the hex rounding is close enough to flip (see `CoordIJK.certifiedAxial`); otherwise
        // (rarely) redo the scaling with h3's exact long-double roundings.
        let axial = CoordIJK.certifiedAxial(approximately: p.approximatePoint(resolution: resolution))
            ?? CoordIJK.axial(hex2d: p.exactPoint(resolution: resolution))
        return FaceIJK.cellIndex(face: p.face, axial: axial, resolution: resolution)
    }
}
