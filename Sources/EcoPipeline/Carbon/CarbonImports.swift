import EcoCarbon
import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// CSV imports of carbon activities as background jobs: queued with their file, run in steps of
/// `rowsPerStep` rows with progress, every rejected row kept for download.
public final class CarbonImports: Service, Sendable {
    /// Rows decoded, accounted and stored per step (one progress update each).
    static let rowsPerStep = 5_000

    let store: any CarbonStore
    let ingest: CarbonIngest
    let clock: WallClock
    let logger: Logger
    let fallback: Duration
    private let wakeup = TrainingJobWakeup()

    init(store: any CarbonStore, ingest: CarbonIngest, clock: WallClock, logger: Logger, fallback: Duration = .seconds(30)) {
        self.store = store
        self.ingest = ingest
        self.clock = clock
        self.logger = logger
        self.fallback = fallback
    }

    /// Queues a CSV file for import by `caller`; its rows may only name the caller's organizations.
    /// - Throws: `EcoError.badRequest` for an empty body or a header without the required columns.
    public func submit(_ body: [UInt8], fileName: String?, caller: CarbonCaller) async throws -> CarbonImportJob {
        let header = ArraySlice(body.prefix { $0 != UInt8(ascii: "\n") })
        let names = Set((DelimitedRecords(detectingFrom: header).records(header).first?.fields ?? []).map { $0.trimmingCharacters(in: .whitespaces) })
        guard !header.isEmpty else {
            throw EcoError.badRequest("The CSV is empty; send a header line naming the columns (type, organization, time, …) and one row per activity.")
        }
        for required in ["type", "organization", "time"] where !names.contains(required) {
            throw EcoError.badRequest("The CSV header has no \(required) column; name the columns as the JSON fields (type, organization, time, …), case-sensitive.")
        }
        guard caller.organizations?.isEmpty != true else {
            throw EcoError.invalidArgument("Your account belongs to no organization, so it may not import carbon activities; ask an admin to set your organization.")
        }
        let organization = caller.organizations.flatMap { $0.count == 1 ? $0.first : nil }
        let job = CarbonImportJob(organization: organization, fileName: fileName, createdAtMs: clock.nowMs(), submittedBy: caller.actor)
        try await store.enqueueCarbonImport(job, body: body)
        wakeup.signal()
        return job
    }

    /// The job with `id`.
    public func job(_ id: UUID) async throws -> CarbonImportJob {
        guard let job = try await store.carbonImport(id: id) else {
            throw EcoError.notFound("No import has the id '\(id.uuidString.lowercased())'; POST /api/v1/carbon/import returns it.")
        }
        return job
    }

    /// Row errors as CSV (`index,line,field,reason`), for download.
    public static func csv(_ errors: [RecordError]) -> String {
        let rows = errors.map { ["\($0.index)", $0.line.map(String.init) ?? "", CSVField.escape($0.field ?? ""), CSVField.escape($0.reason)].joined(separator: ",") }
        return (["index,line,field,reason"] + rows).joined(separator: "\n") + "\n"
    }

    public func run() async throws {
        await recoverInterrupted()
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                await runQueued()
                await wakeup.wait(upTo: fallback)
            }
        } onGracefulShutdown: {
            self.wakeup.signal()
        }
    }

    private func recoverInterrupted() async {
        do {
            for job in try await store.failInterruptedCarbonImports(atMs: clock.nowMs()) {
                logger.notice("interrupted carbon import failed", metadata: ["import": "\(job.id.uuidString.lowercased())"])
            }
        } catch {
            logger.error("could not recover interrupted carbon imports", metadata: ["error": "\(error)"])
        }
    }

    /// Runs queued imports, oldest first, until none is left.
    func runQueued() async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                guard let (job, body) = try await store.claimNextCarbonImport(atMs: clock.nowMs()) else { return }
                await execute(job, body: body)
            } catch {
                logger.error("could not claim a carbon import", metadata: ["error": "\(error)"])
                return
            }
        }
    }

    private func execute(_ job: CarbonImportJob, body: [UInt8]) async {
        let caller = CarbonCaller(actor: job.submittedBy, organizations: job.organization.map { [$0] })
        do {
            let report = try await importSteps(body, id: job.id, caller: caller)
            try await store.finishCarbonImport(id: job.id, status: .succeeded, error: nil, atMs: clock.nowMs())
            logger.info("carbon import finished", metadata: [
                "import": "\(job.id.uuidString.lowercased())", "import.accepted": "\(report.accepted)", "import.rejected": "\(report.rejected)",
            ])
        } catch {
            let message = (error as? EcoError)?.message ?? "The import stopped: \(error)."
            try? await store.finishCarbonImport(id: job.id, status: .failed, error: message, atMs: clock.nowMs())
            logger.warning("carbon import failed", metadata: ["import": "\(job.id.uuidString.lowercased())", "error": "\(error)"])
        }
    }

    /// Decodes and stores the body `rowsPerStep` rows at a time, recording progress and errors after each step.
    func importSteps(_ body: [UInt8], id: UUID, caller: CarbonCaller) async throws -> CarbonIngestReport {
        try await ingest.ingestInSteps(body, format: .csv, caller: caller, rowsPerStep: Self.rowsPerStep) { progress, _ in
            try await store.recordCarbonImportProgress(id: id, progress)
        }
    }
}
