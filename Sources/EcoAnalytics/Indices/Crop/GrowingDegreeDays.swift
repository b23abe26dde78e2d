/// Growing degree days (°C·day) by the simple averaging method, in the two readings McMaster & Wilhelm set
/// side by side ("Growing degree-days: one equation, two interpretations", Agricultural and Forest Meteorology
/// 87 (1997) 291–300): GDD = (T_max + T_min)/2 − T_base per day, never below zero.
///
/// - ``Method/average`` (their Method 1): the daily mean is compared with the base; a mean below it gives 0.
/// - ``Method/clamped`` (their Method 2): T_max and T_min below the base are first raised to it, so a day whose
///   maximum passes the base counts even when its mean does not. It is the method of the US "86/50" corn
///   convention (base 50 °F = 10 °C, cap 86 °F = 30 °C).
///
/// With an upper threshold (cap), temperatures above it are lowered to it first, in both methods (McMaster &
/// Wilhelm's horizontal cut-off).
public struct GrowingDegreeDays: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable, Codable {
        /// Method 1: max(0, mean − base).
        case average
        /// Method 2: T_max and T_min clamped to [base, cap] before averaging.
        case clamped
    }

    /// Base temperatures accepted, °C: crops' published bases lie between 0 °C (wheat, barley) and about
    /// 15 °C (cotton 15.6 °C); −10…30 leaves room for other organisms without admitting nonsense.
    public static let baseRange: ClosedRange<Double> = -10...30
    /// Caps accepted, °C.
    public static let capRange: ClosedRange<Double> = 0...50

    public let base: Double
    public let cap: Double?
    public let method: Method

    /// - Throws: ``CropIndexError`` when the base or the cap is out of range, or the cap is not above the base.
    public init(base: Double, cap: Double?, method: Method) throws(CropIndexError) {
        guard base.isFinite, Self.baseRange.contains(base) else { throw .baseOutOfRange(base) }
        if let cap {
            guard cap.isFinite, Self.capRange.contains(cap) else { throw .capOutOfRange(cap) }
            guard cap > base else { throw .capNotAboveBase(base: base, cap: cap) }
        }
        self.base = base
        self.cap = cap
        self.method = method
    }

    /// The degree days of one day with extremes `min` and `max` (°C; swapped if given the wrong way round).
    public func day(min: Double, max: Double) -> Double {
        var low = Swift.min(min, max), high = Swift.max(min, max)
        if let cap {
            low = Swift.min(low, cap)
            high = Swift.min(high, cap)
        }
        if method == .clamped {
            low = Swift.max(low, base)
            high = Swift.max(high, base)
        }
        return Swift.max(0, (low + high) / 2 - base)
    }

    /// The sum over `days`, skipping days without data (nil); and how many had data.
    public func total(_ days: [(min: Double, max: Double)?]) -> (degreeDays: Double, daysWithData: Int) {
        var sum = 0.0, count = 0
        for case let day? in days {
            sum += self.day(min: day.min, max: day.max)
            count += 1
        }
        return (sum, count)
    }
}
