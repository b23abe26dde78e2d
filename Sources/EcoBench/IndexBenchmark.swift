import Dispatch
import EcoAnalytics
import EcoCore
import EcoRandom
import Foundation

/// The benchmark behind `ecotrack bench indices`: EPA AQI over many readings and SPI over many grid cells,
/// on seeded synthetic data (best of `rounds` runs; release build recommended).
public enum IndexBenchmark {
    /// Rates `observations` readings spread over every EPA table (concentrations up to 110 % of each table's
    /// top, so undefined and beyond-the-AQI cases are included), in EPA units and, for gases, from µg/m³.
    public static func airQuality(observations: Int, seed: UInt64, rounds: Int = 3) throws(AirQualityIndexError) -> String {
        let tables: [(AirPollutant, AveragingPeriod, Double)] = [
            (.pm25, .twentyFourHour, 325.4), (.pm10, .twentyFourHour, 604), (.o3, .eightHour, 0.604), (.o3, .oneHour, 0.604),
            (.co, .eightHour, 50.4), (.so2, .oneHour, 1004), (.so2, .twentyFourHour, 1004), (.no2, .oneHour, 2049),
        ]
        var generator = SplitMix64(seed: seed)
        let readings = (0..<observations).map { _ in
            let (pollutant, averaging, top) = tables[Int(generator.next() % UInt64(tables.count))]
            return PollutantReading(pollutant: pollutant, averaging: averaging, concentration: generator.unit() * top * 1.1)
        }
        let scale = EPAAirQualityIndex()
        var defined = 0
        let native = try best(rounds) { () throws(AirQualityIndexError) in
            defined = 0
            for reading in readings where try scale.rate(reading.pollutant, reading.averaging, concentration: reading.concentration).aqi != nil {
                defined += 1
            }
        }
        var converted = readings
        for index in converted.indices where converted[index].pollutant != .pm25 && converted[index].pollutant != .pm10 {
            let reading = converted[index]
            converted[index].concentration = try PollutantUnits.convert(
                reading.concentration, from: nil, to: "µg/m³", pollutant: reading.pollutant)
            converted[index].unit = "µg/m³"
        }
        let withUnits = try best(rounds) { () throws(AirQualityIndexError) in
            var rater = ReadingRater(scale: scale)
            for reading in converted { _ = try rater.rate(reading) }
        }
        return """
            AQI (US EPA, 8 tables), \(observations) readings, best of \(rounds), one core:
              EPA units:            \(rate(observations, native)) readings/s (\(milliseconds(native)) ms; \(defined) with an AQI)
              gases given in µg/m³: \(rate(observations, withUnits)) readings/s (\(milliseconds(withUnits)) ms, ReadingRater)
            """
    }

    /// SPI at `scale` for `cells` synthetic monthly precipitation records of `years` years (log-normal totals,
    /// about 5 % dry months), on one core and on every core.
    public static func standardizedPrecipitation(cells: Int, years: Int, scale: Int, seed: UInt64, rounds: Int = 1)
        throws(DroughtIndexError) -> String
    {
        let months = years * 12
        var generator = SplitMix64(seed: seed)
        let records: [[Double?]] = (0..<cells).map { _ in
            let wetness = generator.uniform(2...5)
            return (0..<months).map { month in
                let seasonal = wetness + 0.6 * sin(Double(month % 12) / 12 * 2 * Double.pi)
                return generator.unit() < 0.05 ? 0 : exp(seasonal + 0.7 * generator.gaussian())
            }
        }
        let start = YearMonth(year: 1970, month: 1)
        let options = StandardizedIndexOptions(scale: scale)
        var checksum = 0.0
        let serial = try best(rounds) { () throws(DroughtIndexError) in
            checksum = 0
            for record in records {
                let series = try StandardizedPrecipitationIndex.compute(precipitation: record, start: start, options: options)
                checksum += series.values.last.flatMap { $0 } ?? 0
            }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let parallel = best(rounds) {
            DispatchQueue.concurrentPerform(iterations: cores) { worker in
                for index in stride(from: worker, to: records.count, by: cores) {
                    _ = try? StandardizedPrecipitationIndex.compute(precipitation: records[index], start: start, options: options)
                }
            }
        }
        let values = cells * months
        return """
            SPI-\(scale) (gamma, Thom), \(cells) cells × \(years) years of monthly data (\(values) values), best of \(rounds):
              one core:   \(milliseconds(serial)) ms, \(rate(cells, serial)) cells/s, \(rate(values, serial)) values/s (checksum \(String(format: "%.6f", checksum)))
              \(cores) cores: \(milliseconds(parallel)) ms, \(rate(cells, parallel)) cells/s
            """
    }

    private static func best<E: Error>(_ rounds: Int, _ body: () throws(E) -> Void) throws(E) -> Duration {
        var fastest = Duration.seconds(1_000_000)
        for _ in 0..<max(rounds, 1) {
            let clock = ContinuousClock()
            let started = clock.now
            try body()
            fastest = min(fastest, clock.now - started)
        }
        return fastest
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func milliseconds(_ duration: Duration) -> String { String(format: "%.1f", seconds(duration) * 1000) }

    private static func rate(_ count: Int, _ duration: Duration) -> String {
        let perSecond = Double(count) / seconds(duration)
        return perSecond >= 1e6 ? String(format: "%.2f M", perSecond / 1e6) : String(format: "%.0f", perSecond)
    }
}
