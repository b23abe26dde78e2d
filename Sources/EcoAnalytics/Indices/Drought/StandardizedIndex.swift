/// Settings of the SPI and SPEI computations.
public struct StandardizedIndexOptions: Sendable, Equatable {
    /// Accumulation period in months (1, 3, 6, 12, 24 …); the value for month t covers months t−scale+1 … t.
    public var scale: Int
    /// Fewest calibration years a calendar month needs for its fit. Default 30: the WMO SPI User Guide
    /// (WMO-No. 1090, 2012) asks for at least 20–30 years and calls 50–60 optimal.
    public var minimumYears = 30
    /// Years whose values fit the distributions; nil: the whole record (as NCEI computes its operational SPI).
    public var calibrationYears: ClosedRange<Int>?
    /// The SPI's gamma estimator (the SPEI always uses probability-weighted moments).
    public var gammaEstimator = GammaEstimator.thom
    /// |value| is capped here: ±3.09, beyond which a fitted tail is not trustworthy (Φ(−3.09) ≈ 0.001);
    /// NCEI and climate-indices clip the same way.
    public var limit = 3.09

    public init(scale: Int) { self.scale = scale }
}

/// A monthly SPI or SPEI series.
public struct StandardizedIndexSeries: Sendable, Equatable {
    /// The month of `values[0]`.
    public var start: YearMonth
    /// One value per input month; nil before `scale` months have accumulated, where a month in the window is
    /// missing, or where the calendar month could not be fitted (see `undefinedMonths`).
    public var values: [Double?]
    /// Calendar months (1…12) without a fitted distribution, and why.
    public var undefinedMonths: [Int: String]

    public init(start: YearMonth, values: [Double?], undefinedMonths: [Int: String]) {
        self.start = start
        self.values = values
        self.undefinedMonths = undefinedMonths
    }

    /// The WMO class of `values[index]`.
    public func category(at index: Int) -> DroughtCategory? { values[index].map(DroughtCategory.init(value:)) }
}

/// The Standardized Precipitation Index (McKee, Doesken & Kleist 1993; WMO SPI User Guide, WMO-No. 1090).
///
/// For each calendar month, the `scale`-month precipitation totals of the calibration years are fitted with a
/// gamma distribution (``GammaEstimator``), zeros handled as a separate probability mass q:
/// H(x) = q + (1 − q)·G(x); the SPI is Φ⁻¹(H(x)).
public enum StandardizedPrecipitationIndex {
    /// - Parameter precipitation: monthly totals in mm (nil: missing), consecutive months from `start`.
    /// - Throws: ``DroughtIndexError`` for scale < 1, a negative or non-finite total, or too short a record.
    public static func compute(precipitation: [Double?], start: YearMonth, options: StandardizedIndexOptions)
        throws(DroughtIndexError) -> StandardizedIndexSeries
    {
        for (offset, value) in precipitation.enumerated() {
            guard let value else { continue }
            if !value.isFinite { throw .nonFiniteValue(month: start.advanced(by: offset), column: "precip_mm") }
            if value < 0 { throw .negativePrecipitation(month: start.advanced(by: offset), value: value) }
        }
        return try StandardizedIndexPipeline.run(values: precipitation, start: start, options: options) { sample in
            ZeroInflatedGamma.fit(sample, estimator: options.gammaEstimator).map { $0.cdf }
        }
    }
}

/// The Standardized Precipitation Evapotranspiration Index (Vicente-Serrano, Beguería & López-Moreno 2010):
/// the SPI's procedure on the climatic water balance D = P − PET, fitted with a log-logistic distribution.
public enum StandardizedEvapotranspirationIndex {
    /// - Parameters:
    ///   - precipitation: monthly totals in mm (nil: missing).
    ///   - potentialEvapotranspiration: monthly PET in mm, same months (see ``PotentialEvapotranspiration``).
    public static func compute(
        precipitation: [Double?], potentialEvapotranspiration: [Double?], start: YearMonth, options: StandardizedIndexOptions
    ) throws(DroughtIndexError) -> StandardizedIndexSeries {
        guard precipitation.count == potentialEvapotranspiration.count else {
            throw .lengthMismatch(
                "\(precipitation.count) months of precipitation but \(potentialEvapotranspiration.count) of PET; give both for every month.")
        }
        var balance: [Double?] = []
        balance.reserveCapacity(precipitation.count)
        for (offset, (p, pet)) in zip(precipitation, potentialEvapotranspiration).enumerated() {
            guard let p, let pet else {
                balance.append(nil)
                continue
            }
            let month = start.advanced(by: offset)
            if !p.isFinite { throw .nonFiniteValue(month: month, column: "precip_mm") }
            if !pet.isFinite { throw .nonFiniteValue(month: month, column: "pet_mm") }
            if p < 0 { throw .negativePrecipitation(month: month, value: p) }
            balance.append(p - pet)
        }
        return try StandardizedIndexPipeline.run(values: balance, start: start, options: options) { sample in
            LogLogistic.fit(sample).map { $0.cdf }
        }
    }
}

/// The steps SPI and SPEI share: accumulate, fit each calendar month, transform to the standard normal.
enum StandardizedIndexPipeline {
    static func run(
        values: [Double?], start: YearMonth, options: StandardizedIndexOptions,
        fit: ([Double]) -> Result<(Double) -> Double, DroughtFitFailure>
    ) throws(DroughtIndexError) -> StandardizedIndexSeries {
        guard options.scale >= 1 else { throw .invalidScale(options.scale) }
        let totals = accumulate(values, scale: options.scale)
        let samples = try calibrationSamples(totals, start: start, options: options)
        var result = StandardizedIndexSeries(start: start, values: Array(repeating: nil, count: values.count), undefinedMonths: [:])
        for calendarMonth in 0..<12 {
            let sample = samples[calendarMonth]
            let name = monthNames[calendarMonth]
            guard sample.count >= options.minimumYears else {
                result.undefinedMonths[calendarMonth + 1] =
                    "\(name): \(sample.count) calibration years with data at scale \(options.scale); the fit needs \(options.minimumYears)."
                continue
            }
            let cdf: (Double) -> Double
            switch fit(sample) {
            case .success(let fitted): cdf = fitted
            case .failure(let failure):
                result.undefinedMonths[calendarMonth + 1] = "\(name): \(failure.sentence)."
                continue
            }
            var index = (calendarMonth - (start.month - 1) + 12) % 12
            while index < totals.count {
                if let total = totals[index] {
                    let z = SpecialFunctions.normalQuantile(cdf(total))
                    result.values[index] = min(max(z, -options.limit), options.limit)
                }
                index += 12
            }
        }
        return result
    }

    /// Sums of `scale` consecutive months ending at each month; nil where the window is incomplete.
    static func accumulate(_ values: [Double?], scale: Int) -> [Double?] {
        var totals = [Double?](repeating: nil, count: values.count)
        guard scale <= values.count else { return totals }
        for end in (scale - 1)..<values.count {
            var sum = 0.0
            var complete = true
            for value in values[(end - scale + 1)...end] {
                guard let value else {
                    complete = false
                    break
                }
                sum += value
            }
            if complete { totals[end] = sum }
        }
        return totals
    }

    /// The calibration totals of each calendar month (index 0 = January).
    /// - Throws: ``DroughtIndexError/recordTooShort(years:minimum:scale:)`` when no month reaches `minimumYears`.
    static func calibrationSamples(_ totals: [Double?], start: YearMonth, options: StandardizedIndexOptions)
        throws(DroughtIndexError) -> [[Double]]
    {
        var samples = [[Double]](repeating: [], count: 12)
        var anyInCalibration = totals.isEmpty || options.calibrationYears == nil
        for (offset, total) in totals.enumerated() {
            let month = start.advanced(by: offset)
            if let years = options.calibrationYears, !years.contains(month.year) { continue }
            anyInCalibration = true
            if let total { samples[month.month - 1].append(total) }
        }
        if let years = options.calibrationYears, !anyInCalibration { throw .invalidCalibration(years) }
        let best = samples.map(\.count).max() ?? 0
        if best < options.minimumYears {
            throw .recordTooShort(years: best, minimum: options.minimumYears, scale: options.scale)
        }
        return samples
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
}
