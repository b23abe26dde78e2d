import ArgumentParser
import EcoAnalytics
import Foundation

/// `ecotrack aqi`: the air quality index of one concentration, its reverse, a NowCast, or a CSV of many.
struct AQICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aqi",
        abstract: "Air quality index of a concentration (US EPA AQI by default; EEA and UK DAQI with --scale).",
        discussion: """
            One value:  ecotrack aqi --pollutant pm25 --averaging 24h --concentration 35.5
            Reverse:    ecotrack aqi --reverse --pollutant pm25 --averaging 24h --aqi 100
            NowCast:    ecotrack aqi --pollutant pm25 --nowcast 50,80,75,90,82,53,64,74,21,10,16,13   (hourly, oldest first; empty = missing)
            Many:       ecotrack aqi --input readings.csv > rated.csv

            CSV columns: \(AirQualityCSV.columnsHelp) The output repeats each row and adds \
            \(AirQualityCSV.addedColumns.joined(separator: ",")); aqi is empty where the table defines no value, and \
            reason says why. EPA units: PM µg/m³, O3 and CO ppm, SO2 and NO2 ppb (other units are converted at 25 °C, \
            1 atm). See docs/domains.md.
            """
    )

    @Option(help: "pm25, pm10, o3, co, so2 or no2.") var pollutant: String?
    @Option(help: "1h, 8h or 24h (15min: SO2 on the UK DAQI).") var averaging: String?
    @Option(parsing: .unconditional, help: "The concentration, in --unit or the scale's unit.") var concentration: String?
    @Option(help: "Unit of --concentration or --nowcast: µg/m³ (ug/m3), mg/m³, ppb or ppm.") var unit: String?
    @Flag(help: "Give the concentrations of an AQI value (--aqi) instead (US EPA scale).") var reverse = false
    @Option(help: "With --reverse: the AQI value, 0–500.") var aqi: Int?
    @Option(help: "Hourly concentrations, oldest first, comma-separated (empty for a missing hour): the NowCast AQI (PM2.5, PM10, O3).")
    var nowcast: String?
    @Option(help: "CSV of readings to rate, or - for standard input (columns in the discussion above).") var input: String?
    @Option(help: "us-epa-2024 (default), eea-eaqi or uk-daqi.") var scale = "us-epa-2024"
    @Flag(help: "Print the result as JSON (the shape the server answers with).") var json = false

    func run() throws {
        guard let scale = AirQualityIndexScales.named(scale) else {
            throw ValidationError("Unknown scale '\(scale)'; use \(AirQualityIndexScales.all.map(\.identifier).joined(separator: ", ")).")
        }
        if let input { return try rateFile(input, on: scale) }
        guard let pollutantText = pollutant else { throw ValidationError("Pass --pollutant (or --input FILE for a CSV of readings).") }
        let pollutant = try indexCall { () throws(AirQualityIndexError) in try AirPollutant(parsing: pollutantText) }
        if let nowcast { return try printNowCast(pollutant, hourlyText: nowcast) }
        guard let averagingText = averaging else { throw ValidationError("Pass --averaging 1h, 8h or 24h.") }
        let averaging = try indexCall { () throws(AirQualityIndexError) in try AveragingPeriod(parsing: averagingText) }
        if reverse { return try printReverse(pollutant, averaging) }
        guard let text = concentration else { throw ValidationError("Pass --concentration (or --reverse with --aqi).") }
        guard let value = Double(text) else { throw InputError(AirQualityIndexError.notANumber(text).description) }
        let reading = try indexCall { () throws(AirQualityIndexError) in
            try scale.rate(PollutantReading(pollutant: pollutant, averaging: averaging, concentration: value, unit: unit))
        }
        print(json ? try Self.json(reading) : Self.line(reading))
    }

    private func rateFile(_ path: String, on scale: any AirQualityIndexScale) throws {
        let text = try CLIFiles.read(path, expecting: "a CSV with columns \(AirQualityCSV.columnsHelp)")
        do {
            FileHandle.standardOutput.write(Data(try AirQualityCSV.rate(text, on: scale).utf8))
        } catch {
            throw InputError("\(path): \(error.description)")
        }
    }

    private func printReverse(_ pollutant: AirPollutant, _ averaging: AveragingPeriod) throws {
        guard let aqi else { throw ValidationError("--reverse needs --aqi N (0–500).") }
        let range = try indexCall { () throws(AirQualityIndexError) in
            try EPAAirQualityIndex().concentrationRange(forAQI: aqi, pollutant: pollutant, averaging: averaging)
        }
        if json { return print(try Self.json(range)) }
        let what = "AQI \(aqi) (\(range.category)), \(pollutant.displayName) \(averaging.rawValue)"
        if let low = range.low, let high = range.high {
            print("\(what): \(low == high ? "\(low)" : "\(low)–\(high)") \(range.unit) (truncated concentrations)")
        } else {
            print("\(what): undefined. \(range.reason ?? "")")
        }
    }

    private func printNowCast(_ pollutant: AirPollutant, hourlyText: String) throws {
        var hourly: [Double?] = []
        for field in hourlyText.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = field.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { hourly.append(nil); continue }
            guard let value = Double(trimmed) else { throw InputError(AirQualityIndexError.notANumber(trimmed).description) }
            hourly.append(value)
        }
        let (nowCast, reading) = try indexCall { () throws(AirQualityIndexError) in
            try EPAAirQualityIndex().nowCastAQI(pollutant, hourly: hourly, unit: unit)
        }
        guard let reading, let value = nowCast.concentration, let weight = nowCast.weightFactor else {
            return print("NowCast undefined: \(nowCast.reason ?? "")")
        }
        if json { return print(try Self.json(reading)) }
        print("NowCast \(value) \(pollutant.epaUnit) (weight factor \(weight), \(nowCast.hoursUsed) hours) → \(Self.line(reading))")
    }

    /// `PM2.5 24h 35.5 µg/m³ → AQI 101 Unhealthy for Sensitive Groups #FF7E00`, or the reason.
    static func line(_ reading: IndexReading) -> String {
        let what = "\(reading.pollutant.displayName) \(reading.averaging.rawValue) \(reading.truncatedConcentration) \(reading.unit)"
        guard let aqi = reading.aqi else {
            return "\(what) → no AQI\(reading.category.map { " (\($0))" } ?? ""): \(reading.reason ?? "")"
        }
        return "\(what) → \(reading.scale == "us-epa-2024" ? "AQI" : "index") \(aqi) \(reading.category ?? "") \(reading.color ?? "")"
            .trimmingCharacters(in: .whitespaces)
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Runs `body`, turning an index error into a usage error with its sentence.
    private func indexCall<T>(_ body: () throws(AirQualityIndexError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw InputError(error.description)
        }
    }
}
