import EcoAnalytics
import EcoCore

/// A growing season as day numbers (days since 1970-01-01, UTC): the season of `year` is the one that ends in
/// that year, so a season from November to March belongs to the year of its March.
struct CropSeason: Sendable, Equatable {
    var year: Int
    var start: SeasonDay
    var end: SeasonDay
    var startDay: Int
    var endDay: Int

    init(year: Int, start: SeasonDay, end: SeasonDay) {
        self.year = year
        self.start = start
        self.end = end
        let wraps = (start.month, start.day) > (end.month, end.day)
        startDay = CivilDate.days(year: wraps ? year - 1 : year, month: start.month, day: start.day)
        endDay = CivilDate.days(year: year, month: end.month, day: end.day)
    }

    /// The latest season that has begun on or before `day`.
    static func latest(startedBy day: Int, start: SeasonDay, end: SeasonDay) -> CropSeason {
        let year = CivilDate.date(fromDays: day).year
        return [year + 1, year, year - 1].map { CropSeason(year: $0, start: start, end: end) }.first { $0.startDay <= day }
            ?? CropSeason(year: year - 1, start: start, end: end)
    }

    static func text(day: Int) -> String {
        let date = CivilDate.date(fromDays: day)
        return String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
    }
}
