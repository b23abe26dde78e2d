import EcoCore
import Foundation

/// A yield history read from CSV with the columns `region,crop,year,yield,unit,source` (any order, more columns
/// ignored). Units: `t/ha`, `kg/ha`, `hg/ha` (FAOSTAT's unit), and `bu/acre` for the crops with a US standard
/// bushel weight (USDA: maize 56 lb, soybean 60 lb, wheat 60 lb; 1 lb = 0.45359237 kg, 1 acre = 0.40468564224 ha).
public enum YieldHistory {
    public static let columns = ["region", "crop", "year", "yield", "unit", "source"]
    /// Pounds per US bushel.
    static let bushelPounds: [String: Double] = ["maize": 56, "soybean": 60, "wheat": 60]

    /// The records of `text`; every bad row is an error naming its line.
    public static func parse(_ text: String) throws(CropIndexError) -> [YieldRecord] {
        let lines = CSVFields.lines(text)
        guard let header = lines.first.map(CSVFields.split) else { throw .yieldRow(line: 1, message: "the file is empty; the header is \(columns.joined(separator: ","))") }
        let names = header.map { $0.lowercased() }
        var index: [String: Int] = [:]
        for column in columns {
            guard let position = names.firstIndex(of: column) else {
                throw .yieldRow(line: 1, message: "column '\(column)' is missing; the header needs \(columns.joined(separator: ","))")
            }
            index[column] = position
        }
        var records: [YieldRecord] = []
        var seen = Set<String>()
        for (offset, line) in lines.enumerated().dropFirst() where !line.allSatisfy({ $0 == " " }) {
            let number = offset + 1
            let fields = CSVFields.split(line)
            let record: YieldRecord
            switch self.record({ name in index[name]! < fields.count ? fields[index[name]!] : "" }) {
            case let .success(value): record = value
            case let .failure(failure): throw .yieldRow(line: number, message: failure.message)
            }
            guard seen.insert(key(record)).inserted else {
                throw .yieldRow(line: number, message: duplicate(record))
            }
            records.append(record)
        }
        return records
    }

    /// Why a yield row was refused.
    public struct RowFailure: Error, Sendable {
        public var message: String
    }

    /// The record of one row, whose fields `field` gives by column name (empty when absent), or why it is refused:
    /// an empty region or source, an unknown crop, a year outside 1800–2200, a yield that is not positive, an unknown unit.
    public static func record(_ field: (String) -> String) -> Result<YieldRecord, RowFailure> {
        func fail(_ message: String) -> Result<YieldRecord, RowFailure> { .failure(RowFailure(message: message)) }
        let region = field("region"), source = field("source"), unit = field("unit")
        guard !region.isEmpty else { return fail("region is empty") }
        guard !source.isEmpty else { return fail("source is empty; name where the number comes from (e.g. FAOSTAT QCL, USDA NASS)") }
        let crop = field("crop").lowercased()
        guard CropCalendar.crops.contains(where: { $0.id == crop }) else {
            return fail("unknown crop '\(field("crop"))'; use one of \(CropCalendar.crops.map(\.id).joined(separator: ", "))")
        }
        guard let year = Int(field("year")), (1800...2200).contains(year) else { return fail("year '\(field("year"))' is not a year such as 2021") }
        guard let value = Double(field("yield")), value.isFinite, value > 0 else {
            return fail("yield '\(field("yield"))' is not a positive number")
        }
        guard let tonnes = tonnesPerHectare(value, unit: unit, crop: crop) else {
            return fail("unit '\(unit)' is not one of t/ha, kg/ha, hg/ha, bu/acre")
        }
        return .success(YieldRecord(region: region, crop: crop, year: year, tonnesPerHectare: tonnes, reportedValue: value,
                                    reportedUnit: unit, source: source))
    }

    /// The key a history holds once: region, crop and year.
    public static func key(_ record: YieldRecord) -> String { "\(record.region)\u{1}\(record.crop)\u{1}\(record.year)" }

    /// The refusal of a second row with `record`'s key.
    public static func duplicate(_ record: YieldRecord) -> String {
        "\(record.region) \(record.crop) \(record.year) appears twice; keep one row per region, crop and year"
    }

    /// `value` in `unit` as t/ha; nil for an unknown unit.
    public static func tonnesPerHectare(_ value: Double, unit: String, crop: String) -> Double? {
        switch unit.lowercased().replacingOccurrences(of: " ", with: "") {
        case "t/ha": value
        case "kg/ha": value / 1000
        case "hg/ha": value / 10000
        case "bu/acre", "bu/ac": bushelPounds[crop].map { value * $0 * 0.45359237 / 1000 / 0.40468564224 }
        default: nil
        }
    }
}
