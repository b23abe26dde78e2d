/// Ways an H3 operation can fail; one precise case per cause, as h3's own error codes.
public enum H3Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// Latitude or longitude is not a finite number.
    case invalidLatLng(latitude: Double, longitude: Double)
    /// Resolution outside 0…15.
    case resolutionOutOfRange(Int)
    /// The 64-bit value or string is not a valid H3 cell index.
    case invalidCell(String)
    /// A parent was asked at a finer resolution, or children at a coarser one, than the cell's own.
    case resolutionMismatch(cell: Int, requested: Int)
    /// The operation crossed a pentagon's deleted sub-sequence where H3 leaves the answer undefined.
    case pentagonDistortion
    /// The cells are too far apart, on different resolutions, or the answer would be too large.
    case tooFar
    /// Cells in one call must share a resolution (or contain no duplicates for `compact`).
    case mixedOrDuplicateInput
    /// The polygon or GeoJSON input is malformed; the text says where.
    case invalidGeometry(String)

    public var description: String {
        switch self {
        case .invalidLatLng(let lat, let lng): "latitude \(lat) / longitude \(lng) is not a finite coordinate"
        case .resolutionOutOfRange(let r): "resolution \(r) is outside 0...15"
        case .invalidCell(let text): "'\(text)' is not a valid H3 cell index (15 hex digits such as 872830828ffffff)"
        case .resolutionMismatch(let cell, let requested):
            "resolution \(requested) is not valid for a cell of resolution \(cell) (parents must be coarser, children finer)"
        case .pentagonDistortion: "the operation crosses a pentagon's deleted sub-sequence, where H3 leaves it undefined"
        case .tooFar: "the cells are too far apart or the result would be too large"
        case .mixedOrDuplicateInput: "cells must share one resolution and appear once"
        case .invalidGeometry(let why): "invalid geometry: \(why)"
        }
    }
}
