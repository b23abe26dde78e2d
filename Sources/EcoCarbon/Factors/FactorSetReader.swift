import EcoCore
import Foundation

/// Reads an uploaded factor set from CSV (a header line naming the columns) or a JSON array of
/// objects with the same fields, and validates it.
///
/// Columns: `id`, `family`, `subject`, `region`, `unit`, `document` are required; the figures are
/// `co2`, `ch4`, `n2o` (kg per unit), `other_gases` (`HFC-32:0.5;HFC-125:0.5`), `co2e` with
/// `co2e_gwp`, `biogenic_co2`; then `parent_region`, `heat_content_mmbtu`, `reference_utilisation`,
/// `scope`, `category`, `year`, `table`, `row`, `published`, `licence`.
public enum FactorSetReader {
    /// A draft set read from `body`.
    ///
    /// - Throws: ``CarbonError/invalidFactorSet(_:)`` listing every unreadable row (with its line) and
    ///   every error of ``FactorSetValidator`` (holes, duplicate keys, bad units).
    public static func read(_ body: some Collection<UInt8>, format: ObservationFormat, name: String, version: String) throws(CarbonError) -> FactorSet {
        var bytes = ArraySlice(body)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let rows: [(label: String, cells: [String: String])]
        switch format {
        case .csv: rows = try csvRows(bytes)
        case .json, .ndjson: rows = try jsonRows(bytes)
        }
        var factors: [EmissionFactor] = []
        var problems: [String] = []
        for row in rows {
            do {
                factors.append(try FactorRowReader(row.cells).read())
            } catch {
                problems += (error.problems).map { "\(row.label): \($0)" }
            }
        }
        let set = FactorSet(name: name, version: version, factors: factors)
        problems += FactorSetValidator.issues(in: set).filter { $0.severity == .error }.map(\.message)
        guard problems.isEmpty else { throw .invalidFactorSet(problems) }
        return set
    }

    private static func csvRows(_ bytes: ArraySlice<UInt8>) throws(CarbonError) -> [(label: String, cells: [String: String])] {
        let records = DelimitedRecords(detectingFrom: bytes).records(bytes)
        guard let header = records.first else { throw .invalidFactorSet(["The CSV is empty; send a header line and one row per factor."]) }
        var rows: [(label: String, cells: [String: String])] = []
        var problems: [String] = []
        for record in records.dropFirst() {
            if let issue = record.issue { problems.append("Line \(record.line): \(issue)") }
            guard record.fields.count == header.fields.count else {
                problems.append("Line \(record.line): the row has \(record.fields.count) fields but the header has \(header.fields.count); quote fields that contain commas.")
                continue
            }
            rows.append(("Line \(record.line)", Dictionary(zip(header.fields, record.fields), uniquingKeysWith: { first, _ in first })))
        }
        guard problems.isEmpty else { throw .invalidFactorSet(problems) }
        return rows
    }

    private static func jsonRows(_ bytes: ArraySlice<UInt8>) throws(CarbonError) -> [(label: String, cells: [String: String])] {
        guard let array = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [Any] else {
            throw .invalidFactorSet(["The body is not a JSON array of factor objects; send [{\"id\": …, \"family\": …}, …]."])
        }
        return array.enumerated().map { index, element in
            var cells: [String: String] = [:]
            for (key, value) in element as? [String: Any] ?? [:] {
                switch value {
                case let text as String: cells[key] = text
                case let number as NSNumber: cells[key] = "\(number.doubleValue)"
                case let gases as [String: Any]:
                    cells[key] = gases.sorted { $0.key < $1.key }.map { "\($0.key):\(($0.value as? NSNumber)?.doubleValue ?? .nan)" }.joined(separator: ";")
                default: continue
                }
            }
            return ("Factor \(index)", cells)
        }
    }
}

extension CarbonError {
    /// The sentences of a factor-set error, or the one message of any other error.
    var problems: [String] {
        if case let .invalidFactorSet(list) = self { return list }
        return [message]
    }
}
