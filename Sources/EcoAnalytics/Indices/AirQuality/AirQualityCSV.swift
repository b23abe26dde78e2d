/// Why a CSV of readings could not be rated; lines count from 1 (the header is line 1).
public enum AirQualityCSVError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case missingColumns(found: [String], missing: [String])
    case wrongFieldCount(line: Int, expected: Int, found: Int)
    case badRow(line: Int, problem: AirQualityIndexError)

    public var description: String {
        switch self {
        case .empty:
            "The file has no rows; expected a header with pollutant,averaging,concentration (and optionally unit)."
        case let .missingColumns(found, missing):
            "Missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the header has "
                + "\(found.joined(separator: ", ")). Expected columns: \(AirQualityCSV.columnsHelp)"
        case let .wrongFieldCount(line, expected, found):
            "Line \(line): \(found) fields where the header has \(expected)."
        case let .badRow(line, problem):
            "Line \(line): \(problem.description)"
        }
    }
}

/// Rates every row of a CSV of readings: the input row is kept and five columns are added.
public enum AirQualityCSV {
    /// The input columns, for help texts.
    public static let columnsHelp =
        "pollutant (pm25, pm10, o3, co, so2, no2), averaging (1h, 8h, 24h; 15min for SO2 on the UK DAQI), "
        + "concentration (≥ 0), and optionally unit (µg/m³, mg/m³, ppb, ppm; empty: the scale's unit). "
        + "Other columns (station, time …) are copied through."

    /// The columns added to each row.
    public static let addedColumns = ["truncated_concentration", "aqi", "category", "color", "reason"]

    /// `text` with the added columns filled in on every row; `aqi` is empty where the scale defines none.
    /// - Throws: ``AirQualityCSVError`` at the first row that cannot be rated, with its line number.
    public static func rate(_ text: String, on scale: some AirQualityIndexScale) throws(AirQualityCSVError) -> String {
        let lines = CSVFields.lines(text)
        guard let headerLine = lines.first else { throw .empty }
        let header = CSVFields.split(headerLine).map { $0.lowercased() }
        let missing = ["pollutant", "averaging", "concentration"].filter { !header.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(found: header, missing: missing) }
        let pollutantColumn = header.firstIndex(of: "pollutant")!
        let averagingColumn = header.firstIndex(of: "averaging")!
        let concentrationColumn = header.firstIndex(of: "concentration")!
        let unitColumn = header.firstIndex(of: "unit")
        var rater = ReadingRater(scale: scale)
        var output = String(headerLine) + "," + addedColumns.joined(separator: ",") + "\n"
        output.reserveCapacity(text.utf8.count * 2)
        for (offset, line) in lines.dropFirst().enumerated() {
            let lineNumber = offset + 2
            let row = CSVFields.split(line)
            guard row.count == header.count else { throw .wrongFieldCount(line: lineNumber, expected: header.count, found: row.count) }
            let reading: IndexReading
            do throws(AirQualityIndexError) {
                guard let concentration = Double(row[concentrationColumn]) else { throw AirQualityIndexError.notANumber(row[concentrationColumn]) }
                let unit = unitColumn.map { row[$0] }
                reading = try rater.rate(
                    PollutantReading(
                        pollutant: AirPollutant(parsing: row[pollutantColumn]), averaging: AveragingPeriod(parsing: row[averagingColumn]),
                        concentration: concentration, unit: unit?.isEmpty == false ? unit : nil))
            } catch {
                throw .badRow(line: lineNumber, problem: error)
            }
            let added = [
                "\(reading.truncatedConcentration)", reading.aqi.map(String.init) ?? "", reading.category ?? "", reading.color ?? "",
                reading.reason ?? "",
            ]
            output += line + "," + added.map(CSVFields.quoted).joined(separator: ",") + "\n"
        }
        return output
    }
}
