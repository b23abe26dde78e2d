import EcoCarbon
import EcoCore
import EcoStore

/// Data quality over a window: per supplier completeness, measured and estimated shares, outliers and
/// staleness, the "X% measured | Y% estimated" summary, and the stored gap estimates.
public struct CarbonQualityDocument: Encodable, Sendable {
    public struct Supplier: Encodable, Sendable {
        public var supplier: String
        public var completenessPercent: Double
        public var measuredPercent: Double
        public var estimatedPercent: Double
        public var totalKg: Double
        public var lastActivity: String
        public var stale: Bool
        public var outliers: [Outlier]
    }

    public struct Outlier: Encodable, Sendable {
        public var period: String
        public var kg: Double
        public var outsideIQR: Bool
        public var robustZ: Double
    }

    public struct GapEstimate: Encodable, Sendable {
        public var supplier: String
        public var periodStart: String
        public var periodEnd: String
        public var kg: Double
        public var lowKg: Double
        public var highKg: Double
        public var estimated: Bool
        public var method: String

        init(_ record: CarbonGapEstimateRecord) {
            supplier = record.supplier
            periodStart = Timestamp.format(ms: record.periodStartMs)
            periodEnd = Timestamp.format(ms: record.periodEndMs)
            (kg, lowKg, highKg, estimated, method) = (record.kg, record.lowKg, record.highKg, true, record.method)
        }
    }

    public var organization: String
    public var from: String
    public var to: String
    public var period: String
    public var summary: String
    public var measuredPercent: Double
    public var estimatedPercent: Double
    public var staleSuppliers: [String]
    public var suppliers: [Supplier]
    /// Stored estimates for periods suppliers reported nothing in (see `POST …/data-quality/fill-gaps`).
    public var gapEstimates: [GapEstimate]
}

/// Data quality and gap filling.
public struct CarbonQuality: Sendable {
    let ledger: CarbonLedger
    let store: any CarbonStore
    let clock: WallClock

    public func assess(_ organization: String, window: CarbonWindow, period: CarbonPeriod) async throws -> CarbonQualityDocument {
        try Self.check(window, period)
        let accounted = try await ledger.load(organization, fromMs: window.fromMs, toMs: window.toMs)
        let report = DataQuality.assess(accounted.table, accounted.result, fromMs: window.fromMs, toMs: window.toMs, period: period)
        let estimates = try await store.carbonGapEstimates(organization: organization, fromMs: window.fromMs, toMs: window.toMs)
        return CarbonQualityDocument(
            organization: organization, from: Timestamp.format(ms: window.fromMs), to: Timestamp.format(ms: window.toMs), period: period.rawValue,
            summary: report.summary, measuredPercent: report.measuredPercent, estimatedPercent: report.estimatedPercent,
            staleSuppliers: report.staleSuppliers,
            suppliers: report.suppliers.map { s in
                .init(supplier: s.supplier, completenessPercent: s.completenessPercent, measuredPercent: s.measuredPercent,
                      estimatedPercent: s.estimatedPercent, totalKg: s.totalKg, lastActivity: Timestamp.format(ms: s.lastActivityMs), stale: s.stale,
                      outliers: s.outliers.map { .init(period: Timestamp.format(ms: $0.periodStartMs), kg: $0.kg, outsideIQR: $0.outsideIQR, robustZ: $0.robustZ) })
            },
            gapEstimates: estimates.map(CarbonQualityDocument.GapEstimate.init))
    }

    /// Estimates every supplier's missing periods in the window (EcoCarbon's `GapFiller`, a random forest
    /// over all suppliers' measured periods) and stores them in place of the window's earlier estimates.
    public func fillGaps(_ organization: String, window: CarbonWindow, period: CarbonPeriod) async throws -> [CarbonQualityDocument.GapEstimate] {
        try Self.check(window, period)
        let accounted = try await ledger.load(organization, fromMs: window.fromMs, toMs: window.toMs)
        let estimates = try carbon { () throws(CarbonError) in
            try GapFiller().fill(accounted.table, accounted.result, fromMs: window.fromMs, toMs: window.toMs, period: period)
        }
        let now = clock.nowMs()
        let records = estimates.map {
            CarbonGapEstimateRecord(organization: organization, supplier: $0.supplier, periodStartMs: $0.periodStartMs,
                                    periodEndMs: period.next(afterStartMs: $0.periodStartMs), kg: $0.kg, lowKg: $0.lowKg, highKg: $0.highKg,
                                    method: $0.method, createdAtMs: now)
        }
        try await store.replaceCarbonGapEstimates(organization: organization, fromMs: window.fromMs, toMs: window.toMs, with: records)
        return records.map(CarbonQualityDocument.GapEstimate.init)
    }

    private static func check(_ window: CarbonWindow, _ period: CarbonPeriod) throws(EcoError) {
        let periods = period.count(fromMs: window.fromMs, toMs: window.toMs)
        guard periods <= 5_000 else {
            throw .badRequest("The window holds \(periods) periods of \(period.rawValue); use a coarser period or a shorter window.")
        }
    }
}
