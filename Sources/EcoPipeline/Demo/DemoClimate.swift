import EcoCore
import EcoRandom
import Foundation

/// The demo's long climate records: three stations around Paris with 40 years of daily precipitation
/// and daily mean temperature ending at the demo's end, so the drought indices have the 30 years per
/// calendar month the SPI needs (WMO-No. 1090) and `GET /api/v1/food/drought-index` answers at their cells.
///
/// Synthetic, seeded: wet days with exponential amounts (about 640 mm a year, near Paris's), a monthly
/// wetness that wanders (AR(1)), so wet and dry spells come and go; the 12 months that end 3 months before
/// the end are a planned drought (rain at 40 %), which SPI-3 and SPEI-3 show. Temperature: a seasonal cycle
/// around 11.5 °C, a warming of 0.03 °C a year, and day-to-day persistence.
public enum DemoClimate {
    public static let source = "ecotrack-demo-climate"
    public static let years = 40
    /// Name, latitude and longitude of each station.
    public static let stations: [(id: String, lat: Double, lng: Double)] = [
        ("clim-south", 48.822, 2.338), ("clim-northeast", 48.968, 2.441), ("clim-southwest", 48.705, 2.112),
    ]

    /// The days of the record: `years` years of 365.25 days.
    static var dayCount: Int { years * 365 + years / 4 }

    /// Every observation, one batch per station and variable, the last day the one before `endMs` (a day start).
    public static func observations(endMs: Int64) -> [[Observation]] {
        let day: Int64 = 86_400_000
        let first = endMs - Int64(dayCount) * day
        let drought = (dayCount - 15 * 30)..<(dayCount - 3 * 30)
        return stations.enumerated().flatMap { index, station in
            var random = SplitMix64(seed: 1_948 + UInt64(index))
            let cell = Spatial.cell15(lat: station.lat, lng: station.lng)
            func key(_ variable: String) -> SeriesKey { SeriesKey(variable: variable, source: source, stationId: station.id, cell: cell) }
            var rain: [Observation] = [], temperature: [Observation] = []
            rain.reserveCapacity(dayCount)
            temperature.reserveCapacity(dayCount)
            var wetness = 0.0, anomaly = 0.0, month = -1
            for offset in 0..<dayCount {
                let t = first + Int64(offset) * day
                let date = CivilDate.date(fromDays: Int(t / day))
                if date.month != month {
                    month = date.month
                    wetness = 0.55 * wetness + 0.35 * random.gaussian()
                }
                let season = 2 * Double.pi * Double(CivilDate.days(year: date.year, month: date.month, day: date.day)
                    - CivilDate.days(year: date.year, month: 1, day: 1)) / 365.25
                let factor = exp(wetness) * (drought.contains(offset) ? 0.4 : 1)
                let wet = random.unit() < min(0.9, 0.31 * factor)
                let amount = wet ? -log(1 - random.unit()) * 5.2 * (1 + 0.25 * sin(season - 2.6)) * factor.squareRoot() : 0
                rain.append(Observation(series: key("precipitation"), lat: station.lat, lng: station.lng, observedAtMs: t,
                                        value: (min(amount, 150) * 10).rounded() / 10))
                anomaly = 0.8 * anomaly + 1.6 * random.gaussian()
                let mean = 11.5 + 0.03 * Double(offset) / 365.25 - 7.5 * cos(season - 0.26) + anomaly
                temperature.append(Observation(series: key("temperature_2m"), lat: station.lat, lng: station.lng, observedAtMs: t,
                                               value: (mean * 10).rounded() / 10))
            }
            return [rain, temperature]
        }
    }
}
