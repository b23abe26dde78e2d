/// A day of the year, month and day (no 29 February).
public struct SeasonDay: Sendable, Equatable, Codable, CustomStringConvertible {
    public var month: Int
    public var day: Int

    public init(month: Int, day: Int) {
        self.month = month
        self.day = day
    }

    /// Parses `MM-DD`.
    public init(parsing text: String) throws(CropIndexError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let month = Int(parts[0]), let day = Int(parts[1]),
              (1...12).contains(month), (1...days[month - 1]).contains(day)
        else { throw .invalidSeasonDay(text) }
        self.init(month: month, day: day)
    }

    /// The same day six months later (the other hemisphere's season); the 31st becomes the month's last day.
    public var shiftedHalfYear: SeasonDay {
        let month = (self.month + 5) % 12 + 1
        let last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return SeasonDay(month: month, day: min(day, last))
    }

    public var description: String { (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)" }
}

/// A crop's thermal parameters and Northern Hemisphere growing season.
public struct CropParameters: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Base and upper temperature thresholds, °C, for growing degree days.
    public var base: Double
    public var cap: Double?
    public var method: GrowingDegreeDays.Method
    /// Default season in the Northern Hemisphere (first and last day, inclusive).
    public var seasonStart: SeasonDay
    public var seasonEnd: SeasonDay
    /// Where the thresholds come from.
    public var source: String

    public init(id: String, name: String, base: Double, cap: Double?, method: GrowingDegreeDays.Method, seasonStart: SeasonDay,
                seasonEnd: SeasonDay, source: String) {
        self.id = id
        self.name = name
        self.base = base
        self.cap = cap
        self.method = method
        self.seasonStart = seasonStart
        self.seasonEnd = seasonEnd
        self.source = source
    }
}

/// The crops the crop monitor knows by name. Seasons are typical mid-latitude planting-to-maturity windows
/// (our choice, to be overridden with seasonStart/seasonEnd for a region); thresholds as sourced.
public enum CropCalendar {
    public static let crops: [CropParameters] = [
        CropParameters(id: "maize", name: "Maize (corn)", base: 10, cap: 30, method: .clamped,
                       seasonStart: SeasonDay(month: 5, day: 1), seasonEnd: SeasonDay(month: 9, day: 30),
                       source: "86/50 °F method (base 10 °C, cap 30 °C; Method 2 of McMaster & Wilhelm 1997), as used by the US National Weather Service and USDA for corn"),
        CropParameters(id: "soybean", name: "Soybean", base: 10, cap: 30, method: .clamped,
                       seasonStart: SeasonDay(month: 5, day: 15), seasonEnd: SeasonDay(month: 9, day: 30),
                       source: "base 10 °C (50 °F) as for corn, the convention of US extension services for soybean development"),
        CropParameters(id: "wheat", name: "Spring wheat", base: 0, cap: nil, method: .average,
                       seasonStart: SeasonDay(month: 4, day: 1), seasonEnd: SeasonDay(month: 8, day: 15),
                       source: "base 0 °C for wheat, McMaster & Wilhelm (1997) and the wheat phenology work they cite"),
    ]

    /// The crop named `id`.
    public static func crop(_ id: String) throws(CropIndexError) -> CropParameters {
        guard let crop = crops.first(where: { $0.id == id.lowercased() }) else { throw .unknownCrop(id) }
        return crop
    }
}
