/// The European Environment Agency's European Air Quality Index, five-level scheme (1 Good … 5 Very poor).
///
/// Bands (µg/m³) from the EEA's index viewer, "About the Index" (European Air Quality Index, EEA,
/// discomap.eea.europa.eu/map/AQI/Viewer, scheme as published from 2017): PM2.5 0–10, 10–20, 20–25, 25–50,
/// 50–800; PM10 0–20, 20–35, 35–50, 50–100, 100–1200; NO2 0–40, 40–100, 100–200, 200–400, 400–1000;
/// O3 0–80, 80–120, 120–180, 180–240, 240–600; SO2 0–100, 100–200, 200–350, 350–500, 500–1250. PM
/// uses 24-hour running means, the gases hourly means. A value on a boundary takes the lower level
/// (our reading of "0–10, 10–20"); above the last band the level is undefined. The EEA has since revised
/// the scheme (six levels); those bands are not implemented here. The viewer gives no colour codes we
/// could cite, so `color` is nil. The overall index is the poorest level of the pollutants measured.
public struct EuropeanAirQualityIndex: BandedAirQualityIndexScale {
    public init() {}

    public var identifier: String { "eea-eaqi" }

    func table(for pollutant: AirPollutant) -> BandedIndexTable? {
        switch pollutant {
        case .pm25: BandedIndexTable(averaging: .twentyFourHour, upperBounds: [10, 20, 25, 50], topLimit: 800)
        case .pm10: BandedIndexTable(averaging: .twentyFourHour, upperBounds: [20, 35, 50, 100], topLimit: 1200)
        case .no2: BandedIndexTable(averaging: .oneHour, upperBounds: [40, 100, 200, 400], topLimit: 1000)
        case .o3: BandedIndexTable(averaging: .oneHour, upperBounds: [80, 120, 180, 240], topLimit: 600)
        case .so2: BandedIndexTable(averaging: .oneHour, upperBounds: [100, 200, 350, 500], topLimit: 1250)
        case .co: nil
        }
    }

    func category(ofLevel level: Int) -> String {
        ["Good", "Fair", "Moderate", "Poor", "Very poor"][min(max(level, 1), 5) - 1]
    }

    func prepared(_ concentration: Double) -> Double { concentration }
}
