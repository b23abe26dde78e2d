import EcoCore
import Foundation

/// Storage of carbon intelligence (issue #14): activities, emission factor sets, each organization's
/// settings, targets, recommendations with their decisions, gap estimates and CSV import jobs.
///
/// Every write is committed before the call returns. Failures users can act on are `EcoError`s:
/// `conflict` for a change a published set or a decided recommendation does not allow.
public protocol CarbonStore: Sendable {
    // MARK: Activities

    /// Stores activities in one transaction. A record whose organization and client id match a stored
    /// one replaces it (records without a client id are always new). A measured (not estimated) record
    /// with a supplier removes that supplier's gap estimates whose period holds its time.
    func insertCarbonActivities(_ records: [CarbonActivityRecord]) async throws -> CarbonInsertSummary
    /// Activities matching `query`, oldest first (ties by id), with their ids.
    func carbonActivities(_ query: CarbonActivityQuery) async throws -> [CarbonActivityRecord]
    /// Every organization with at least one activity, sorted.
    func carbonOrganizations() async throws -> [String]

    // MARK: Factor sets and settings

    /// Stores a draft set with its factors, replacing the draft with the same id.
    /// - Throws: `EcoError.conflict` when that id is published, or another set has the same name and version.
    func saveCarbonFactorSetDraft(_ set: CarbonFactorSetRecord, factors: [CarbonFactorRow]) async throws
    /// Publishes a draft: from then on it never changes. Nil when no set has the id.
    /// - Throws: `EcoError.conflict` when it is already published.
    func publishCarbonFactorSet(id: String, atMs: Int64, by actor: String) async throws -> CarbonFactorSetRecord?
    /// Every stored set, newest first, without factors.
    func carbonFactorSets() async throws -> [CarbonFactorSetRecord]
    func carbonFactorSet(id: String) async throws -> CarbonFactorSetRecord?
    /// The factors of a set, in the order they were saved.
    func carbonFactorRows(setId: String) async throws -> [CarbonFactorRow]
    /// An organization's settings; nil when it never set any.
    func carbonSettings(organization: String) async throws -> CarbonSettingsRecord?
    /// Inserts or replaces an organization's settings.
    func saveCarbonSettings(_ settings: CarbonSettingsRecord) async throws

    // MARK: Targets

    /// Inserts a target, or replaces the organization's target with the same id.
    func saveCarbonTarget(_ target: CarbonTargetRecord) async throws
    /// An organization's targets, by target year then id.
    func carbonTargets(organization: String) async throws -> [CarbonTargetRecord]

    // MARK: Recommendations

    /// Records a new proposal for an organization, in one transaction: a proposed action whose key matches
    /// an open recommendation updates it (same id, new figures and rank); one matching a decided
    /// recommendation is left out (the decision stands); others are added as open. Open recommendations
    /// the proposal no longer contains are removed. Returns the organization's open recommendations by rank.
    func proposeCarbonRecommendations(_ proposals: [CarbonRecommendationRecord], organization: String, atMs: Int64) async throws
        -> [CarbonRecommendationRecord]
    /// An organization's recommendations (of some statuses, or all): open ones by rank, then decided ones, latest decision first.
    func carbonRecommendations(organization: String, statuses: Set<CarbonRecommendationStatus>?) async throws -> [CarbonRecommendationRecord]
    func carbonRecommendation(id: String) async throws -> CarbonRecommendationRecord?
    /// Moves a recommendation to `status` (only along `CarbonRecommendationStatus.next`), recording who, when and why.
    /// Nil when no recommendation has the id.
    /// - Throws: `EcoError.conflict` when the move is not allowed from its current status (checked in the same transaction).
    func decideCarbonRecommendation(id: String, status: CarbonRecommendationStatus, by actor: String, atMs: Int64, note: String?) async throws
        -> CarbonRecommendationRecord?

    // MARK: Gap estimates

    /// Replaces an organization's gap estimates whose period starts in [fromMs, toMs) with `estimates`.
    func replaceCarbonGapEstimates(organization: String, fromMs: Int64, toMs: Int64, with estimates: [CarbonGapEstimateRecord]) async throws
    /// An organization's gap estimates whose period starts in [fromMs, toMs), by supplier then period.
    func carbonGapEstimates(organization: String, fromMs: Int64, toMs: Int64) async throws -> [CarbonGapEstimateRecord]

    // MARK: Import jobs

    /// Queues an import with its CSV body.
    func enqueueCarbonImport(_ job: CarbonImportJob, body: [UInt8]) async throws
    /// Moves the oldest queued import to running, leases it to `holder` until `atMs + leaseMs`, and returns it
    /// with its body; nil when none is queued. Two claimers never get the same job.
    func claimNextCarbonImport(atMs: Int64, holder: String, leaseMs: Int64) async throws -> (job: CarbonImportJob, body: [UInt8])?
    /// Extends the lease of a running import held by `holder` to `untilMs`. False when the import is no longer
    /// running under that holder's lease (it ended, or it was failed after the lease expired): stop working on it.
    func renewCarbonImportLease(id: UUID, holder: String, untilMs: Int64) async throws -> Bool
    /// Records a running import's counts and appends its new row errors.
    func recordCarbonImportProgress(id: UUID, _ progress: CarbonImportProgress) async throws
    /// Ends a running import as succeeded or failed (with `error`) and drops its body.
    func finishCarbonImport(id: UUID, status: CarbonImportJob.Status, error: String?, atMs: Int64) async throws
    func carbonImport(id: UUID) async throws -> CarbonImportJob?
    /// Row errors of an import with an index above `afterIndex` (-1 for all), by index, at most `limit`.
    func carbonImportErrors(id: UUID, afterIndex: Int, limit: Int) async throws -> [RecordError]
    /// On startup and periodically: imports left running whose lease expired by `atMs` (their process died) fail
    /// with a sentence saying how far they got; imports with a live lease are left alone. Returns the failed ones.
    func failInterruptedCarbonImports(atMs: Int64) async throws -> [CarbonImportJob]
}
