import EcoCore
import Foundation

/// Climate scenario projections imported from CSV or JSON (`POST /api/v1/climate/scenarios`): columns
/// `scenario,model,variable,year,month,h3,mean,p5,p95`, with `lat,lng` instead of `h3` for a point (stored as
/// its resolution-15 cell), `month` empty for an annual value and `p5`/`p95` optional.
enum ScenarioImport {
    static let columns = ["scenario", "model", "variable", "year", "month", "h3", "cell", "lat", "lng", "mean", "p5", "p95"]
    static let example = "scenario,model,variable,year,month,h3,mean,p5,p95 / ssp245,MPI-ESM1-2-LR,temperature_2m,2050,,871fb4662ffffff,13.9,12.8,15.1"
    static let years = 1850...2300

    /// The projections of `bytes`, every row valid, or a 400 naming the invalid rows.
    static func parse(_ bytes: [UInt8], contentType: String, catalogue: VariableCatalogue) throws -> [ScenarioProjection] {
        let table = try ImportTable(bytes, contentType: contentType, columns: columns, example: example)
        var projections: [ScenarioProjection] = []
        var errors: [ImportTable.RowError] = []
        for row in table.rows {
            do {
                projections.append(try projection(row, catalogue: catalogue))
            } catch let error as ImportFieldError {
                errors.append(.init(row: row, reason: error.reason))
            }
        }
        guard errors.isEmpty else { throw table.reject(errors) }
        return projections
    }

    static func projection(_ row: ImportTable.Row, catalogue: VariableCatalogue) throws -> ScenarioProjection {
        let scenario = try name(row, "scenario")
        let model = try name(row, "model")
        let variable = try row.text("variable")
        do { _ = try catalogue.variable(named: variable) } catch { throw ImportFieldError(error.message) }
        let year = try row.number("year")
        // The range is checked on the Double: converting 1e300 to Int would trap.
        guard year == year.rounded(), Double(years.lowerBound) <= year, year <= Double(years.upperBound) else {
            throw ImportFieldError("'year' must be a whole year from \(years.lowerBound) to \(years.upperBound); got \(year)")
        }
        var month: Int?
        if let value = try row.optionalNumber("month") {
            guard value == value.rounded(), (1...12).contains(value) else { throw ImportFieldError("'month' must be 1–12, or empty for an annual value") }
            month = Int(value)
        }
        let cell: UInt64
        if row.fields["h3"] != nil || row.fields["cell"] != nil {
            cell = try row.cell(row.fields["h3"] != nil ? "h3" : "cell")
        } else {
            guard row.fields["lat"] != nil || row.fields["lng"] != nil else { throw ImportFieldError("give 'h3' (a cell) or 'lat' and 'lng' (a point)") }
            let lat = try row.number("lat"), lng = try row.number("lng")
            guard (-90...90).contains(lat), (-180...180).contains(lng) else { throw ImportFieldError("'lat' must be −90…90 and 'lng' −180…180 degrees") }
            cell = Spatial.cell15(lat: lat, lng: lng)
        }
        let mean = try row.number("mean")
        let p5 = try row.optionalNumber("p5"), p95 = try row.optionalNumber("p95")
        guard (p5 ?? mean) <= mean, mean <= (p95 ?? mean) else { throw ImportFieldError("the percentiles must bracket the mean: p5 ≤ mean ≤ p95") }
        return ScenarioProjection(scenario: scenario, model: model, variable: variable, year: Int(year), month: month, cell: cell, mean: mean, p5: p5, p95: p95)
    }

    /// A scenario or model name: 1–64 letters, digits, `_`, `-` or `.`.
    static func name(_ row: ImportTable.Row, _ field: String) throws -> String {
        let text = try row.text(field)
        guard text.count <= 64, text.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0)) }) else {
            throw ImportFieldError("'\(field)' must be 1–64 letters, digits, '_', '-' or '.'; got '\(text)'")
        }
        return text
    }
}
