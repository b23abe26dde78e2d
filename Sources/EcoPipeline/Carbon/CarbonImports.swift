import EcoCarbon
import EcoCore
import EcoStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// CSV imports of carbon activities as background jobs: queued with their file, run in steps of
/// `rowsPerStep` rows with progress, every rejected row kept for download.
///
/// A claimed import is leased to this process (`holder`) for `lease`, renewed every `heartbeat` while it
/// runs. On start, and at every wake-up (at least every `fallback`), imports whose lease expired (their
/// process died) fail with how far they got; imports other live processes are running are left alone.
/// An import whose lease this process could not renew in time stops at its next step without recording an end.
public final class CarbonImports: Service, Sendable {
    let store: any CarbonStore
    let ingest: CarbonIngest
    let clock: WallClock
    let logger: Logger
    let fallback: Duration
    let holder: String
    let leaseMs: Int64
    let heartbeat: Duration
    /// Rows decoded, accounted and stored per step (one progress update each).
    let rowsPerStep: Int
    let metrics: EcoMetrics?
    private let wakeup = TrainingJobWakeup()

    /// - Parameters:
    ///   - holder: this process, as named on the leases of the imports it runs (unique among live processes).
    ///   - lease: how long a claimed import stays this process's without a renewal; `heartbeat` must be well below it.
    init(store: any CarbonStore, ingest: CarbonIngest, clock: WallClock, logger: Logger, fallback: Duration = .seconds(30),
         holder: String, lease: Duration = .seconds(30), heartbeat: Duration = .seconds(10), rowsPerStep: Int = 5_000, metrics: EcoMetrics? = nil) {
        precondition(heartbeat < lease, "the lease heartbeat must be shorter than the lease")
        self.store = store
        self.ingest = ingest
        self.clock = clock
        self.logger = logger
        self.fallback = fallback
        self.holder = holder
        self.leaseMs = Int64((lease.seconds * 1000).rounded())
        self.heartbeat = heartbeat
        self.rowsPerStep = rowsPerStep
        self.metrics = metrics
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
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                await recoverInterrupted()
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
                guard let (job, body) = try await store.claimNextCarbonImport(atMs: clock.nowMs(), holder: holder, leaseMs: leaseMs) else { return }
                await execute(job, body: body)
            } catch {
                logger.error("could not claim a carbon import", metadata: ["error": "\(error)"])
                return
            }
        }
    }

    private func execute(_ job: CarbonImportJob, body: [UInt8]) async {
        let caller = CarbonCaller(actor: job.submittedBy, organizations: job.organization.map { [$0] })
        let lease = CarbonImportLease()
        let leaseKeeper = Task { await keepLease(of: job.id, lease) }
        defer { leaseKeeper.cancel() }
        do {
            let report = try await importSteps(body, id: job.id, caller: caller, lease: lease)
            leaseKeeper.cancel()
            await leaseKeeper.value
            // One more renewal before the end: a lease taken back meanwhile means the end is not ours to record.
            guard try await store.renewCarbonImportLease(id: job.id, holder: holder, untilMs: clock.nowMs() + leaseMs) else { throw CarbonImportLease.Lost() }
            try await store.finishCarbonImport(id: job.id, status: .succeeded, error: nil, atMs: clock.nowMs())
            metrics?.backgroundJobEnded(kind: "carbon_import", status: "succeeded")
            logger.info("carbon import finished", metadata: [
                "import": "\(job.id.uuidString.lowercased())", "import.accepted": "\(report.accepted)", "import.rejected": "\(report.rejected)",
            ])
        } catch is CarbonImportLease.Lost {
            // Another process failed the import after its lease expired; the end was recorded there.
            logger.warning("carbon import lease lost; stopped without recording an end", metadata: ["import": "\(job.id.uuidString.lowercased())"])
        } catch {
            let message = (error as? EcoError)?.message ?? "The import stopped: \(error)."
            try? await store.finishCarbonImport(id: job.id, status: .failed, error: message, atMs: clock.nowMs())
            metrics?.backgroundJobEnded(kind: "carbon_import", status: "failed")
            logger.warning("carbon import failed", metadata: ["import": "\(job.id.uuidString.lowercased())", "error": "\(error)"])
        }
    }

    /// Decodes and stores the body `rowsPerStep` rows at a time, recording progress and errors after each step;
    /// stops with `CarbonImportLease.Lost` at the first step after the lease was lost.
    func importSteps(_ body: [UInt8], id: UUID, caller: CarbonCaller, lease: CarbonImportLease) async throws -> CarbonIngestReport {
        try await ingest.ingestInSteps(body, format: .csv, caller: caller, rowsPerStep: rowsPerStep) { progress, _ in
            if lease.isLost { throw CarbonImportLease.Lost() }
            try await store.recordCarbonImportProgress(id: id, progress)
        }
    }

    /// Renews the import's lease every `heartbeat` until cancelled; marks `lease` lost when a renewal finds the
    /// import no longer this process's (it was failed after the lease expired).
    private func keepLease(of id: UUID, _ lease: CarbonImportLease) async {
        while true {
            do { try await Task.sleep(for: heartbeat) } catch { return }
            do {
                if try await store.renewCarbonImportLease(id: id, holder: holder, untilMs: clock.nowMs() + leaseMs) { continue }
                if Task.isCancelled { return }  // the import ended while the renewal ran
                lease.markLost()
                return
            } catch {
                // The store may be back before the lease runs out; keep trying.
                logger.warning("carbon import lease not renewed", metadata: ["import": "\(id.uuidString.lowercased())", "error": "\(error)"])
            }
        }
    }
}

/// Whether a running import's lease was lost, shared by its lease keeper and its steps.
final class CarbonImportLease: Sendable {
    /// Thrown by a step of an import whose lease was lost.
    struct Lost: Error {}

    private let lost = Atomic<Bool>(false)
    var isLost: Bool { lost.load(ordering: .acquiring) }
    func markLost() { lost.store(true, ordering: .releasing) }
}
