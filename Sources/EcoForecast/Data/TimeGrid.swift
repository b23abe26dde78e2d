import EcoTime
/// The regular grid a series is put on: a fixed step in milliseconds, or whole calendar months
/// (monthly, quarterly and yearly data, whose steps vary in length).
struct TimeGrid: Sendable, Equatable {
    /// Time of slot 0, ms since the epoch (UTC).
    var startMs: Int64
    /// Fixed spacing in ms; for calendar grids the typical spacing, reported to users.
    var stepMs: Int64
    /// Calendar months per step (1, 3 or 12) or nil for a fixed step.
    var months: Int?

    /// A grid for sorted times: calendar months when the median spacing is 28–31, 89–92 or 365–366 days.
    init(startMs: Int64, medianStepMs: Int64) {
        self.startMs = startMs
        self.stepMs = medianStepMs
        let day: Int64 = 86_400_000
        switch medianStepMs {
        case 28 * day...31 * day: months = 1
        case 89 * day...92 * day: months = 3
        case 365 * day...366 * day: months = 12
        default: months = nil
        }
    }

    /// Nearest slot of `timeMs` (may be negative before the start).
    func slot(of timeMs: Int64) -> Int {
        guard let months else {
            let offset = timeMs - startMs
            return Int((offset + (offset >= 0 ? stepMs / 2 : -stepMs / 2)) / stepMs)
        }
        let startIndex = Self.monthIndex(startMs)
        let index = Self.monthIndex(timeMs)
        var slot = Double(index - startIndex) / Double(months)
        // Within a month, a time past the middle rounds towards the next month.
        slot += Double(Self.fractionOfMonth(timeMs) - Self.fractionOfMonth(startMs)) / Double(months)
        return Int(slot.rounded())
    }

    /// Time of slot `index`: the start plus `index` steps (same day of month, clamped, and time of day).
    func time(ofSlot index: Int) -> Int64 {
        guard let months else { return startMs + Int64(index) * stepMs }
        let day: Int64 = 86_400_000
        let startDays = Int64((Double(startMs) / Double(day)).rounded(.down))
        let timeOfDay = startMs - startDays * day
        let (year, month, dayOfMonth) = CivilDate.int64Date(fromDays: startDays)
        let total = year * 12 + (month - 1) + Int64(index * months)
        let newYear = Int64((Double(total) / 12).rounded(.down))
        let newMonth = total - newYear * 12 + 1
        let clampedDay = min(dayOfMonth, Self.daysIn(year: newYear, month: newMonth))
        return CivilDate.int64Days(year: newYear, month: newMonth, day: clampedDay) * day + timeOfDay
    }

    private static func monthIndex(_ timeMs: Int64) -> Int64 {
        let (year, month, _) = CivilDate.int64Date(fromDays: Int64((Double(timeMs) / 86_400_000).rounded(.down)))
        return year * 12 + month - 1
    }

    private static func fractionOfMonth(_ timeMs: Int64) -> Double {
        let days = Int64((Double(timeMs) / 86_400_000).rounded(.down))
        let (year, month, day) = CivilDate.int64Date(fromDays: days)
        return Double(day - 1) / Double(daysIn(year: year, month: month))
    }

    private static func daysIn(year: Int64, month: Int64) -> Int64 {
        let next = month == 12 ? CivilDate.int64Days(year: year + 1, month: 1, day: 1) : CivilDate.int64Days(year: year, month: month + 1, day: 1)
        return next - CivilDate.int64Days(year: year, month: month, day: 1)
    }
}
