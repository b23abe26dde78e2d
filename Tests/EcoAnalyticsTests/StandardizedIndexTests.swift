import EcoAnalytics
import Foundation
import Testing

/// Fixtures/drought_reference.json, made by scripts/reference/drought_reference.py from climate-indices 3.1.0
/// and scipy 1.17.1 on NOAA nClimDiv division 4503 (Puget Sound Lowlands), 1895–2015.
struct DroughtReference: Decodable {
    var latitude: Double
    var months: [String]
    var precipMm: [Double]
    var tempC: [Double]
    var petThornthwaite: [Double?]
    var spiGammaThom: [String: [Double?]]
    var spiGammaMLE: [String: [Double?]]
    var speiLogLogistic: [String: [Double?]]
    var hargreaves1896: Hargreaves

    struct Hargreaves: Decodable {
        var tmeanC: [Double]
        var tminC: [Double]
        var tmaxC: [Double]
        var petMm: [Double]
    }

    static func load() throws -> DroughtReference {
        let url = try #require(Bundle.module.url(forResource: "drought_reference", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(DroughtReference.self, from: Data(contentsOf: url))
    }

    var start: YearMonth { YearMonth(parsing: months[0][...])! }
}

/// The largest |ours − reference| over months where both are defined; fails if only one side is defined.
func largestDifference(_ ours: [Double?], _ reference: [Double?], _ label: String) -> Double {
    #expect(ours.count == reference.count, "\(label): lengths")
    var largest = 0.0
    for (index, (a, b)) in zip(ours, reference).enumerated() {
        switch (a, b) {
        case let (a?, b?): largest = max(largest, abs(a - b))
        case (nil, nil): break
        default: Issue.record("\(label): month \(index) defined on one side only (\(String(describing: a)) vs \(String(describing: b)))")
        }
    }
    return largest
}

struct StandardizedIndexTests {
    static let scales = [1, 3, 6, 12, 24]

    @Test(arguments: scales)
    func spiWithThomsEstimatorMatchesClimateIndices(scale: Int) throws {
        let reference = try DroughtReference.load()
        let series = try StandardizedPrecipitationIndex.compute(
            precipitation: reference.precipMm, start: reference.start, options: StandardizedIndexOptions(scale: scale))
        let difference = largestDifference(series.values, reference.spiGammaThom[String(scale)]!, "SPI-\(scale)")
        #expect(difference < 1e-9, "SPI-\(scale) differs by \(difference)")
        #expect(series.undefinedMonths.isEmpty)
    }

    @Test(arguments: scales)
    func spiWithFullMaximumLikelihoodMatchesScipy(scale: Int) throws {
        let reference = try DroughtReference.load()
        var options = StandardizedIndexOptions(scale: scale)
        options.gammaEstimator = .maximumLikelihood
        let series = try StandardizedPrecipitationIndex.compute(precipitation: reference.precipMm, start: reference.start, options: options)
        let difference = largestDifference(series.values, reference.spiGammaMLE[String(scale)]!, "SPI-MLE-\(scale)")
        #expect(difference < 1e-8, "SPI-MLE-\(scale) differs by \(difference)")
    }

    @Test func thornthwaitePETMatchesClimateIndices() throws {
        let reference = try DroughtReference.load()
        let pet = try PotentialEvapotranspiration.thornthwaite(
            temperatureC: reference.tempC, start: reference.start, latitude: reference.latitude)
        #expect(largestDifference(pet, reference.petThornthwaite, "PET") < 1e-9)
    }

    @Test func hargreavesPETMatchesClimateIndicesDailySums() throws {
        let reference = try DroughtReference.load().hargreaves1896
        let pet = try PotentialEvapotranspiration.hargreaves(
            minimumC: reference.tminC, maximumC: reference.tmaxC, meanC: reference.tmeanC, start: YearMonth(year: 1896, month: 1),
            latitude: 47.5)
        #expect(largestDifference(pet, reference.petMm.map { $0 }, "Hargreaves") < 1e-9)
    }

    // FAO-56 (Allen et al. 1998), Example 8: 3 September (day 246) at 20° S, R_a = 32.2 MJ m⁻² day⁻¹.
    @Test func extraterrestrialRadiationMatchesFAO56Example8() {
        #expect(abs(PotentialEvapotranspiration.extraterrestrialRadiation(dayOfYear: 246, latitude: -20) - 32.2) < 0.05)
    }

    @Test(arguments: scales)
    func speiWithTheLogLogisticMatchesClimateIndices(scale: Int) throws {
        let reference = try DroughtReference.load()
        let pet = try PotentialEvapotranspiration.thornthwaite(
            temperatureC: reference.tempC, start: reference.start, latitude: reference.latitude)
        let series = try StandardizedEvapotranspirationIndex.compute(
            precipitation: reference.precipMm, potentialEvapotranspiration: pet, start: reference.start,
            options: StandardizedIndexOptions(scale: scale))
        let difference = largestDifference(series.values, reference.speiLogLogistic[String(scale)]!, "SPEI-\(scale)")
        #expect(difference < 1e-9, "SPEI-\(scale) differs by \(difference)")
    }

    @Test func theFirstScaleMinusOneMonthsHaveNoValue() throws {
        let reference = try DroughtReference.load()
        let series = try StandardizedPrecipitationIndex.compute(
            precipitation: reference.precipMm, start: reference.start, options: StandardizedIndexOptions(scale: 6))
        #expect(series.values.prefix(5).allSatisfy { $0 == nil })
        #expect(series.values[5] != nil)
    }

    @Test func aZeroMonthTakesTheZeroProbability() throws {
        // July 1922 is the record's only dry month: at scale 1 its SPI is Φ⁻¹(q) with q = 1/121.
        let reference = try DroughtReference.load()
        let series = try StandardizedPrecipitationIndex.compute(
            precipitation: reference.precipMm, start: reference.start, options: StandardizedIndexOptions(scale: 1))
        let july1922 = (1922 - 1895) * 12 + 6
        #expect(reference.precipMm[july1922] == 0)
        #expect(abs(series.values[july1922]! - -2.397022125126618) < 1e-9)
    }

    @Test func aMissingMonthLeavesEveryWindowThatContainsItEmpty() throws {
        let reference = try DroughtReference.load()
        var precipitation = reference.precipMm.map { Optional($0) }
        precipitation[100] = nil
        let series = try StandardizedPrecipitationIndex.compute(
            precipitation: precipitation, start: reference.start, options: StandardizedIndexOptions(scale: 3))
        #expect(series.values[99] != nil)
        #expect(series.values[100...102].allSatisfy { $0 == nil })
        #expect(series.values[103] != nil)
    }

    @Test func aRecordShorterThanTheMinimumIsAnErrorThatSaysHowShort() throws {
        let reference = try DroughtReference.load()
        let twelveYears = Array(reference.precipMm.prefix(144)).map { Optional($0) }
        #expect(throws: DroughtIndexError.recordTooShort(years: 12, minimum: 30, scale: 3)) {
            try StandardizedPrecipitationIndex.compute(precipitation: twelveYears, start: reference.start, options: StandardizedIndexOptions(scale: 3))
        }
        var lowered = StandardizedIndexOptions(scale: 3)
        lowered.minimumYears = 10
        let series = try StandardizedPrecipitationIndex.compute(precipitation: twelveYears, start: reference.start, options: lowered)
        #expect(series.values.compactMap { $0 }.count == 142)
    }

    @Test func aCalendarMonthWithTooFewYearsIsUndefinedWithAReason() throws {
        let reference = try DroughtReference.load()
        var precipitation = reference.precipMm.map { Optional($0) }
        for year in 0..<100 { precipitation[year * 12 + 1] = nil }  // February missing in 100 of 121 years
        let series = try StandardizedPrecipitationIndex.compute(
            precipitation: precipitation, start: reference.start, options: StandardizedIndexOptions(scale: 1))
        #expect(series.undefinedMonths[2] == "February: 21 calibration years with data at scale 1; the fit needs 30.")
        #expect(series.values[1 + 12 * 110] == nil)
        #expect(series.values[0] != nil)
    }

    @Test func badSettingsAndValuesAreErrors() {
        let start = YearMonth(year: 2000, month: 1)
        #expect(throws: DroughtIndexError.invalidScale(0)) {
            try StandardizedPrecipitationIndex.compute(precipitation: [1, 2, 3], start: start, options: StandardizedIndexOptions(scale: 0))
        }
        #expect(throws: DroughtIndexError.negativePrecipitation(month: YearMonth(year: 2000, month: 2), value: -1)) {
            try StandardizedPrecipitationIndex.compute(precipitation: [1, -1, 3], start: start, options: StandardizedIndexOptions(scale: 1))
        }
        #expect(throws: DroughtIndexError.invalidLatitude(91)) {
            try PotentialEvapotranspiration.thornthwaite(temperatureC: [10], start: start, latitude: 91)
        }
    }

    @Test(arguments: [
        (2.5, DroughtCategory.extremelyWet), (2.0, .extremelyWet), (1.99, .veryWet), (1.5, .veryWet), (1.49, .moderatelyWet),
        (1.0, .moderatelyWet), (0.99, .nearNormal), (0, .nearNormal), (-0.99, .nearNormal), (-1.0, .moderatelyDry),
        (-1.49, .moderatelyDry), (-1.5, .severelyDry), (-1.99, .severelyDry), (-2.0, .extremelyDry), (-3.09, .extremelyDry),
    ])
    func valuesFallIntoTheWMOClasses(value: Double, category: DroughtCategory) {
        #expect(DroughtCategory(value: value) == category)
    }
}
