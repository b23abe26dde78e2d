import EcoAnalytics
import Testing

/// Growing degree days, worked by hand from the definitions of McMaster & Wilhelm (1997), and the season
/// comparison's arithmetic.
@Suite struct GrowingDegreeDaysTests {
    /// Wheat, base 0 °C, a day of −6 / 10 °C: Method 1 averages first, (10 − 6)/2 − 0 = 2; Method 2 raises the
    /// minimum to the base first, (10 + 0)/2 = 5 — the difference McMaster & Wilhelm's paper is about.
    @Test func theTwoInterpretationsDifferWhenTheMinimumIsBelowTheBase() throws {
        let average = try GrowingDegreeDays(base: 0, cap: nil, method: .average)
        let clamped = try GrowingDegreeDays(base: 0, cap: nil, method: .clamped)
        #expect(average.day(min: -6, max: 10) == 2)
        #expect(clamped.day(min: -6, max: 10) == 5)
        // Both agree when the whole day is above the base: (20 + 8)/2 = 14.
        #expect(average.day(min: 8, max: 20) == 14 && clamped.day(min: 8, max: 20) == 14)
    }

    /// The 86/50 corn method: 95 °F / 45 °F counts as 86 °F / 50 °F, (86 + 50)/2 − 50 = 18 °F·day = 10 °C·day.
    /// In °C, 35 / 7.22 → 30 / 10 → (30 + 10)/2 − 10 = 10. Method 1 with the same cap: (30 + 7.22)/2 − 10 = 8.61.
    @Test func cornEightySixFifty() throws {
        let maize = try GrowingDegreeDays(base: 10, cap: 30, method: .clamped)
        let low = (45.0 - 32) * 5 / 9, high = (95.0 - 32) * 5 / 9
        #expect(abs(maize.day(min: low, max: high) - 10) < 1e-12)
        #expect(abs(maize.day(min: low, max: high) * 9 / 5 - 18) < 1e-12)
        let methodOne = try GrowingDegreeDays(base: 10, cap: 30, method: .average)
        #expect(abs(methodOne.day(min: low, max: high) - (30 + low) / 2 + 10) < 1e-12)
        #expect(abs(methodOne.day(min: low, max: high) - 8.6111) < 1e-4)
        // A cool day, 2 / 12 °C: Method 1 gives 0 (mean 7), Method 2 gives (12 + 10)/2 − 10 = 1.
        #expect(methodOne.day(min: 2, max: 12) == 0 && maize.day(min: 2, max: 12) == 1)
        // Wholly below the base: 0 in both; extremes given the wrong way round are swapped.
        #expect(maize.day(min: 9, max: 2) == 0 && maize.day(min: 24, max: 20) == 12)
        // Wholly above the cap: (30 + 30)/2 − 10 = 20.
        #expect(maize.day(min: 31, max: 38) == 20)
    }

    @Test func totalsSkipDaysWithoutData() throws {
        let maize = try GrowingDegreeDays(base: 10, cap: 30, method: .clamped)
        let total = maize.total([(8, 33), nil, (2, 12), (20, 24)])
        #expect(total.degreeDays == 10 + 1 + 12 && total.daysWithData == 3)
    }

    @Test func thresholdsOutOfRangeAreErrorsThatSayWhy() {
        #expect(throws: CropIndexError.baseOutOfRange(45)) { try GrowingDegreeDays(base: 45, cap: nil, method: .average) }
        #expect(throws: CropIndexError.capNotAboveBase(base: 10, cap: 5)) { try GrowingDegreeDays(base: 10, cap: 5, method: .average) }
        #expect(throws: CropIndexError.capOutOfRange(60)) { try GrowingDegreeDays(base: 10, cap: 60, method: .average) }
        #expect(throws: CropIndexError.unknownCrop("rice")) { try CropCalendar.crop("rice") }
        #expect(CropIndexError.baseOutOfRange(45).description.contains("outside -10…30 °C"))
        #expect(CropIndexError.unknownCrop("rice").description.contains("maize, soybean, wheat"))
    }

    @Test func seasonDays() throws {
        #expect(try SeasonDay(parsing: "05-01") == SeasonDay(month: 5, day: 1))
        #expect(throws: CropIndexError.invalidSeasonDay("02-29")) { try SeasonDay(parsing: "02-29") }
        #expect(throws: CropIndexError.invalidSeasonDay("13-01")) { try SeasonDay(parsing: "13-01") }
        #expect(throws: CropIndexError.invalidSeasonDay("5-1")) { try SeasonDay(parsing: "5-1") }
        #expect(SeasonDay(month: 5, day: 1).shiftedHalfYear == SeasonDay(month: 11, day: 1))
        #expect(SeasonDay(month: 9, day: 30).shiftedHalfYear == SeasonDay(month: 3, day: 30))
        #expect(SeasonDay(month: 8, day: 31).shiftedHalfYear == SeasonDay(month: 2, day: 28))
        #expect(try CropCalendar.crop("Maize").base == 10)
    }

    /// 150 against 100, 200, 300: normal 200, anomaly −50, 75 % of normal, s = 100, z = −0.5.
    @Test func seasonComparison() {
        let comparison = SeasonComparison(value: 150, past: [100, 200, 300], minimumYears: 3)
        #expect(comparison.normal == 200 && comparison.anomaly == -50 && comparison.percentOfNormal == 75)
        #expect(comparison.zScore == -0.5 && comparison.years == 3 && comparison.reason == nil)
        let short = SeasonComparison(value: 150, past: [100, 200], minimumYears: 3)
        #expect(short.normal == nil && short.anomaly == nil && short.reason?.contains("2 earlier season(s)") == true)
    }
}
