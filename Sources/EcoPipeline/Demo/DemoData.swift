import EcoCore
import EcoRandom
import EcoStore
import Foundation

/// The demo dataset `serve --demo` seeds on first start: 60 stations around Paris, 30 days of
/// hourly temperature, PM2.5, O3, NO2 (``DemoAirQuality``), precipitation and relative humidity ending
/// at the start of the current UTC day, and 40 years of daily climate records at a few stations
/// (``DemoClimate``). Values come from a seeded generator, so every run produces the same numbers
/// for the same days: daily and seasonal temperature cycles, PM2.5 rush-hour peaks and one
/// pollution episode, bursts of rain, and a few sensor faults (a stuck sensor, spikes, a dead
/// station) for the analytics to find.
public enum DemoData {
    public static let stations = 60
    public static let days = 30
    public static let source = "ecotrack-demo"
    /// Region: west, south, east, north.
    public static let region = BoundingBox(west: 1.95, south: 48.60, east: 2.75, north: 49.05)

    /// Seeds when the store has no demo series yet; returns the number of observations written.
    public static func seedIfEmpty(into store: any ObservationStore, now: Date) async throws -> Int {
        let existing = try await store.series(matching: SeriesFilter(source: source))
        guard existing.isEmpty else { return 0 }
        let end = Int64(now.timeIntervalSince1970 * 1000) / 86_400_000 * 86_400_000
        var total = 0
        for batch in observations(endMs: end) + DemoClimate.observations(endMs: end) {
            total += try await store.insert(batch).inserted
        }
        return total
    }

    /// All demo observations, one batch per station.
    public static func observations(endMs: Int64) -> [[Observation]] {
        let hours = days * 24
        let start = endMs - Int64(hours) * 3_600_000
        var random = SplitMix64(seed: 2024)
        // The pollution episode: days 18–21, strongest near the centre.
        let episode = (18 * 24)..<(21 * 24)
        return (0..<stations).map { index in
            let lat = region.south + (region.north - region.south) * random.unit()
            let lng = region.west + (region.east - region.west) * random.unit()
            let station = String(format: "st-%03d", index + 1)
            let cell = Spatial.cell15(lat: lat, lng: lng)
            let urban = max(0, 1 - hypot(lat - 48.8566, lng - 2.3522) / 0.35) // 1 in the centre, 0 at the edge
            let stuckFrom = index == 7 ? 400 : Int.max                          // station 8's thermometer sticks
            let deadFrom = index == 13 ? 600 : Int.max                          // station 14 goes silent
            var batch: [Observation] = []
            batch.reserveCapacity(hours * 4)
            var rainLeft = 0
            var stuckValue = 0.0
            var gases = DemoAirQuality.generator(station: index)
            for hour in 0..<min(hours, deadFrom) {
                let t = start + Int64(hour) * 3_600_000
                let dayOfYear = Double((t / 86_400_000) % 365)
                let hourOfDay = Double((t / 3_600_000) % 24)
                func add(_ variable: String, _ value: Double) {
                    batch.append(Observation(series: SeriesKey(variable: variable, source: source, stationId: station, cell: cell),
                                             lat: lat, lng: lng, observedAtMs: t, value: value))
                }
                // Temperature: seasonal mean, daily cycle peaking mid-afternoon, urban heat island, noise.
                let seasonal = 12 - 8 * cos(2 * .pi * (dayOfYear - 15) / 365)
                var temperature = seasonal + 5 * sin(2 * .pi * (hourOfDay - 9) / 24) + 1.5 * urban + random.gaussian() * 0.6
                if hour >= stuckFrom { temperature = stuckValue } else { stuckValue = (temperature * 10).rounded() / 10 }
                if index == 21, hour == 300 { temperature += 25 }                    // a spike
                add("temperature_2m", (temperature * 100).rounded() / 100)
                // PM2.5: background, rush hours (8h, 18h), the episode, noise; never negative.
                let rush = 10 * exp(-pow(hourOfDay - 8, 2) / 2) + 12 * exp(-pow(hourOfDay - 18, 2) / 3)
                var pm25 = 8 + 6 * urban + rush * (0.4 + urban) + abs(random.gaussian()) * 3
                if episode.contains(hour) { pm25 += 45 * (0.5 + urban) * sin(.pi * Double(hour - episode.lowerBound) / Double(episode.count)) }
                if index == 33, hour == 500 { pm25 = 480 }                          // a faulty reading
                add("pm25", (max(0, pm25) * 10).rounded() / 10)
                let height = episode.contains(hour) ? sin(.pi * Double(hour - episode.lowerBound) / Double(episode.count)) : 0
                for (variable, value) in DemoAirQuality.gases(hourOfDay: hourOfDay, dayOfYear: dayOfYear, urban: urban, episode: height, random: &gases) {
                    add(variable, value)
                }
                // Precipitation: dry most hours, bursts of a few hours.
                if rainLeft == 0, random.unit() < 0.02 { rainLeft = 2 + Int(random.unit() * 6) }
                let rain = rainLeft > 0 ? max(0, random.gaussian() * 1.5 + 1.2) : 0
                if rainLeft > 0 { rainLeft -= 1 }
                add("precipitation", (rain * 10).rounded() / 10)
                // Humidity: inverse of the temperature cycle, high when raining.
                let humidity = min(100, max(20, 75 - 12 * sin(2 * .pi * (hourOfDay - 9) / 24) + (rain > 0 ? 15 : 0) + random.gaussian() * 3))
                add("relative_humidity", humidity.rounded())
            }
            return batch
        }
    }
}

