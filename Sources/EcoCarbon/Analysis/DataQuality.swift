/// One period of a supplier flagged as an outlier.
public struct QualityOutlier: Sendable, Equatable {
    public var periodStartMs: Int64
    public var kg: Double
    /// Outside Tukey's 1.5 × IQR fences.
    public var outsideIQR: Bool
    /// The modified z-score; |z| > 3.5 flags an outlier.
    public var robustZ: Double
}

/// Data quality of one supplier over a window.
public struct SupplierQuality: Sendable, Equatable {
    public var supplier: String
    /// Share of the window's periods with at least one measured activity, in percent.
    public var completenessPercent: Double
    /// Shares of the supplier's kg CO2e from measured and from estimated activities, in percent.
    public var measuredPercent: Double
    public var estimatedPercent: Double
    public var totalKg: Double
    /// Time of the last activity; stale when older than the window end minus the stale threshold.
    public var lastActivityMs: Int64
    public var stale: Bool
    public var outliers: [QualityOutlier]
}

/// Data quality over a window: per supplier, and the measured vs estimated share overall.
public struct QualityReport: Sendable, Equatable {
    public var suppliers: [SupplierQuality]
    public var measuredPercent: Double
    public var estimatedPercent: Double
    /// `X% measured | Y% estimated`, by kg CO2e.
    public var summary: String { "\(Self.format(measuredPercent))% measured | \(Self.format(estimatedPercent))% estimated" }
    public var staleSuppliers: [String] { suppliers.filter(\.stale).map(\.supplier) }

    static func format(_ value: Double) -> String { String(Int(value.rounded())) }
}

/// Completeness, measured vs estimated shares, outliers (IQR and robust z-score) and stale suppliers.
public enum DataQuality {
    /// A supplier with no activity for this long before the window end is stale: 7 days.
    public static let defaultStaleAfterMs: Int64 = 7 * 86_400_000

    /// The quality of every supplier active in `[fromMs, toMs)`, worst completeness first.
    public static func assess(
        _ table: ActivityTable, _ result: AccountingResult, fromMs: Int64, toMs: Int64, period: CarbonPeriod = .day,
        staleAfterMs: Int64 = defaultStaleAfterMs, robustZThreshold: Double = 3.5
    ) -> QualityReport {
        let series = SupplierSeries(table, result, fromMs: fromMs, toMs: toMs, period: period)
        let periods = max(series.periodStarts.count, 1)
        var suppliers: [SupplierQuality] = []
        var measuredAll = 0.0, totalAll = 0.0
        for (id, values) in series.kg {
            let measured = series.measuredKg[id] ?? []
            let total = values.reduce(0) { $1.isNaN ? $0 : $0 + $1 }
            let measuredKg = measured.reduce(0) { $1.isNaN ? $0 : $0 + $1 }
            measuredAll += measuredKg
            totalAll += total
            let observed = values.enumerated().filter { !$0.element.isNaN }
            let fences = RobustStatistics.iqrFences(observed.map(\.element))
            let z = RobustStatistics.robustZ(observed.map(\.element))
            var outliers: [QualityOutlier] = []
            for (k, entry) in observed.enumerated() {
                let outsideIQR = fences.map { !$0.contains(entry.element) } ?? false
                if outsideIQR || abs(z[k]) > robustZThreshold {
                    outliers.append(QualityOutlier(periodStartMs: series.periodStarts[entry.offset], kg: entry.element, outsideIQR: outsideIQR, robustZ: z[k]))
                }
            }
            let last = series.lastActivityMs[id] ?? fromMs
            suppliers.append(SupplierQuality(
                supplier: table.suppliers.name(id) ?? "",
                completenessPercent: Double(measured.filter { !$0.isNaN }.count) / Double(periods) * 100,
                measuredPercent: total > 0 ? measuredKg / total * 100 : 0,
                estimatedPercent: total > 0 ? (total - measuredKg) / total * 100 : 0,
                totalKg: total, lastActivityMs: last, stale: toMs - last > staleAfterMs, outliers: outliers))
        }
        suppliers.sort { $0.completenessPercent < $1.completenessPercent || ($0.completenessPercent == $1.completenessPercent && $0.supplier < $1.supplier) }
        let measuredPercent = totalAll > 0 ? measuredAll / totalAll * 100 : 0
        return QualityReport(suppliers: suppliers, measuredPercent: measuredPercent, estimatedPercent: totalAll > 0 ? 100 - measuredPercent : 0)
    }
}
