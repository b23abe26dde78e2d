import EcoCore

/// Socio-economic indicators imported per H3 cell (`POST /api/v1/equity/indicators`): CSV with the columns
/// `cell,indicator,value,source,date` (`h3` for `cell` too), or a JSON array of objects with those fields.
enum IndicatorImport {
    static let columns = ["cell", "h3", "indicator", "value", "source", "date"]
    static let example = "cell,indicator,value,source,date / 871fb4662ffffff,low_income,0.31,INSEE Filosofi 2021,2021"

    /// The values of `bytes`, every row valid, or a 400 naming the invalid rows.
    static func parse(_ bytes: [UInt8], contentType: String) throws -> [IndicatorValue] {
        let table = try ImportTable(bytes, contentType: contentType, columns: columns, example: example)
        var values: [IndicatorValue] = []
        var errors: [ImportTable.RowError] = []
        for row in table.rows {
            do {
                values.append(try value(row))
            } catch let error as ImportFieldError {
                errors.append(.init(row: row, reason: error.reason))
            }
        }
        guard errors.isEmpty else { throw table.reject(errors) }
        return values
    }

    static func value(_ row: ImportTable.Row) throws -> IndicatorValue {
        let cell = try row.cell(row.fields["cell"] == nil && row.fields["h3"] != nil ? "h3" : "cell")
        let name = try row.text("indicator")
        guard IndicatorValue.isValidName(name) else {
            throw ImportFieldError("indicator '\(name)' must be 1–64 lower-case letters, digits or '_', e.g. low_income")
        }
        guard EnvironmentalBurden(rawValue: name) == nil else {
            throw ImportFieldError("indicator '\(name)' is an environmental burden the platform computes from observations; name the imported indicator differently")
        }
        let source = try row.text("source")
        guard source.count <= 200 else { throw ImportFieldError("'source' is longer than 200 characters") }
        let date = try row.text("date")
        guard IndicatorValue.isValidDate(date) else { throw ImportFieldError("'date' must be YYYY, YYYY-MM or YYYY-MM-DD; got '\(date)'") }
        return IndicatorValue(indicator: name, cell: cell, value: try row.number("value"), source: source, date: date)
    }
}
