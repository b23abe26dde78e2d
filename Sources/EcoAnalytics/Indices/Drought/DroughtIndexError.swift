/// Why a drought index could not be computed from the input.
public enum DroughtIndexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The accumulation scale is below 1 month.
    case invalidScale(Int)
    /// Fewer years of data at this scale than the fit needs.
    case recordTooShort(years: Int, minimum: Int, scale: Int)
    case negativePrecipitation(month: YearMonth, value: Double)
    case nonFiniteValue(month: YearMonth, column: String)
    /// Two inputs that must line up (precipitation and PET) have different lengths.
    case lengthMismatch(String)
    case invalidLatitude(Double)
    case invalidCalibration(ClosedRange<Int>)
    /// An input the computation needs is absent; the text says which and how to give it.
    case missingInput(String)

    public var description: String {
        switch self {
        case .invalidScale(let scale):
            "Scale \(scale) is not a number of months; use 1 or more (1, 3, 6, 12 and 24 are the usual ones)."
        case let .recordTooShort(years, minimum, scale):
            "The record has \(years) years of data at scale \(scale) for its best-covered calendar month; the distribution "
                + "fit needs at least \(minimum) (WMO-No. 1090 recommends 30 or more). Give a longer record, or lower the "
                + "minimum (--min-years) knowing the index will be less reliable."
        case let .negativePrecipitation(month, value):
            "Precipitation \(value) mm in \(month) is negative; precipitation is zero or more."
        case let .nonFiniteValue(month, column):
            "\(column) in \(month) is not a finite number."
        case .lengthMismatch(let text), .missingInput(let text):
            text
        case .invalidLatitude(let latitude):
            "Latitude \(latitude) is outside −90…90 degrees."
        case .invalidCalibration(let years):
            "The calibration period \(years.lowerBound)–\(years.upperBound) does not overlap the record."
        }
    }
}
