/// Why a crop condition could not be computed as asked.
public enum CropIndexError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownCrop(String)
    case baseOutOfRange(Double)
    case capOutOfRange(Double)
    case capNotAboveBase(base: Double, cap: Double)
    case invalidSeasonDay(String)
    /// A yield regression cannot be fitted; the text says why.
    case yieldFit(String)
    /// A yield history row is wrong; line (1 = header) and what.
    case yieldRow(line: Int, message: String)

    public var description: String {
        switch self {
        case .unknownCrop(let name):
            "Unknown crop '\(name)'; use one of \(CropCalendar.crops.map(\.id).joined(separator: ", ")), or give baseTemperature, seasonStart and seasonEnd with crop=custom."
        case .baseOutOfRange(let base):
            "Base temperature \(base) °C is outside \(Int(GrowingDegreeDays.baseRange.lowerBound))…\(Int(GrowingDegreeDays.baseRange.upperBound)) °C; crops' bases lie between 0 °C (wheat) and about 15 °C (cotton), e.g. 10 for maize."
        case .capOutOfRange(let cap):
            "Upper temperature \(cap) °C is outside \(Int(GrowingDegreeDays.capRange.lowerBound))…\(Int(GrowingDegreeDays.capRange.upperBound)) °C; maize uses 30."
        case let .capNotAboveBase(base, cap):
            "Upper temperature \(cap) °C must be above the base temperature \(base) °C."
        case .invalidSeasonDay(let text):
            "'\(text)' is not a day of the year as MM-DD (e.g. 05-01); 02-29 is not allowed, as not every season has it."
        case .yieldFit(let text):
            "Cannot fit the yield model: \(text)."
        case let .yieldRow(line, message):
            "Line \(line): \(message)"
        }
    }
}
