import Foundation

/// Monthly potential evapotranspiration for the SPEI.
public enum PotentialEvapotranspiration {
    /// Thornthwaite (1948) PET in mm/month from monthly mean temperatures (°C) at `latitude` (degrees).
    ///
    /// PET = 16 · (L/12) · (N/30) · (10·T/I)^a, with T the month's mean temperature (0 when below 0), N its
    /// days, L its mean daylight hours, I = Σ (T̄ₘ/5)^1.514 the heat index of the record's 12 calendar-month
    /// means and a = 6.75·10⁻⁷·I³ − 7.71·10⁻⁵·I² + 1.792·10⁻²·I + 0.49239. Daylight hours per day come
    /// from the solar declination and sunset hour angle of FAO Irrigation and Drainage Paper 56 (Allen et al.
    /// 1998), eqs. 24, 25 and 34, averaged over the month's days. Thornthwaite's table for T > 26.5 °C is not
    /// applied, as in climate-indices and the R SPEI package's `thornthwaite`.
    /// - Throws: ``DroughtIndexError/invalidLatitude(_:)`` outside −90…90.
    public static func thornthwaite(temperatureC: [Double?], start: YearMonth, latitude: Double)
        throws(DroughtIndexError) -> [Double?]
    {
        guard (-90...90).contains(latitude) else { throw .invalidLatitude(latitude) }
        for (offset, value) in temperatureC.enumerated() where value.map({ !$0.isFinite }) ?? false {
            throw .nonFiniteValue(month: start.advanced(by: offset), column: "temp_c")
        }
        var sums = [Double](repeating: 0, count: 12)
        var counts = [Int](repeating: 0, count: 12)
        for (offset, value) in temperatureC.enumerated() {
            guard let value else { continue }
            let calendarMonth = start.advanced(by: offset).month - 1
            sums[calendarMonth] += max(value, 0)
            counts[calendarMonth] += 1
        }
        let heatIndex = zip(sums, counts).reduce(0.0) { total, pair in
            pair.1 > 0 ? total + pow(pair.0 / Double(pair.1) / 5, 1.514) : total
        }
        let exponent = 6.75e-7 * pow(heatIndex, 3) - 7.71e-5 * heatIndex * heatIndex + 1.792e-2 * heatIndex + 0.49239
        let latitudeRadians = latitude * Double.pi / 180
        let daylight = [false, true].map { leap in (1...12).map { meanDaylightHours(month: $0, leapYear: leap, latitudeRadians: latitudeRadians) } }
        return temperatureC.enumerated().map { offset, value in
            guard let value else { return nil }
            let month = start.advanced(by: offset)
            guard value > 0, heatIndex > 0 else { return 0 }
            let hours = daylight[month.isLeapYear ? 1 : 0][month.month - 1]
            return 16 * (hours / 12) * (Double(month.dayCount) / 30) * pow(10 * value / heatIndex, exponent)
        }
    }

    /// Mean daylight hours of a month: N = 24/π · ωs per day (FAO-56 eq. 34), ωs = arccos(−tan φ · tan δ)
    /// (eq. 25), δ = 0.409 · sin(2π·J/365 − 1.39) (eq. 24), J the day of the year.
    static func meanDaylightHours(month: Int, leapYear: Bool, latitudeRadians: Double) -> Double {
        let lengths = [31, leapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let firstDay = lengths.prefix(month - 1).reduce(1, +)
        var total = 0.0
        for day in firstDay..<(firstDay + lengths[month - 1]) {
            total += 24 / Double.pi * sunsetHourAngle(latitudeRadians: latitudeRadians, declination: solarDeclination(day: day))
        }
        return total / Double(lengths[month - 1])
    }

    /// Hargreaves PET in mm/month from monthly mean daily minimum and maximum temperatures (°C) at `latitude`.
    ///
    /// FAO-56 eq. 52 (Hargreaves & Samani 1985) summed over the month's days:
    /// ET₀ = 0.0023 · (T_mean + 17.8) · √(T_max − T_min) · 0.408 · R_a, with R_a the extraterrestrial radiation of
    /// each day (MJ m⁻² day⁻¹, FAO-56 eq. 21) and 0.408 converting it to mm/day. T_mean is `meanC` where given,
    /// else (T_min + T_max)/2. A month with T_max < T_min is treated as no range (0 mm).
    public static func hargreaves(minimumC: [Double?], maximumC: [Double?], meanC: [Double?]? = nil, start: YearMonth, latitude: Double)
        throws(DroughtIndexError) -> [Double?]
    {
        guard (-90...90).contains(latitude) else { throw .invalidLatitude(latitude) }
        guard minimumC.count == maximumC.count, meanC.map({ $0.count == minimumC.count }) ?? true else {
            throw .lengthMismatch("tmin_c, tmax_c and temp_c must cover the same months.")
        }
        let latitudeRadians = latitude * Double.pi / 180
        return try minimumC.indices.map { (index: Int) throws(DroughtIndexError) -> Double? in
            guard let low = minimumC[index], let high = maximumC[index] else { return nil }
            let month = start.advanced(by: index)
            guard low.isFinite, high.isFinite else { throw .nonFiniteValue(month: month, column: "tmin_c/tmax_c") }
            let mean = meanC?[index] ?? (low + high) / 2
            let firstDay = month.firstDayOfYear
            var radiation = 0.0
            for day in firstDay..<(firstDay + month.dayCount) {
                radiation += extraterrestrialRadiation(day: day, latitudeRadians: latitudeRadians)
            }
            return max(0, 0.0023 * (mean + 17.8) * max(high - low, 0).squareRoot() * 0.408 * radiation)
        }
    }

    /// R_a in MJ m⁻² day⁻¹ on day `dayOfYear` at `latitude` degrees (FAO-56 eq. 21): (24·60/π) G_sc d_r [ω_s sin φ sin δ + cos φ cos δ sin ω_s], with
    /// G_sc = 0.0820 MJ m⁻² min⁻¹ and d_r = 1 + 0.033 cos(2πJ/365) (eq. 23).
    public static func extraterrestrialRadiation(dayOfYear: Int, latitude: Double) -> Double {
        extraterrestrialRadiation(day: dayOfYear, latitudeRadians: latitude * Double.pi / 180)
    }

    static func extraterrestrialRadiation(day: Int, latitudeRadians: Double) -> Double {
        let declination = solarDeclination(day: day)
        let angle = sunsetHourAngle(latitudeRadians: latitudeRadians, declination: declination)
        let distance = 1 + 0.033 * cos(2 * Double.pi * Double(day) / 365)
        return 24 * 60 / Double.pi * 0.0820 * distance
            * (angle * sin(latitudeRadians) * sin(declination) + cos(latitudeRadians) * cos(declination) * sin(angle))
    }

    /// δ = 0.409 sin(2πJ/365 − 1.39), radians (FAO-56 eq. 24).
    static func solarDeclination(day: Int) -> Double { 0.409 * sin(2 * Double.pi * Double(day) / 365 - 1.39) }

    /// ω_s = arccos(−tan φ tan δ), radians (FAO-56 eq. 25), clamped for polar day and night.
    static func sunsetHourAngle(latitudeRadians: Double, declination: Double) -> Double {
        acos(min(max(-tan(latitudeRadians) * tan(declination), -1), 1))
    }
}

extension YearMonth {
    /// The day of the year (1-based) on which the month starts.
    var firstDayOfYear: Int { (1..<month).reduce(1) { total, m in total + YearMonth(year: year, month: m).dayCount } }
}
