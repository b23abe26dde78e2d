import EcoCore
import EcoStore
import Foundation

/// Decodes an observation body chunk by chunk, validates each record, and writes accepted ones
/// to the store in batches — the one ingest path behind `POST /api/v1/observations` and
/// `ecotrack ingest`.
///
/// Non-atomic (default): batches are committed as they fill, so memory stays bounded and a
/// huge NDJSON stream never sits in memory whole. Atomic: everything is held until the end and
/// stored in one transaction only if no record was rejected.
public final class IngestPipeline {
    public let format: ObservationFormat
    private var decoder: ObservationDecoder
    private var validator: ObservationValidator
    private let store: any ObservationStore
    private let batchSize: Int
    private let atomic: Bool
    private let nowMs: Int64
    /// The organization new series are restricted to; empty means public.
    private let organization: String
    /// Where store time is recorded (`store_operation_duration_seconds{operation="insert_observations"}`).
    private let metrics: EcoMetrics?
    private var pending: [Observation] = []
    public private(set) var report = IngestReport()

    public init(format: ObservationFormat, catalogue: VariableCatalogue, store: any ObservationStore,
                batchSize: Int = 20_000, atomic: Bool = false, organization: String = "", nowMs: Int64, metrics: EcoMetrics? = nil) {
        self.organization = organization
        self.metrics = metrics
        self.format = format
        self.decoder = ObservationDecoder(format: format)
        self.validator = ObservationValidator(catalogue: catalogue)
        self.store = store
        self.batchSize = batchSize
        self.atomic = atomic
        self.nowMs = nowMs
        pending.reserveCapacity(batchSize)
    }

    /// Decodes and validates the next bytes of the body (call `commitIfFull` after).
    public func feed(_ bytes: UnsafeRawBufferPointer) {
        // Each record is validated as it is decoded, not gathered into an array first (which copied every
        // record in and out of it).
        decoder.feed(bytes) { accept($0) }
    }

    /// Commits the pending batch when it is full (non-atomic mode).
    public func commitIfFull() async throws {
        if !atomic && pending.count >= batchSize { try await flush() }
    }

    /// Ends the body, commits what is left, and returns the report. In atomic mode nothing is
    /// stored when any record was rejected.
    public func finish() async throws -> IngestReport {
        decoder.finish { accept($0) }
        if atomic && report.rejected > 0 {
            pending.removeAll()
            report.inserted = 0
            report.replaced = 0
            report.newSeries = 0
            return report
        }
        try await flush()
        return report
    }

    /// Validates one decoded item: an accepted observation joins the pending batch, anything else is
    /// a rejection in the report.
    private func accept(_ item: DecodedItem) {
        switch item {
        case let .record(index, line, record):
            switch validator.validate(record, index: index, line: line, nowMs: nowMs) {
            case var .success(observation):
                observation.series.organization = organization
                pending.append(observation)
                report.accepted += 1
            case let .failure(error):
                report.reject(error)
            }
        case let .error(error):
            report.reject(error)
        case let .batchError(error):
            // The rest of the body is unreadable: one rejection that says where and why.
            report.reject(RecordError(index: report.accepted + report.rejected, line: error.line, field: nil, reason: error.reason))
        }
    }

    private func flush() async throws {
        guard !pending.isEmpty else { return }
        let summary = try await EcoMetrics.timingStore(metrics, "insert_observations") { try await store.insert(pending) }
        report.inserted += summary.inserted
        report.replaced += summary.replaced
        report.newSeries += summary.newSeries
        pending.removeAll(keepingCapacity: true)
    }
}
