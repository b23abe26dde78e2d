import EcoAnalytics
import EcoCore
import Foundation

/// The rows of an imported table (socio-economic indicators, scenario projections): CSV with a header row, or a
/// JSON array of objects, as field name → text. Imports are all or nothing: ``ImportTable/reject(_:)`` turns
/// the rows' errors into one 400 naming the first of them.
struct ImportTable {
    /// One row: its CSV line (header = 1) or JSON array index (from 0), and its non-empty fields.
    struct Row {
        var number: Int
        var fields: [String: String]
    }

    /// One rejected row.
    struct RowError {
        var row: Row
        var reason: String
    }

    /// Most errors one rejection lists.
    static let listedErrors = 20

    var rows: [Row]
    /// "line" for CSV, "item" for JSON.
    var unit: String

    /// Parses `bytes` as CSV (`text/csv`) or JSON (anything else); `columns` are the field names the import knows.
    init(_ bytes: [UInt8], contentType: String, columns: [String], example: String) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        if contentType.lowercased().hasPrefix("text/csv") {
            unit = "line"
            let lines = CSVFields.lines(text)
            guard let header = lines.first.map(CSVFields.split), header.contains(where: { !$0.isEmpty }) else {
                throw EcoError.badRequest("The CSV body is empty; send a header row (\(example)) and one row per value.")
            }
            let unknown = header.filter { !columns.contains($0) }
            guard unknown.isEmpty else {
                throw EcoError.badRequest("Unknown CSV column(s) \(unknown.map { "'\($0)'" }.joined(separator: ", ")); the columns are \(columns.joined(separator: ", ")).")
            }
            rows = lines.dropFirst().enumerated().compactMap { offset, line in
                guard line.contains(where: { $0 != " " && $0 != "," }) else { return nil }
                let values = CSVFields.split(line)
                var fields: [String: String] = [:]
                for (name, value) in zip(header, values) where !value.isEmpty { fields[name] = value }
                return Row(number: offset + 2, fields: fields)
            }
        } else {
            unit = "item"
            guard case let .array(items)? = JSONValue.parse(text) else {
                throw EcoError.badRequest("The body is not a JSON array of objects; send [{…}, …] as application/json, or CSV as text/csv (\(example)).")
            }
            rows = try items.enumerated().map { index, item in
                guard case let .object(object) = item else { throw EcoError.badRequest("Item \(index) is not a JSON object.") }
                var fields: [String: String] = [:]
                for (name, value) in object {
                    guard columns.contains(name) else {
                        throw EcoError.badRequest("Item \(index) has unknown field '\(name)'; the fields are \(columns.joined(separator: ", ")).")
                    }
                    switch value {
                    case .null: continue
                    case let .string(text): if !text.isEmpty { fields[name] = text }
                    case let .number(number): fields[name] = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
                    default: throw EcoError.badRequest("Item \(index) field '\(name)' must be a string or a number.")
                    }
                }
                return Row(number: index, fields: fields)
            }
        }
        guard !rows.isEmpty else { throw EcoError.badRequest("The body has no rows; send at least one (\(example)).") }
    }

    /// The 400 for `errors`: how many rows were refused and the first ones with their line and reason; nothing is stored.
    func reject(_ errors: [RowError]) -> EcoError {
        let listed = errors.prefix(Self.listedErrors).map { "\(unit) \($0.row.number): \($0.reason)" }
        return .badRequest("\(errors.count) of \(rows.count) rows are invalid and nothing was stored; fix them and send the file again. "
            + listed.joined(separator: "; ") + (errors.count > listed.count ? "; …" : "."))
    }
}

extension ImportTable.Row {
    /// A required field's text.
    func text(_ name: String) throws -> String {
        guard let value = fields[name] else { throw ImportFieldError("'\(name)' is missing") }
        return value
    }

    /// A required finite number.
    func number(_ name: String) throws -> Double {
        let text = try text(name)
        guard let value = Double(text), value.isFinite else { throw ImportFieldError("'\(name)' must be a number; got '\(text)'") }
        return value
    }

    /// An optional finite number.
    func optionalNumber(_ name: String) throws -> Double? {
        fields[name] == nil ? nil : try number(name)
    }

    /// A required H3 cell id.
    func cell(_ name: String) throws -> UInt64 {
        let text = try text(name)
        guard let cell = Spatial.cell(hex: text.lowercased()) else {
            throw ImportFieldError("'\(name)' must be an H3 cell id of 15 hex digits, e.g. 871fb4662ffffff; got '\(text)'")
        }
        return cell
    }
}

/// A field of a row that cannot be used; the text says which and why.
struct ImportFieldError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
