import EcoAnalytics
import EcoCore

/// How a place's hourly means become the readings an index rates.
public enum AirQualityAveraging: String, CaseIterable, Sendable {
    /// Each averaging period of the scale's tables as a mean of the last 1, 8 or 24 hourly means.
    case standard
    /// The EPA NowCast for PM2.5, PM10 and O3 (real-time reporting, US EPA scale only); other pollutants as `standard`.
    case nowcast
}

/// A rated reading with the hours behind it.
public struct HourlyReading: Sendable {
    public var reading: IndexReading
    /// `mean` or `nowcast`.
    public var method: String
    /// Hours in the averaging window, and how many of them had data.
    public var hours: Int
    public var hoursWithData: Int
}

/// The averaging rules from hourly means, per pollutant and scale (no I/O).
///
/// A mean over an averaging period counts when at least 75 % of its hours have data: 18 of 24 hours (the
/// 24-hour PM2.5 completeness of 40 CFR Part 50 Appendix N), 6 of 8 hours (the 8-hour O3 completeness of
/// Appendix U), and the one hour of a 1-hour period. A 15-minute mean (SO2 on the UK DAQI) cannot be made
/// from hourly means and is reported missing. The NowCast keeps its own rule (2 of the 3 latest hours).
public enum HourlyAveraging {
    /// Hourly means a window must hold: the last 24 hours.
    public static let windowHours = 24

    /// Hours of an averaging period; nil for periods shorter than an hour.
    public static func hours(_ period: AveragingPeriod) -> Int? {
        switch period {
        case .fifteenMinute: nil
        case .oneHour: 1
        case .eightHour: 8
        case .twentyFourHour: 24
        }
    }

    /// Hours with data a mean over `hours` needs (75 %, rounded up).
    public static func minimumHours(_ hours: Int) -> Int { (3 * hours + 3) / 4 }

    /// The readings of `pollutant` from `hourly` means in the scale's unit (oldest first, the last entry the
    /// latest hour; nil where an hour has no data), and a note for each period the data does not allow.
    public static func readings(
        _ pollutant: AirPollutant, hourly: [Double?], scale: any AirQualityIndexScale, averaging: AirQualityAveraging
    ) throws(AirQualityIndexError) -> (readings: [HourlyReading], notes: [String]) {
        var readings: [HourlyReading] = []
        var notes: [String] = []
        let nowCastPeriod: AveragingPeriod? = switch (averaging, pollutant) {
        case (.nowcast, .pm25), (.nowcast, .pm10): .twentyFourHour
        case (.nowcast, .o3): .eightHour
        default: nil
        }
        for period in scale.averagingPeriods(for: pollutant) {
            if period == nowCastPeriod, let epa = scale as? EPAAirQualityIndex {
                let (nowCast, reading) = try epa.nowCastAQI(pollutant, hourly: hourly)
                if let reading {
                    readings.append(HourlyReading(reading: reading, method: "nowcast", hours: NowCast.rule(for: pollutant)?.hours ?? 0,
                                                  hoursWithData: nowCast.hoursUsed))
                } else {
                    notes.append("\(pollutant.displayName) NowCast: \(nowCast.reason ?? "no value").")
                }
                continue
            }
            guard let hours = hours(period) else {
                notes.append("\(pollutant.displayName) \(period.rawValue): hourly data cannot give a 15-minute mean.")
                continue
            }
            let values = hourly.suffix(hours).compactMap { $0 }
            guard values.count >= minimumHours(hours) else {
                notes.append("\(pollutant.displayName) \(period.rawValue): \(values.count) of the last \(hours) hours have data; "
                    + "the mean needs \(minimumHours(hours)).")
                continue
            }
            let mean = values.reduce(0, +) / Double(values.count)
            readings.append(HourlyReading(reading: try scale.rate(pollutant, period, concentration: mean), method: "mean", hours: hours,
                                          hoursWithData: values.count))
        }
        return (readings, notes)
    }
}
