import EcoCarbon
import EcoCore
import EcoStore
import Foundation

/// A recommendation as the API shows it.
public struct CarbonRecommendationDocument: Encodable, Sendable, Equatable {
    public var id: String
    public var organization: String
    public var rank: Int
    public var title: String
    public var lever: JSONValue
    public var impactKg: Double
    public var impactMarketKg: Double
    public var costEstimate: Double
    public var currency: String
    public var costBasis: String
    public var costPerTonne: Double?
    public var feasibility: Double
    public var feasibilityReason: String
    public var evidence: [String]
    public var from: String
    public var to: String
    public var status: String
    public var createdAt: String
    public var updatedAt: String
    public var decidedBy: String?
    public var decidedAt: String?
    public var note: String?

    init(_ r: CarbonRecommendationRecord) {
        (id, organization, rank, title) = (r.id, r.organization, r.rank, r.title)
        lever = JSONValue.parse(r.leverJSON) ?? .null
        (impactKg, impactMarketKg, costEstimate, currency, costBasis, costPerTonne) = (r.impactKg, r.impactMarketKg, r.costEstimate, r.currency, r.costBasis, r.costPerTonne)
        (feasibility, feasibilityReason, evidence) = (r.feasibility, r.feasibilityReason, r.evidence)
        (from, to, status) = (Timestamp.format(ms: r.fromMs), Timestamp.format(ms: r.toMs), r.status.rawValue)
        (createdAt, updatedAt) = (Timestamp.format(ms: r.createdAtMs), Timestamp.format(ms: r.updatedAtMs))
        (decidedBy, decidedAt, note) = (r.decidedBy, r.decidedAtMs.map { Timestamp.format(ms: $0) }, r.note)
    }
}

/// Recommendations: proposed by EcoCarbon's rules engine from hotspots and simulations over the recent
/// window, kept in the store with their decisions; approve, dismiss and done are recorded in the audit log.
public struct CarbonRecommendations: Sendable {
    let store: any CarbonStore & AuthStore
    let hotspots: CarbonHotspots
    let clock: WallClock

    /// Proposes recommendations from a hotspot scan and stores them; returns the open ones by rank.
    @discardableResult
    func propose(_ scan: CarbonHotspotScan) async throws -> [CarbonRecommendationRecord] {
        let period = scan.period
        let filter = RowFilter(fromMs: scan.recentFromMs, toMs: scan.recentToMs, organization: scan.organization)
        let simulator = Simulator(table: period.table, baseline: period.result, index: period.index)
        let proposals = Recommender(costs: period.settings.costs).recommend(simulator, hotspots: scan.hotspots, filter: filter)
        let now = clock.nowMs()
        let records = proposals.map { r in
            let lever = LeverJSON.encode(r.lever).text
            return CarbonRecommendationRecord(
                id: UUID().uuidString.lowercased(), organization: scan.organization, key: lever, rank: r.rank, title: r.title, leverJSON: lever,
                impactKg: r.impactKg, impactMarketKg: r.impactMarketKg, costEstimate: r.costEstimate, currency: r.currency, costBasis: r.costBasis,
                costPerTonne: r.costPerTonne, feasibility: r.feasibility, feasibilityReason: r.feasibilityReason, evidence: r.evidence,
                fromMs: scan.recentFromMs, toMs: scan.recentToMs, createdAtMs: now, updatedAtMs: now)
        }
        return try await store.proposeCarbonRecommendations(records, organization: scan.organization, atMs: now)
    }

    /// Scans the `days` before now for hotspots and proposes recommendations from them.
    public func refresh(_ organization: String, days: Int) async throws -> [CarbonRecommendationDocument] {
        let scan = try await hotspots.scan(organization, days: days, toMs: clock.nowMs())
        return try await propose(scan).map(CarbonRecommendationDocument.init)
    }

    public func list(_ organization: String, statuses: Set<CarbonRecommendationStatus>?) async throws -> [CarbonRecommendationDocument] {
        try await store.carbonRecommendations(organization: organization, statuses: statuses).map(CarbonRecommendationDocument.init)
    }

    /// Moves a recommendation to `status` on behalf of `caller` and records the decision in the audit log.
    /// - Parameter readable: organizations whose recommendations the caller may see (nil: all).
    /// - Throws: `notFound` (also for another organization's recommendation), `conflict` for a move its status does not allow.
    public func decide(id: String, status: CarbonRecommendationStatus, note: String?, caller: CarbonCaller, readable: Set<String>?) async throws
        -> CarbonRecommendationDocument {
        if let note, note.count > 2_000 { throw EcoError.badRequest("'note' is longer than 2,000 characters; keep it to a short reason.") }
        guard let current = try await store.carbonRecommendation(id: id), readable?.contains(current.organization) ?? true else {
            throw EcoError.notFound("No recommendation has the id '\(id)'; GET /api/v1/carbon/recommendations lists yours.")
        }
        let now = clock.nowMs()
        let decided: CarbonRecommendationRecord?
        do {
            decided = try await store.decideCarbonRecommendation(id: id, status: status, by: caller.actor, atMs: now, note: note)
        } catch let error as EcoError {
            _ = try? await store.appendAudit(entry(current, caller: caller, status: status, outcome: "failure", detail: error.message, atMs: now))
            throw error
        }
        guard let decided else { throw EcoError.notFound("Recommendation \(id) disappeared meanwhile.") }
        let detail = "\(current.title) (\(NumberText.short(current.impactKg)) kg CO2e over the period)\(note.map { "; note: \($0)" } ?? "")"
        _ = try await store.appendAudit(entry(current, caller: caller, status: status, outcome: "success", detail: detail, atMs: now))
        return CarbonRecommendationDocument(decided)
    }

    private func entry(_ r: CarbonRecommendationRecord, caller: CarbonCaller, status: CarbonRecommendationStatus, outcome: String, detail: String,
                       atMs: Int64) -> AuditEntry {
        AuditEntry(atMs: atMs, actor: caller.actor, actorEmail: caller.email, action: "carbon.recommendation.\(status.rawValue)",
                   target: "\(r.organization)/\(r.id)", clientIP: caller.clientIP, outcome: outcome, detail: detail)
    }
}
