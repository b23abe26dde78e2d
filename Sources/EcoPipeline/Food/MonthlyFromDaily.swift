import EcoAnalytics
import EcoCore
import EcoStore

/// Monthly values of one series from its daily buckets, with the completeness rules of the WMO Guidelines on
/// the Calculation of Climate Normals (WMO-No. 1203, 2017): a monthly precipitation total needs every day of
/// the month (a missing day cannot be estimated for a total); a monthly mean temperature is computed unless
/// more than 5 days in all, or more than 3 consecutive days, are missing (the "3/5 rule"). Days are UTC days.
public enum MonthlyFromDaily {
    /// Totals of the months whose every day has data.
    public static func totals(_ daily: [BucketValues]) -> [YearMonth: Double] {
        var result: [YearMonth: Double] = [:]
        for (month, days) in byMonth(daily) where days.count == month.dayCount {
            result[month] = days.values.reduce(0) { $0 + $1.sum }
        }
        return result
    }

    /// Means of the daily means, for the months that pass the 3/5 rule.
    public static func means(_ daily: [BucketValues]) -> [YearMonth: Double] {
        var result: [YearMonth: Double] = [:]
        for (month, days) in byMonth(daily) where passesThreeFiveRule(days: Set(days.keys), in: month) {
            let means = days.values.compactMap(\.mean)
            result[month] = means.reduce(0, +) / Double(means.count)
        }
        return result
    }

    /// At most 5 days missing in all and at most 3 in a row.
    static func passesThreeFiveRule(days: Set<Int>, in month: YearMonth) -> Bool {
        guard month.dayCount - days.count <= 5 else { return false }
        var run = 0
        for day in 1...month.dayCount {
            run = days.contains(day) ? 0 : run + 1
            if run > 3 { return false }
        }
        return true
    }

    /// Daily statistics grouped by month, keyed by day of the month.
    static func byMonth(_ daily: [BucketValues]) -> [YearMonth: [Int: RunningStats]] {
        var months: [YearMonth: [Int: RunningStats]] = [:]
        for bucket in daily where bucket.stats.count > 0 {
            let date = CivilDate.date(fromDays: Int(TimeBucket.day.start(ofMs: bucket.startMs) / 86_400_000))
            months[YearMonth(year: date.year, month: date.month), default: [:]][date.day, default: RunningStats()].merge(bucket.stats)
        }
        return months
    }
}
