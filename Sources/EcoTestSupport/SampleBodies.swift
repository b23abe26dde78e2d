import EcoCore

/// Observation bodies shaped like real sensor uploads, shared by the decoder benchmark and the tests
/// that check those very bodies decode completely.
public enum SampleBodies {
    /// A body of `records` observations in `format`, shaped like real sensor uploads.
    public static func observations(format: ObservationFormat, records: Int) -> [UInt8] {
        var text = ""
        text.reserveCapacity(records * 160)
        switch format {
        case .csv: text += "variable,value,unit,observedAt,lat,lng,source,stationId\n"
        case .json: text += "["
        case .ndjson: break
        }
        let variables = [("pm25", "ug/m3"), ("no2", "ug/m3"), ("temperature_2m", "degC"), ("o3", "ppb")]
        for k in 0..<records {
            let (variable, unit) = variables[k % variables.count]
            let value = "\(k % 400 / 10).\(k % 10)"
            let observedAt = Timestamp.format(ms: 1_714_568_400_000 + Int64(k / 50) * 60_000)
            let lat = "48.\(8500 + k % 997)", lng = "2.\(3500 + k % 991)"
            let station = "st-\(k % 50 + 100)"
            switch format {
            case .ndjson, .json:
                if format == .json, k > 0 { text += ",\n" }
                text += #"{"variable":"\#(variable)","value":\#(value),"unit":"\#(unit)","observedAt":"\#(observedAt)","lat":\#(lat),"lng":\#(lng),"source":"demo","stationId":"\#(station)"}"#
                if format == .ndjson { text += "\n" }
            case .csv:
                text += "\(variable),\(value),\(unit),\(observedAt),\(lat),\(lng),demo,\(station)\n"
            }
        }
        if format == .json { text += "]\n" }
        return Array(text.utf8)
    }
}
