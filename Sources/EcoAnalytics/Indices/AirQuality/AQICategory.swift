/// The six US EPA AQI categories with their names and colours.
///
/// Names and AQI ranges: TAD 2024 (EPA-454/B-24-002), Table 1 "Names and colors for the six AQI
/// categories", p. 3. Colours: Table 2 "Standard AQI color formulas", p. 4 (RGB 0,228,0 · 255,255,0 ·
/// 255,126,0 · 255,0,0 · 143,63,151 · 126,0,35).
public enum AQICategory: Int, Codable, Sendable, CaseIterable, Comparable {
    case good = 1, moderate, unhealthyForSensitiveGroups, unhealthy, veryUnhealthy, hazardous

    /// The category of an AQI value (0–50 good … 301 and above hazardous).
    public init(aqi: Int) {
        switch aqi {
        case ...50: self = .good
        case 51...100: self = .moderate
        case 101...150: self = .unhealthyForSensitiveGroups
        case 151...200: self = .unhealthy
        case 201...300: self = .veryUnhealthy
        default: self = .hazardous
        }
    }

    /// The name the TAD gives the category.
    public var name: String {
        switch self {
        case .good: "Good"
        case .moderate: "Moderate"
        case .unhealthyForSensitiveGroups: "Unhealthy for Sensitive Groups"
        case .unhealthy: "Unhealthy"
        case .veryUnhealthy: "Very Unhealthy"
        case .hazardous: "Hazardous"
        }
    }

    /// The standard colour as `#RRGGBB`.
    public var color: String {
        switch self {
        case .good: "#00E400"
        case .moderate: "#FFFF00"
        case .unhealthyForSensitiveGroups: "#FF7E00"
        case .unhealthy: "#FF0000"
        case .veryUnhealthy: "#8F3F97"
        case .hazardous: "#7E0023"
        }
    }

    /// The AQI values of the category.
    public var aqiRange: ClosedRange<Int> {
        switch self {
        case .good: 0...50
        case .moderate: 51...100
        case .unhealthyForSensitiveGroups: 101...150
        case .unhealthy: 151...200
        case .veryUnhealthy: 201...300
        case .hazardous: 301...500
        }
    }

    public static func < (lhs: AQICategory, rhs: AQICategory) -> Bool { lhs.rawValue < rhs.rawValue }
}
