import EcoCarbon
import EcoCore
import EcoStore
import Foundation

/// The answer to a carbon ingest: counts, the CO2e of the accepted activities under each
/// organization's factor set, and each rejected record with where it was and why.
public struct CarbonIngestReport: Codable, Sendable, Equatable {
    public var accepted = 0
    public var rejected = 0
    /// Of the accepted: new records, and records that replaced one with the same client id.
    public var inserted = 0
    public var replaced = 0
    /// Gap estimates dropped because measurements arrived in their period.
    public var estimatesRemoved = 0
    /// kg CO2e of the accepted activities (location-based and market-based).
    public var co2eKg = 0.0
    public var marketCo2eKg = 0.0
    /// Accepted activities without a factor: stored and flagged, never counted as zero.
    public var unaccounted = 0
    /// Accepted activities accounted with a less specific factor (see their provenance).
    public var fallbacks = 0
    /// Accepted activities with a missing field (a freight leg's load): stored as sent; their CO2e is
    /// an estimate from history, made when they are read and marked estimated (not in `co2eKg`).
    public var fieldsToEstimate = 0
    /// The first unaccounted activities with the reason.
    public var unaccountedActivities: [RejectedRecord] = []
    public var errors: [RejectedRecord] = []
    public var errorsTruncated = false

    public init() {}

    mutating func reject(_ error: RecordError) {
        rejected += 1
        if errors.count < IngestReport.maxListedErrors { errors.append(RejectedRecord(error)) } else { errorsTruncated = true }
    }

    /// These counts as an import's progress: `processedRows` of `totalRows` read (all by default).
    func counts(totalRows: Int, processedRows: Int? = nil) -> CarbonImportCounts {
        CarbonImportCounts(totalRows: totalRows, processedRows: processedRows ?? totalRows, accepted: accepted, rejected: rejected,
                           inserted: inserted, replaced: replaced)
    }

    /// Adds another part's counts and listed records (a file ingested in parts).
    public mutating func add(_ other: CarbonIngestReport) {
        accepted += other.accepted
        rejected += other.rejected
        inserted += other.inserted
        replaced += other.replaced
        estimatesRemoved += other.estimatesRemoved
        co2eKg += other.co2eKg
        marketCo2eKg += other.marketCo2eKg
        unaccounted += other.unaccounted
        fallbacks += other.fallbacks
        fieldsToEstimate += other.fieldsToEstimate
        unaccountedActivities += other.unaccountedActivities.prefix(max(0, 100 - unaccountedActivities.count))
        let room = max(0, IngestReport.maxListedErrors - errors.count)
        errors += other.errors.prefix(room)
        errorsTruncated = errorsTruncated || other.errorsTruncated || other.errors.count > room
    }
}

/// Carbon activity ingest: decode and validate (EcoCarbon), check the caller may write each record's
/// organization, account the batch with that organization's factors, store it, and wake the hotspot watch.
public struct CarbonIngest: Sendable {
    let store: any CarbonStore
    let factorSets: CarbonFactorSets
    let settings: CarbonSettingsService
    let batchSize: Int
    /// Called with the organizations that got new activities (the hotspot watch listens).
    let written: @Sendable (Set<String>) -> Void

    /// Ingests a JSON array or NDJSON (or CSV) body.
    /// - Throws: `EcoError.badRequest` when the body as a whole is unusable (not a JSON array, no CSV header).
    /// Large NDJSON and CSV bodies are decoded and stored overlapped, chunk by chunk (``ingestPipelined``).
    public func ingest(_ body: [UInt8], format: ObservationFormat, caller: CarbonCaller) async throws -> CarbonIngestReport {
        if format != .json, body.count >= ParallelActivityDecoder.parallelBytes {
            return try await ingestPipelined(body, format: format, caller: caller)
        }
        return try await ingestWhole(body, format: format, caller: caller)
    }

    /// Decodes the whole body (on every core when large), then stores it: JSON arrays and small bodies.
    public func ingestWhole(_ body: [UInt8], format: ObservationFormat, caller: CarbonCaller) async throws -> CarbonIngestReport {
        let batch = ParallelActivityDecoder.decode(body, format: format)
        if let error = batch.batchError { throw EcoError.badRequest(error.reason) }
        return try await ingest(batch, caller: caller)
    }

    /// Ingests a file `rowsPerStep` records at a time (one step for a JSON array), calling `step` after
    /// each with the counts so far and the step's refused records; for imports with progress.
    public func ingestInSteps(_ body: [UInt8], format: ObservationFormat, caller: CarbonCaller, rowsPerStep: Int = 5_000,
                              step: (CarbonImportProgress, _ bytesRead: Int) async throws -> Void) async throws -> CarbonIngestReport {
        var total = CarbonIngestReport()
        guard format != .json else {
            let batch = ActivityDecoder.decode(body, format: .json)
            if let error = batch.batchError { throw EcoError.badRequest(error.reason) }
            let (report, refused) = try await store(batch, caller: caller)
            try await step(CarbonImportProgress(report.counts(totalRows: report.accepted + report.rejected), newErrors: refused), body.count)
            return report
        }
        let layout = ActivityBodyLayout(body, csv: format == .csv)
        let starts = layout.lineStarts
        var row = 0
        repeat {
            let from = row < starts.count ? starts[row] : layout.count
            let to = row + rowsPerStep < starts.count ? starts[row + rowsPerStep] : layout.count
            let batch = ParallelActivityDecoder.decode(body, format: format, layout: layout, ranges: [from..<to], indexOffset: total.accepted + total.rejected)
            if let error = batch.batchError { throw EcoError.badRequest(error.reason) }
            let (part, refused) = try await store(batch, caller: caller)
            total.add(part)
            row += rowsPerStep
            try await step(CarbonImportProgress(total.counts(totalRows: starts.count, processedRows: min(row, starts.count)), newErrors: refused), to)
        } while row < starts.count
        return total
    }

    /// Ingests activities already read and validated (the demo, benchmarks): position k is record k.
    public func ingest(activities: [Activity], caller: CarbonCaller) async throws -> CarbonIngestReport {
        var batch = ActivityBatch()
        batch.activities = activities
        batch.positions = activities.indices.map { (index: $0, line: nil) }
        return try await ingest(batch, caller: caller)
    }

    /// Stores the activities of a decoded batch (its errors are reported as rejections).
    func ingest(_ batch: ActivityBatch, caller: CarbonCaller) async throws -> CarbonIngestReport {
        try await store(batch, caller: caller).report
    }

    /// Stores a decoded batch; returns the report and every refused record (the report lists the first thousand).
    /// `notify` tells the hotspot watch at once; a caller storing a body in parts tells it once at the end.
    func store(_ batch: ActivityBatch, caller: CarbonCaller, notify: Bool = true) async throws -> (report: CarbonIngestReport, refused: [RecordError]) {
        var report = CarbonIngestReport()
        var refused = batch.errors
        var byOrganization: [String: [(activity: Activity, position: (index: Int, line: Int?))]] = [:]
        for (activity, position) in zip(batch.activities, batch.positions) {
            if let reason = caller.refusal(for: activity.organization) {
                refused.append(RecordError(index: position.index, line: position.line, field: "organization", reason: reason))
            } else {
                byOrganization[activity.organization, default: []].append((activity, position))
            }
        }
        refused.sort { $0.index < $1.index }
        for error in refused { report.reject(error) }
        for (organization, rows) in byOrganization.sorted(by: { $0.key < $1.key }) {
            try await account(rows, organization: organization, into: &report)
            var start = 0
            while start < rows.count {
                let end = min(start + batchSize, rows.count)
                let summary = try await store.insertCarbonActivities(rows[start..<end].map { ActivityRecordMapping.record($0.activity) })
                report.inserted += summary.inserted
                report.replaced += summary.replaced
                report.estimatesRemoved += summary.estimatesRemoved
                start = end
            }
            report.accepted += rows.count
        }
        if notify, !byOrganization.isEmpty { written(Set(byOrganization.keys)) }
        return (report, refused)
    }

    /// Adds the batch's CO2e, unaccounted activities and fallbacks under the organization's factors.
    private func account(_ rows: [(activity: Activity, position: (index: Int, line: Int?))], organization: String,
                         into report: inout CarbonIngestReport) async throws {
        let chosen = try await settings.settings(organization)
        let index = try await factorSets.index(setId: chosen.factorSetId, basis: chosen.gwpBasis)
        let table = ActivityTable(rows.map(\.activity))
        let result = Accountant(index: index).account(table)
        report.co2eKg += result.totalLocationKg
        report.marketCo2eKg += result.totalMarketKg
        for i in 0..<table.count {
            if result.fallback[i] != 0 { report.fallbacks += 1 }
            if result.status[i] == .missingField || RegionEstimator.needs(rows[i].activity) { report.fieldsToEstimate += 1 }
            guard result.status[i] != .accounted, result.status[i] != .missingField else { continue }
            report.unaccounted += 1
            if report.unaccountedActivities.count < 100 {
                let provenance = Provenance(row: i, table: table, result: result, index: index)
                let position = rows[i].position
                report.unaccountedActivities.append(RejectedRecord(
                    RecordError(index: position.index, line: position.line, reason: provenance.unaccountedReason ?? "unaccounted")))
            }
        }
    }
}
