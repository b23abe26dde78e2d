import EcoCore
import EcoStore
import Foundation

/// One observation in API responses (camelCase, as the specification's ClimateObservation).
public struct ObservationDTO: Encodable, Sendable {
    public var h3Index: String
    public var lat: Double
    public var lng: Double
    public var observedAt: String
    public var variable: String
    public var value: Double
    public var unit: String
    public var qualityFlag: Int
    public var source: String
    public var stationId: String

    public init(_ row: StoredObservation, unit: String) {
        h3Index = Spatial.hex(row.series.key.cell)
        lat = row.series.lat
        lng = row.series.lng
        observedAt = Timestamp.format(ms: row.observedAtMs)
        variable = row.series.key.variable
        value = row.value
        self.unit = unit
        qualityFlag = Int(row.quality.rawValue)
        source = row.series.key.source
        stationId = row.series.key.stationId
    }

    public static let csvHeader = "h3Index,lat,lng,observedAt,variable,value,unit,qualityFlag,source,stationId\n"

    public var csvLine: String {
        [h3Index, "\(lat)", "\(lng)", observedAt, variable, "\(value)", unit, "\(qualityFlag)", source, stationId]
            .map(CSVField.escape).joined(separator: ",") + "\n"
    }

    public var ndjsonLine: String {
        "{\"h3Index\":\"\(h3Index)\",\"lat\":\(lat),\"lng\":\(lng),\"observedAt\":\"\(observedAt)\",\"variable\":\(JSONString.quote(variable)),\"value\":\(value),\"unit\":\(JSONString.quote(unit)),\"qualityFlag\":\(qualityFlag),\"source\":\(JSONString.quote(source)),\"stationId\":\(JSONString.quote(stationId))}\n"
    }
}

/// RFC 4180 field quoting.
enum CSVField {
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// JSON string literal encoding for hand-written streaming output.
enum JSONString {
    public static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let s where s.value < 0x20: result += String(format: "\\u%04x", s.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
