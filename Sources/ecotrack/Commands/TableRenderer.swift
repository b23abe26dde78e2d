import EcoCore
import EcoServer
import Foundation

/// How `ecotrack query` prints results.
enum TableFormat: String { case table, csv, json }

/// Renders a JSON result as an aligned table, CSV or pretty JSON. Tables take the rows of
/// `data` (nested objects become `parent.child` columns) and print other members as a header.
enum TableRenderer {
    static func render(_ value: JSONValue, as format: TableFormat) -> String {
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
        }
        guard case let .array(items)? = value["data"] else { return render(value, as: .json) }
        let rows = items.map(flatten)
        var columns: [String] = []
        for row in rows { for key in row.keys.sorted() where !columns.contains(key) { columns.append(key) } }
        if format == .csv {
            var text = columns.joined(separator: ",") + "\n"
            for row in rows { text += columns.map { csvField(row[$0] ?? "") }.joined(separator: ",") + "\n" }
            return text
        }
        var header = ""
        if case let .object(object) = value {
            for (key, member) in object.sorted(by: { $0.key < $1.key }) where key != "data" && key != "pagination" {
                header += "\(key): \(flatten(member).sorted { $0.key < $1.key }.map { $0.key.isEmpty ? $0.value : "\($0.key)=\($0.value)" }.joined(separator: " "))\n"
            }
        }
        let widths = columns.map { column in max(column.count, rows.map { ($0[column] ?? "").count }.max() ?? 0) }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ") + "\n"
        }
        return header + line(columns) + rows.map { row in line(columns.map { row[$0] ?? "" }) }.joined() + "(\(rows.count) rows)\n"
    }

    private static func flatten(_ value: JSONValue) -> [String: String] {
        var result: [String: String] = [:]
        func walk(_ value: JSONValue, _ prefix: String) {
            switch value {
            case let .object(object): for (key, member) in object { walk(member, prefix.isEmpty ? key : "\(prefix).\(key)") }
            case let .array(items): result[prefix] = items.map { flatten($0).values.sorted().joined(separator: " ") }.joined(separator: ";")
            case let .string(text): result[prefix] = text
            case let .number(number): result[prefix] = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case let .bool(flag): result[prefix] = String(flag)
            case .null: result[prefix] = ""
            }
        }
        walk(value, "")
        return result
    }

    private static func csvField(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
}
