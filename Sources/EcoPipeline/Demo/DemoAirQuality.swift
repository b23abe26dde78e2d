import EcoRandom
import Foundation

/// The demo's gaseous pollutants at each demo station: ozone and nitrogen dioxide, hourly, in ppb (the
/// catalogue's units). Synthetic but shaped like a city's: NO2 from traffic peaks at the rush hours and is
/// highest in the centre; O3 builds up in the afternoon sun and is lower in the centre, where NO titrates it;
/// both rise during the demo's pollution episode. Each station has its own generator, so adding these left
/// the other demo series unchanged.
enum DemoAirQuality {
    /// The generator of station `index`.
    static func generator(station index: Int) -> SplitMix64 { SplitMix64(seed: 7_000 + UInt64(index)) }

    /// `[("o3", ppb), ("no2", ppb)]` at `hourOfDay` (UTC) for a station `urban` (0 edge … 1 centre); `episode` is
    /// 0 outside the episode and up to 1 at its height.
    static func gases(hourOfDay: Double, dayOfYear: Double, urban: Double, episode: Double, random: inout SplitMix64) -> [(String, Double)] {
        let sun = max(0, sin(Double.pi * (hourOfDay - 6) / 14))                     // 06–20 h, highest mid-afternoon
        let summer = 0.6 + 0.4 * sin(2 * Double.pi * (dayOfYear - 80) / 365)
        let o3 = 18 + 38 * sun * summer * (1 - 0.35 * urban) + 30 * episode * sun + random.gaussian() * 3
        let rush = exp(-pow(hourOfDay - 8, 2) / 2) + 0.8 * exp(-pow(hourOfDay - 19, 2) / 3)
        let no2 = 6 + 14 * urban + 28 * rush * (0.4 + urban) + 25 * episode * (0.5 + urban) + abs(random.gaussian()) * 3
        return [("o3", (max(0, o3) * 10).rounded() / 10), ("no2", (max(0, no2) * 10).rounded() / 10)]
    }
}
