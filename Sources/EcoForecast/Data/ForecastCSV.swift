import EcoTime
/// Reads and writes the CSV shapes of `ecotrack forecast`.
public enum ForecastCSV {
    /// A parsed `timestamp,value` file: missing values are NaN.
    public struct Series: Sendable, Equatable {
        public var timestamps: [Int64]
        public var values: [Double]
    }

    /// Parses `timestamp,value` rows (see ``TimeValueCSV/parse(_:)`` for the accepted shapes), sorted by
    /// time; a gap is NaN.
    ///
    /// - Throws: ``ForecastError/malformedLine(line:reason:)`` naming the 1-based line.
    public static func parse(_ text: String) throws(ForecastError) -> Series {
        do {
            let rows = try TimeValueCSV.parse(text)
            return Series(timestamps: rows.map(\.timeMs), values: rows.map { $0.value ?? .nan })
        } catch {
            throw .malformedLine(line: error.line, reason: error.reason)
        }
    }

    /// `timestamp,mean,p10,p50,p90` with a header line and RFC 3339 UTC times.
    public static func format(_ forecast: Forecast) -> String {
        var text = "timestamp,mean,p10,p50,p90\n"
        for step in forecast.steps {
            text += Timestamp.format(ms: step.timeMs)
            for value in [step.mean, step.p10, step.p50, step.p90] { text += "," + formatNumber(value) }
            text += "\n"
        }
        return text
    }

    /// Shortest decimal form that reads back to the same Double after rounding to 6 significant decimals.
    static func formatNumber(_ value: Double) -> String {
        guard value.isFinite else { return "NaN" }
        let rounded = (value * 1e6).rounded() / 1e6
        let text = String(rounded == 0 ? 0 : rounded)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

/// The `metric,value` table printed by `ecotrack backtest`.
public enum BacktestTable {
    /// Rows: model, windows, horizon, mae, mase (empty when undefined), smape, then coverage_<level> per level.
    public static func format(_ report: BacktestReport, model: String) -> String {
        var text = "metric,value\nmodel,\(model)\nwindows,\(report.windows)\nhorizon,\(report.horizon)\n"
        text += "mae,\(ForecastCSV.formatNumber(report.mae))\n"
        text += "mase,\(report.mase.map(ForecastCSV.formatNumber) ?? "")\n"
        text += "smape,\(ForecastCSV.formatNumber(report.smape))\n"
        for entry in report.coverage {
            let level = entry.level == entry.level.rounded() ? String(Int(entry.level)) : String(entry.level)
            text += "coverage_\(level),\(ForecastCSV.formatNumber(entry.coverage))\n"
        }
        return text
    }
}
