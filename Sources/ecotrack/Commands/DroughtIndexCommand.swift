import ArgumentParser
import EcoAnalytics
import Foundation

extension DroughtIndexKind: ExpressibleByArgument {}

/// `ecotrack drought-index --index spi|spei --scale N --input FILE`: SPI or SPEI of a monthly CSV.
struct DroughtIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drought-index",
        abstract: "Standardized Precipitation Index (SPI) or SPEI of a monthly record; prints month,value,category.",
        discussion: """
            Input: CSV with a header and one row per consecutive month: month (YYYY-MM), precip_mm, and for SPEI \
            pet_mm, or temp_c (monthly mean temperature; Thornthwaite PET), or tmin_c and tmax_c (monthly means of the \
            daily extremes; Hargreaves PET), the last two with --latitude. Empty fields are \
            missing months. Output: month,value,category with the value to 4 decimals and the WMO class; the value is \
            empty until the scale has data, where a month in the window is missing, or where a calendar month has \
            too few years to fit. Calibration uses the whole record unless --calibration says otherwise. \
            See docs/domains.md.
            """
    )

    @Option(help: "spi or spei.") var index: DroughtIndexKind
    @Option(help: "Accumulation period in months (1, 3, 6, 12, 24 …).") var scale: Int
    @Option(help: "Monthly CSV (columns in the discussion), or - for standard input.") var input: String
    @Option(help: "Latitude in degrees, for SPEI from temperatures.") var latitude: Double?
    @Option(help: "PET from temperatures: thornthwaite (temp_c) or hargreaves (tmin_c, tmax_c); default: whichever columns the file has.")
    var pet: String?
    @Option(help: "Fewest years a calendar month needs for its fit (WMO-No. 1090: 30 or more).") var minYears = 30
    @Option(help: "Calibration years as FIRST-LAST (e.g. 1981-2010); default: the whole record.") var calibration: String?
    @Option(help: "SPI gamma estimator: thom (McKee et al. 1993, default) or mle (full maximum likelihood).") var estimator = "thom"
    @Option(help: "Write the rows to this file instead of standard output.") var output: String?

    func run() throws {
        guard scale >= 1 else { throw InputError(DroughtIndexError.invalidScale(scale).description) }
        let expected = "a monthly CSV with columns month (YYYY-MM), precip_mm\(index == .spei ? ", and pet_mm, temp_c, or tmin_c and tmax_c" : "")"
        let text = try CLIFiles.read(input, expecting: expected)
        let record: MonthlyClimateRecord
        do {
            record = try MonthlyClimateCSV.parse(text)
        } catch {
            throw InputError("\(input): \(error.description)")
        }
        var options = StandardizedIndexOptions(scale: scale)
        options.minimumYears = minYears
        options.calibrationYears = try calibrationYears()
        guard let chosen = GammaEstimator(rawValue: estimator) else { throw ValidationError("--estimator is thom or mle, not '\(estimator)'.") }
        options.gammaEstimator = chosen
        let method = try pet.map { text -> PETMethod in
            guard let method = PETMethod(rawValue: text) else { throw ValidationError("--pet is thornthwaite or hargreaves, not '\(text)'.") }
            return method
        }
        let series: StandardizedIndexSeries
        do throws(DroughtIndexError) {
            series = try DroughtIndex.compute(index, record: record, options: options, petMethod: method, latitude: latitude)
        } catch {
            throw InputError("\(input): \(error.description)")
        }
        for (_, reason) in series.undefinedMonths.sorted(by: { $0.key < $1.key }) {
            FileHandle.standardError.write(Data("note: no values for \(reason)\n".utf8))
        }
        let csv = MonthlyClimateCSV.write(series)
        if let output {
            try Data(csv.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(csv.utf8))
        }
    }

    private func calibrationYears() throws -> ClosedRange<Int>? {
        guard let calibration else { return nil }
        guard let years = StandardizedIndexOptions.calibrationYears(parsing: calibration) else {
            throw ValidationError("--calibration is FIRST-LAST with FIRST ≤ LAST (e.g. 1981-2010), not '\(calibration)'.")
        }
        return years
    }
}
