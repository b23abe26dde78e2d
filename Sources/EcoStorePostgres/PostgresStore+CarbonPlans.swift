import EcoCore
import EcoStore
import Foundation
import Logging
import PostgresNIO

// Targets, recommendations (with their decisions) and gap estimates. A proposal for an organization
// runs under an advisory lock of that organization, so two processes proposing at once apply one
// after the other instead of racing on new keys.
extension PostgresStore {
    public func saveCarbonTarget(_ target: CarbonTargetRecord) async throws {
        try await database.execute("""
            INSERT INTO carbon_targets (organization, id, name, base_year, base_year_kg, target_year, reduction_percent, created_at, created_by)
            VALUES (\(target.organization), \(target.id), \(target.name), \(target.baseYear), \(target.baseYearKg), \(target.targetYear),
                    \(target.reductionPercent), \(target.createdAtMs), \(target.createdBy))
            ON CONFLICT (organization, id) DO UPDATE SET name = excluded.name, base_year = excluded.base_year, base_year_kg = excluded.base_year_kg,
                target_year = excluded.target_year, reduction_percent = excluded.reduction_percent, created_at = excluded.created_at,
                created_by = excluded.created_by
            """)
    }

    public func carbonTargets(organization: String) async throws -> [CarbonTargetRecord] {
        try await database.rows("""
            SELECT organization, id, name, base_year, base_year_kg, target_year, reduction_percent, created_at, created_by
            FROM carbon_targets WHERE organization = \(organization) ORDER BY target_year, id
            """) { row in
            let (organization, id, name, baseYear, baseKg, targetYear, percent, createdAt, createdBy) =
                try row.decode((String, String, String, Int, Double, Int, Double, Int64, String).self)
            return CarbonTargetRecord(organization: organization, id: id, name: name, baseYear: baseYear, baseYearKg: baseKg, targetYear: targetYear,
                                      reductionPercent: percent, createdAtMs: createdAt, createdBy: createdBy)
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
        let logger = database.logger
        return try await database.transaction { connection in
            _ = try await connection.collect("SELECT pg_advisory_xact_lock(hashtext(\("carbon-recommendations:" + organization)))", logger: logger)
            let existing = try await Self.readRecommendations(connection, organization: organization, logger: logger)
            let byKey = Dictionary(existing.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            var kept = Set<String>()
            for (k, p) in proposals.enumerated() where p.organization == organization {
                let stored = byKey[p.key]
                guard stored == nil || stored?.status == .open, kept.insert(p.key).inserted else { continue }
                try await connection.run("""
                    INSERT INTO carbon_recommendations (\(unescaped: Self.recommendationColumns))
                    VALUES (\(stored?.id ?? p.id), \(organization), \(p.key), \(p.rank), \(p.title), \(p.leverJSON), \(p.impactKg), \(p.impactMarketKg),
                            \(p.costEstimate), \(p.currency), \(p.costBasis), \(p.costPerTonne), \(p.feasibility), \(p.feasibilityReason), \(evidence[k]),
                            \(p.fromMs), \(p.toMs), 'open', \(stored?.createdAtMs ?? atMs), \(atMs), NULL, NULL, NULL)
                    ON CONFLICT (id) DO UPDATE SET organization = excluded.organization, key = excluded.key, rank = excluded.rank,
                        title = excluded.title, lever = excluded.lever, impact_kg = excluded.impact_kg, impact_market_kg = excluded.impact_market_kg,
                        cost_estimate = excluded.cost_estimate, currency = excluded.currency, cost_basis = excluded.cost_basis,
                        cost_per_tonne = excluded.cost_per_tonne, feasibility = excluded.feasibility, feasibility_reason = excluded.feasibility_reason,
                        evidence = excluded.evidence, from_t = excluded.from_t, to_t = excluded.to_t, status = 'open',
                        created_at = excluded.created_at, updated_at = excluded.updated_at, decided_by = NULL, decided_at = NULL, note = NULL
                    """, logger: logger)
            }
            let stale = existing.filter { $0.status == .open && !kept.contains($0.key) }.map(\.id)
            if !stale.isEmpty {
                try await connection.run("DELETE FROM carbon_recommendations WHERE id = ANY(\(stale)::text[])", logger: logger)
            }
            return try await Self.readRecommendations(connection, organization: organization, logger: logger).filter { $0.status == .open }
        }
    }

    public func carbonRecommendations(organization: String, statuses: Set<CarbonRecommendationStatus>?) async throws
        -> [CarbonRecommendationRecord] {
        try await database.connection { connection in
            try await Self.readRecommendations(connection, organization: organization, logger: self.database.logger)
                .filter { statuses?.contains($0.status) ?? true }
        }
    }

    public func carbonRecommendation(id: String) async throws -> CarbonRecommendationRecord? {
        try await database.rows("SELECT \(unescaped: Self.recommendationColumns) FROM carbon_recommendations WHERE id = \(id)", Self.readRecommendation)
            .first
    }

    public func decideCarbonRecommendation(id: String, status: CarbonRecommendationStatus, by actor: String, atMs: Int64, note: String?)
        async throws -> CarbonRecommendationRecord? {
        let logger = database.logger
        return try await database.transaction { connection in
            guard let stored = try await connection.collect("""
                SELECT \(unescaped: Self.recommendationColumns) FROM carbon_recommendations WHERE id = \(id) FOR UPDATE
                """, logger: logger).first.map(Self.readRecommendation) else { return nil }
            guard stored.status.next.contains(status) else {
                let allowed = stored.status.next.map(\.rawValue).sorted()
                throw EcoError.conflict("Recommendation \(id) is \(stored.status.rawValue); it can \(allowed.isEmpty ? "no longer change" : "only become \(allowed.joined(separator: " or "))"), not \(status.rawValue).")
            }
            return try await connection.collect("""
                UPDATE carbon_recommendations SET status = \(status.rawValue), decided_by = \(actor), decided_at = \(atMs), note = \(note), updated_at = \(atMs)
                WHERE id = \(id) RETURNING \(unescaped: Self.recommendationColumns)
                """, logger: logger).first.map(Self.readRecommendation)
        }
    }

    /// An organization's recommendations: open ones by rank, then decided ones, latest decision first (SQLite's order:
    /// nulls first ascending, last descending).
    private static func readRecommendations(_ connection: PostgresConnection, organization: String, logger: Logger) async throws
        -> [CarbonRecommendationRecord] {
        try await connection.collect("""
            SELECT \(unescaped: recommendationColumns) FROM carbon_recommendations WHERE organization = \(organization)
            ORDER BY status <> 'open', CASE WHEN status = 'open' THEN rank END NULLS FIRST, decided_at DESC NULLS LAST, id
            """, logger: logger).map(readRecommendation)
    }

    private static func readRecommendation(_ row: PostgresRow) throws -> CarbonRecommendationRecord {
        let c = row.makeRandomAccess()
        let evidence = (try? JSONDecoder().decode([String].self, from: Data(try c[14].decode(String.self).utf8))) ?? []
        return CarbonRecommendationRecord(
            id: try c[0].decode(String.self), organization: try c[1].decode(String.self), key: try c[2].decode(String.self),
            rank: try c[3].decode(Int.self), title: try c[4].decode(String.self), leverJSON: try c[5].decode(String.self),
            impactKg: try c[6].decode(Double.self), impactMarketKg: try c[7].decode(Double.self), costEstimate: try c[8].decode(Double.self),
            currency: try c[9].decode(String.self), costBasis: try c[10].decode(String.self), costPerTonne: try c[11].decode(Double?.self),
            feasibility: try c[12].decode(Double.self), feasibilityReason: try c[13].decode(String.self), evidence: evidence,
            fromMs: try c[15].decode(Int64.self), toMs: try c[16].decode(Int64.self),
            status: CarbonRecommendationStatus(rawValue: try c[17].decode(String.self)) ?? .open, createdAtMs: try c[18].decode(Int64.self),
            updatedAtMs: try c[19].decode(Int64.self), decidedBy: try c[20].decode(String?.self), decidedAtMs: try c[21].decode(Int64?.self),
            note: try c[22].decode(String?.self))
    }

    // MARK: Gap estimates

    public func replaceCarbonGapEstimates(organization: String, fromMs: Int64, toMs: Int64, with estimates: [CarbonGapEstimateRecord]) async throws {
        let own = estimates.filter { $0.organization == organization }
        try await database.transaction { connection in
            try await connection.run("""
                DELETE FROM carbon_gap_estimates WHERE organization = \(organization) AND period_start >= \(fromMs) AND period_start < \(toMs)
                """, logger: database.logger)
            guard !own.isEmpty else { return }
            try await connection.run("""
                INSERT INTO carbon_gap_estimates (organization, supplier, period_start, period_end, kg, low_kg, high_kg, method, created_at)
                SELECT \(organization), * FROM unnest(\(own.map(\.supplier))::text[], \(own.map(\.periodStartMs))::bigint[], \(own.map(\.periodEndMs))::bigint[],
                    \(own.map(\.kg))::float8[], \(own.map(\.lowKg))::float8[], \(own.map(\.highKg))::float8[], \(own.map(\.method))::text[],
                    \(own.map(\.createdAtMs))::bigint[])
                ON CONFLICT (organization, supplier, period_start) DO UPDATE SET period_end = excluded.period_end, kg = excluded.kg,
                    low_kg = excluded.low_kg, high_kg = excluded.high_kg, method = excluded.method, created_at = excluded.created_at
                """, logger: database.logger)
        }
    }

    public func carbonGapEstimates(organization: String, fromMs: Int64, toMs: Int64) async throws -> [CarbonGapEstimateRecord] {
        try await database.rows("""
            SELECT organization, supplier, period_start, period_end, kg, low_kg, high_kg, method, created_at FROM carbon_gap_estimates
            WHERE organization = \(organization) AND period_start >= \(fromMs) AND period_start < \(toMs) ORDER BY supplier, period_start
            """) { row in
            let (organization, supplier, start, end, kg, low, high, method, createdAt) =
                try row.decode((String, String, Int64, Int64, Double, Double, Double, String, Int64).self)
            return CarbonGapEstimateRecord(organization: organization, supplier: supplier, periodStartMs: start, periodEndMs: end, kg: kg, lowKg: low,
                                           highKg: high, method: method, createdAtMs: createdAt)
        }
    }
}
