/// The fields of an observation record, by their API names (JSON keys and CSV column names).
enum ObservationField: Int, CaseIterable, Sendable {
    case variable, value, unit, observedAt, lat, lng, h3Index, source, stationId, quality

    /// The field's name as the API spells it (case-sensitive).
    var name: String {
        switch self {
        case .variable: "variable"
        case .value: "value"
        case .unit: "unit"
        case .observedAt: "observedAt"
        case .lat: "lat"
        case .lng: "lng"
        case .h3Index: "h3Index"
        case .source: "source"
        case .stationId: "stationId"
        case .quality: "quality"
        }
    }

    /// The field named by the `count` UTF-8 bytes at `p`, or nil for an unknown name.
    @inline(__always)
    static func match(_ p: UnsafePointer<UInt8>, count: Int) -> ObservationField? {
        switch count {
        case 3:
            if equals(p, "lat") { return .lat }
            if equals(p, "lng") { return .lng }
        case 4: if equals(p, "unit") { return .unit }
        case 5: if equals(p, "value") { return .value }
        case 6: if equals(p, "source") { return .source }
        case 7:
            if equals(p, "h3Index") { return .h3Index }
            if equals(p, "quality") { return .quality }
        case 8: if equals(p, "variable") { return .variable }
        case 9: if equals(p, "stationId") { return .stationId }
        case 10: if equals(p, "observedAt") { return .observedAt }
        default: break
        }
        return nil
    }

    @inline(__always)
    private static func equals(_ p: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let q = name.utf8Start
        for k in 0..<name.utf8CodeUnitCount where p[k] != q[k] { return false }
        return true
    }
}
