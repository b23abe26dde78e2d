import EcoCore
import EcoStore
import Foundation

// Targets, recommendations (with their decisions) and gap estimates.
extension SQLiteStore {
    public func saveCarbonTarget(_ target: CarbonTargetRecord) async throws {
        try await writer.submit { db in
            let upsert = try db.statement("""
                INSERT OR REPLACE INTO carbon_targets
                    (organization, id, name, base_year, base_year_kg, target_year, reduction_percent, created_at, created_by)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """)
            upsert.bind(1, target.organization).bind(2, target.id).bind(3, target.name).bind(4, Int64(target.baseYear))
                .bind(5, target.baseYearKg).bind(6, Int64(target.targetYear)).bind(7, target.reductionPercent)
                .bind(8, target.createdAtMs).bind(9, target.createdBy)
            try upsert.run()
            return ((), afterCommit: nil)
        }
    }

    public func carbonTargets(organization: String) async throws -> [CarbonTargetRecord] {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT organization, id, name, base_year, base_year_kg, target_year, reduction_percent, created_at, created_by
                FROM carbon_targets WHERE organization = ?1 ORDER BY target_year, id
                """)
            query.bind(1, organization)
            defer { query.reset() }
            var targets: [CarbonTargetRecord] = []
            while try query.step() {
                targets.append(CarbonTargetRecord(
                    organization: query.string(0), id: query.string(1), name: query.string(2), baseYear: Int(query.int64(3)),
                    baseYearKg: query.double(4), targetYear: Int(query.int64(5)), reductionPercent: query.double(6),
                    createdAtMs: query.int64(7), createdBy: query.string(8)))
            }
            return targets
        }
    }

    // MARK: Recommendations

    private static let recommendationColumns = """
        id, organization, key, rank, title, lever, impact_kg, impact_market_kg, cost_estimate, currency, cost_basis, cost_per_tonne, \
        feasibility, feasibility_reason, evidence, from_t, to_t, status, created_at, updated_at, decided_by, decided_at, note
        """

    public func proposeCarbonRecommendations(_ proposals: [CarbonRecommendationRecord], organization: String, atMs: Int64) async throws
        -> [CarbonRecommendationRecord] {
        let evidence = try proposals.map { try Self.json($0.evidence) }
        return try await writer.submit { db in
            let existing = try Self.readRecommendations(db, organization: organization, statuses: nil)
            let byKey = Dictionary(existing.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            var kept = Set<String>()
            let upsert = try db.statement("""
                INSERT OR REPLACE INTO carbon_recommendations (\(Self.recommendationColumns))
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 'open', ?18, ?19, NULL, NULL, NULL)
                """)
            for (k, proposal) in proposals.enumerated() where proposal.organization == organization {
                let stored = byKey[proposal.key]
                guard stored == nil || stored?.status == .open, kept.insert(proposal.key).inserted else { continue }
                upsert.reset()
                upsert.bind(1, stored?.id ?? proposal.id).bind(2, organization).bind(3, proposal.key).bind(4, Int64(proposal.rank))
                    .bind(5, proposal.title).bind(6, proposal.leverJSON).bind(7, proposal.impactKg).bind(8, proposal.impactMarketKg)
                    .bind(9, proposal.costEstimate).bind(10, proposal.currency).bind(11, proposal.costBasis).bind(12, proposal.costPerTonne)
                    .bind(13, proposal.feasibility).bind(14, proposal.feasibilityReason).bind(15, evidence[k]).bind(16, proposal.fromMs)
                    .bind(17, proposal.toMs).bind(18, stored?.createdAtMs ?? atMs).bind(19, atMs)
                try upsert.run()
            }
            upsert.reset()
            let stale = try db.statement("DELETE FROM carbon_recommendations WHERE id = ?1")
            for old in existing where old.status == .open && !kept.contains(old.key) {
                stale.reset()
                stale.bind(1, old.id)
                try stale.run()
            }
            stale.reset()
            return (try Self.readRecommendations(db, organization: organization, statuses: [.open]), afterCommit: nil)
        }
    }

    public func carbonRecommendations(organization: String, statuses: Set<CarbonRecommendationStatus>?) async throws
        -> [CarbonRecommendationRecord] {
        try await readers.read { db in try Self.readRecommendations(db, organization: organization, statuses: statuses) }
    }

    public func carbonRecommendation(id: String) async throws -> CarbonRecommendationRecord? {
        try await readers.read { db in try Self.readRecommendation(db, id: id) }
    }

    public func decideCarbonRecommendation(id: String, status: CarbonRecommendationStatus, by actor: String, atMs: Int64, note: String?)
        async throws -> CarbonRecommendationRecord? {
        try await writer.submit { db in
            guard let stored = try Self.readRecommendation(db, id: id) else { return (nil, afterCommit: nil) }
            guard stored.status.next.contains(status) else {
                let allowed = stored.status.next.map(\.rawValue).sorted()
                throw EcoError.conflict("Recommendation \(id) is \(stored.status.rawValue); it can \(allowed.isEmpty ? "no longer change" : "only become \(allowed.joined(separator: " or "))"), not \(status.rawValue).")
            }
            let update = try db.statement("""
                UPDATE carbon_recommendations SET status = ?2, decided_by = ?3, decided_at = ?4, note = ?5, updated_at = ?4 WHERE id = ?1
                """)
            update.bind(1, id).bind(2, status.rawValue).bind(3, actor).bind(4, atMs).bind(5, note)
            try update.run()
            return (try Self.readRecommendation(db, id: id), afterCommit: nil)
        }
    }

    private static func readRecommendations(_ db: SQLiteConnection, organization: String, statuses: Set<CarbonRecommendationStatus>?) throws
        -> [CarbonRecommendationRecord] {
        let query = try db.statement("""
            SELECT \(recommendationColumns) FROM carbon_recommendations WHERE organization = ?1
            ORDER BY status <> 'open', CASE WHEN status = 'open' THEN rank END, decided_at DESC, id
            """)
        query.bind(1, organization)
        defer { query.reset() }
        var records: [CarbonRecommendationRecord] = []
        while try query.step() {
            let record = recommendation(query)
            if statuses?.contains(record.status) ?? true { records.append(record) }
        }
        return records
    }

    private static func readRecommendation(_ db: SQLiteConnection, id: String) throws -> CarbonRecommendationRecord? {
        let query = try db.statement("SELECT \(recommendationColumns) FROM carbon_recommendations WHERE id = ?1")
        query.bind(1, id)
        defer { query.reset() }
        return try query.step() ? recommendation(query) : nil
    }

    private static func recommendation(_ q: SQLiteStatement) -> CarbonRecommendationRecord {
        let evidence = (try? JSONDecoder().decode([String].self, from: Data(q.string(14).utf8))) ?? []
        return CarbonRecommendationRecord(
            id: q.string(0), organization: q.string(1), key: q.string(2), rank: Int(q.int64(3)), title: q.string(4), leverJSON: q.string(5),
            impactKg: q.double(6), impactMarketKg: q.double(7), costEstimate: q.double(8), currency: q.string(9), costBasis: q.string(10),
            costPerTonne: q.optionalDouble(11), feasibility: q.double(12), feasibilityReason: q.string(13), evidence: evidence,
            fromMs: q.int64(15), toMs: q.int64(16), status: CarbonRecommendationStatus(rawValue: q.string(17)) ?? .open,
            createdAtMs: q.int64(18), updatedAtMs: q.int64(19), decidedBy: q.isNull(20) ? nil : q.string(20),
            decidedAtMs: q.isNull(21) ? nil : q.int64(21), note: q.isNull(22) ? nil : q.string(22))
    }

    // MARK: Gap estimates

    public func replaceCarbonGapEstimates(organization: String, fromMs: Int64, toMs: Int64, with estimates: [CarbonGapEstimateRecord]) async throws {
        try await writer.submit { db in
            let clear = try db.statement("DELETE FROM carbon_gap_estimates WHERE organization = ?1 AND period_start >= ?2 AND period_start < ?3")
            clear.bind(1, organization).bind(2, fromMs).bind(3, toMs)
            try clear.run()
            let insert = try db.statement("""
                INSERT OR REPLACE INTO carbon_gap_estimates
                    (organization, supplier, period_start, period_end, kg, low_kg, high_kg, method, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """)
            for estimate in estimates where estimate.organization == organization {
                insert.reset()
                insert.bind(1, organization).bind(2, estimate.supplier).bind(3, estimate.periodStartMs).bind(4, estimate.periodEndMs)
                    .bind(5, estimate.kg).bind(6, estimate.lowKg).bind(7, estimate.highKg).bind(8, estimate.method).bind(9, estimate.createdAtMs)
                try insert.run()
            }
            insert.reset()
            return ((), afterCommit: nil)
        }
    }

    public func carbonGapEstimates(organization: String, fromMs: Int64, toMs: Int64) async throws -> [CarbonGapEstimateRecord] {
        try await readers.read { db in
            let query = try db.statement("""
                SELECT organization, supplier, period_start, period_end, kg, low_kg, high_kg, method, created_at FROM carbon_gap_estimates
                WHERE organization = ?1 AND period_start >= ?2 AND period_start < ?3 ORDER BY supplier, period_start
                """)
            query.bind(1, organization).bind(2, fromMs).bind(3, toMs)
            defer { query.reset() }
            var estimates: [CarbonGapEstimateRecord] = []
            while try query.step() {
                estimates.append(CarbonGapEstimateRecord(
                    organization: query.string(0), supplier: query.string(1), periodStartMs: query.int64(2), periodEndMs: query.int64(3),
                    kg: query.double(4), lowKg: query.double(5), highKg: query.double(6), method: query.string(7), createdAtMs: query.int64(8)))
            }
            return estimates
        }
    }
}
