/// The UK Daily Air Quality Index (DAQI): levels 1–10 in four bands, Low (1–3), Moderate (4–6),
/// High (7–9) and Very High (10), as recommended by COMEAP (2011) and published by Defra on UK-AIR
/// ("Daily Air Quality Index", Boundaries Between Index Points for Each Pollutant).
///
/// Upper bounds of levels 1–9 in µg/m³ (level 10 is anything above): O3 running 8-hour mean 33, 66, 100,
/// 120, 140, 160, 187, 213, 240; NO2 hourly mean 67, 134, 200, 267, 334, 400, 467, 534, 600; SO2 15-minute
/// mean 88, 177, 266, 354, 443, 532, 710, 887, 1064; PM2.5 24-hour mean 11, 23, 35, 41, 47, 53, 58, 64, 70;
/// PM10 24-hour mean 16, 33, 50, 58, 66, 75, 83, 91, 100. The bands are whole numbers, so a concentration
/// is rounded to the nearest µg/m³ (halves up) before banding: our choice, as the page gives no rule for
/// 33.5. Defra's colour codes are not in the source we cite, so `color` is nil.
public struct UKDailyAirQualityIndex: BandedAirQualityIndexScale {
    public init() {}

    public var identifier: String { "uk-daqi" }

    func table(for pollutant: AirPollutant) -> BandedIndexTable? {
        switch pollutant {
        case .o3: BandedIndexTable(averaging: .eightHour, upperBounds: [33, 66, 100, 120, 140, 160, 187, 213, 240], topLimit: nil)
        case .no2: BandedIndexTable(averaging: .oneHour, upperBounds: [67, 134, 200, 267, 334, 400, 467, 534, 600], topLimit: nil)
        case .so2:
            BandedIndexTable(averaging: .fifteenMinute, upperBounds: [88, 177, 266, 354, 443, 532, 710, 887, 1064], topLimit: nil)
        case .pm25: BandedIndexTable(averaging: .twentyFourHour, upperBounds: [11, 23, 35, 41, 47, 53, 58, 64, 70], topLimit: nil)
        case .pm10: BandedIndexTable(averaging: .twentyFourHour, upperBounds: [16, 33, 50, 58, 66, 75, 83, 91, 100], topLimit: nil)
        case .co: nil
        }
    }

    func category(ofLevel level: Int) -> String {
        switch level {
        case ...3: "Low"
        case 4...6: "Moderate"
        case 7...9: "High"
        default: "Very High"
        }
    }

    func prepared(_ concentration: Double) -> Double { (concentration + 0.5).rounded(.down) }
}
