/// Monthly climate inputs of the drought indices, as read from CSV.
public struct MonthlyClimateRecord: Sendable, Equatable {
    /// The first month; the others follow without gaps.
    public var start: YearMonth
    /// `precip_mm`, nil where empty.
    public var precipitationMm: [Double?]
    /// `pet_mm` when the file has the column.
    public var petMm: [Double?]?
    /// `temp_c` (monthly mean temperature) when the file has the column.
    public var temperatureC: [Double?]?
    /// `tmin_c` and `tmax_c` (monthly means of the daily minimum and maximum) when the file has them.
    public var minimumTemperatureC: [Double?]?
    public var maximumTemperatureC: [Double?]?

    /// A record of consecutive months from `start`; every given column has one entry per month (nil: missing).
    public init(start: YearMonth, precipitationMm: [Double?], petMm: [Double?]? = nil, temperatureC: [Double?]? = nil,
                minimumTemperatureC: [Double?]? = nil, maximumTemperatureC: [Double?]? = nil) {
        self.start = start
        self.precipitationMm = precipitationMm
        self.petMm = petMm
        self.temperatureC = temperatureC
        self.minimumTemperatureC = minimumTemperatureC
        self.maximumTemperatureC = maximumTemperatureC
    }
}

/// Why a monthly CSV could not be read; lines count from 1 (the header is line 1).
public enum MonthlyClimateCSVError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case missingColumns(found: [String], missing: [String])
    case badMonth(line: Int, text: String)
    case notConsecutive(line: Int, expected: YearMonth, found: YearMonth)
    case badNumber(line: Int, column: String, text: String)
    case wrongFieldCount(line: Int, expected: Int, found: Int)

    public var description: String {
        switch self {
        case .empty:
            "The file has no rows; expected a header `month,precip_mm` (plus `pet_mm`, `temp_c` or `tmin_c,tmax_c` for SPEI) and one row per month."
        case let .missingColumns(found, missing):
            "Missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the header has "
                + "\(found.joined(separator: ", ")). Expected columns: month (YYYY-MM), precip_mm, and for SPEI pet_mm, temp_c, or tmin_c and tmax_c."
        case let .badMonth(line, text):
            "Line \(line): month '\(text)' is not YYYY-MM."
        case let .notConsecutive(line, expected, found):
            "Line \(line): month \(found) follows \(expected.advanced(by: -1)); months must be consecutive "
                + "(write \(expected) with an empty value for a missing month)."
        case let .badNumber(line, column, text):
            "Line \(line): \(column) '\(text)' is not a number (leave it empty for a missing value)."
        case let .wrongFieldCount(line, expected, found):
            "Line \(line): \(found) fields where the header has \(expected)."
        }
    }
}

/// Reads `month,precip_mm[,pet_mm][,temp_c][,tmin_c,tmax_c]` CSV and writes `month,value,category` CSV.
public enum MonthlyClimateCSV {
    /// The output header.
    public static let outputHeader = "month,value,category"

    /// Parses `text`; column names are case-insensitive and may come in any order; other columns are ignored.
    /// `requiredColumns` are checked besides `month` and `precip_mm`.
    public static func parse(_ text: String, requiredColumns: [String] = []) throws(MonthlyClimateCSVError) -> MonthlyClimateRecord {
        let lines = CSVFields.lines(text)
        guard let headerLine = lines.first else { throw .empty }
        let header = CSVFields.split(headerLine).map { $0.lowercased() }
        let missing = (["month", "precip_mm"] + requiredColumns).filter { !header.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(found: header, missing: missing) }
        guard lines.count > 1 else { throw .empty }
        let monthColumn = header.firstIndex(of: "month")!
        let columns = ["precip_mm", "pet_mm", "temp_c", "tmin_c", "tmax_c"].map { header.firstIndex(of: $0) }
        var values: [[Double?]] = Array(repeating: [], count: columns.count)
        var start: YearMonth?
        for (offset, line) in lines.dropFirst().enumerated() {
            let lineNumber = offset + 2
            let row = CSVFields.split(line)
            guard row.count == header.count else { throw .wrongFieldCount(line: lineNumber, expected: header.count, found: row.count) }
            guard let month = YearMonth(parsing: row[monthColumn][...]) else { throw .badMonth(line: lineNumber, text: row[monthColumn]) }
            if let start, month != start.advanced(by: offset) {
                throw .notConsecutive(line: lineNumber, expected: start.advanced(by: offset), found: month)
            }
            if start == nil { start = month }
            for (slot, column) in columns.enumerated() {
                guard let column else { continue }
                let field = row[column]
                if field.isEmpty {
                    values[slot].append(nil)
                } else if let number = Double(field) {
                    values[slot].append(number)
                } else {
                    throw .badNumber(line: lineNumber, column: header[column], text: field)
                }
            }
        }
        return MonthlyClimateRecord(
            start: start!, precipitationMm: values[0], petMm: columns[1] == nil ? nil : values[1],
            temperatureC: columns[2] == nil ? nil : values[2], minimumTemperatureC: columns[3] == nil ? nil : values[3],
            maximumTemperatureC: columns[4] == nil ? nil : values[4])
    }

    /// `month,value,category` rows: the value with 4 decimals, empty (and no category) where undefined.
    public static func write(_ series: StandardizedIndexSeries) -> String {
        var text = outputHeader + "\n"
        text.reserveCapacity(series.values.count * 32)
        for (offset, value) in series.values.enumerated() {
            text += series.start.advanced(by: offset).description + ","
            if let value {
                text += SeriesCSV.formatFixed(value, decimals: 4) + "," + DroughtCategory(value: value).rawValue
            } else {
                text += ","
            }
            text += "\n"
        }
        return text
    }
}
