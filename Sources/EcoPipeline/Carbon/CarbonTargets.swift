import EcoCarbon
import EcoCore
import EcoStore
import Foundation

/// A reduction target with the organization's progress in one year.
public struct CarbonTargetDocument: Encodable, Sendable {
    public struct Progress: Encodable, Sendable {
        public var year: Int
        /// kg CO2e accounted so far in the year, and that pace over the whole year while it is not over.
        public var actualToDateKg: Double
        public var projectedKg: Double
        public var complete: Bool
        /// What the straight-line pathway allows in the year, and projected − allowed (positive: behind).
        public var pathwayKg: Double
        public var gapKg: Double
        public var onTrack: Bool
        /// Base year − projected, and the cut the target asks for: the "saved vs goal" gauge.
        public var savedKg: Double
        public var goalKg: Double
        public var savedVsGoalPercent: Double
    }

    public var id: String
    public var name: String
    public var baseYear: Int
    public var baseYearKg: Double
    public var targetYear: Int
    public var reductionPercent: Double
    /// The same cut as a straight yearly rate of the base year (4.2 for the SBTi 1.5 °C pathway).
    public var annualPercent: Double
    public var createdAt: String
    public var createdBy: String
    public var progress: Progress
}

/// What `POST /api/v1/carbon/targets` takes: base and target years, and either the total `reductionPercent`
/// or `annualPercent` (linear; 4.2 is the SBTi cross-sector 1.5 °C pathway). Without `baseYearKg` the base
/// year's emissions are accounted from the stored activities.
public struct CarbonTargetRequest: Decodable, Sendable {
    public var id: String?
    public var name: String?
    public var baseYear: Int
    public var baseYearKg: Double?
    public var targetYear: Int
    public var reductionPercent: Double?
    public var annualPercent: Double?
}

/// Reduction targets and progress against them.
public struct CarbonTargets: Sendable {
    let store: any CarbonStore
    let ledger: CarbonLedger
    let clock: WallClock

    /// The organization's targets with their progress in `year` (default: this year).
    public func list(_ organization: String, year: Int?) async throws -> [CarbonTargetDocument] {
        let year = year ?? Self.year(of: clock.nowMs())
        guard (1990...2100).contains(year) else { throw EcoError.badRequest("'year' must be 1990 … 2100.") }
        let records = try await store.carbonTargets(organization: organization)
        guard !records.isEmpty else { return [] }
        let (actual, elapsed) = try await emissions(organization, year: year)
        return try records.map { try Self.document($0, year: year, actualKg: actual, elapsedShare: elapsed) }
    }

    /// Stores a target (replacing the one with the same id) and returns it with this year's progress.
    public func set(_ organization: String, _ request: CarbonTargetRequest, actor: String) async throws -> CarbonTargetDocument {
        guard (1990...2100).contains(request.baseYear), (1990...2100).contains(request.targetYear) else {
            throw EcoError.invalidArgument("baseYear and targetYear must be years 1990 … 2100, e.g. baseYear 2024, targetYear 2030.")
        }
        guard request.targetYear > request.baseYear else {
            throw EcoError.invalidArgument("The target year (\(request.targetYear)) must come after the base year (\(request.baseYear)).")
        }
        var baseKg = request.baseYearKg
        if baseKg == nil {
            let (kg, elapsed) = try await emissions(organization, year: request.baseYear)
            guard kg > 0, elapsed >= 1 else {
                throw EcoError.invalidArgument("\(organization) has \(kg > 0 ? "only part of a year" : "no activities") in \(request.baseYear); send baseYearKg (kg CO2e of the base year) or pick a complete year.")
            }
            baseKg = kg
        }
        let target = try carbon { () throws(CarbonError) -> ReductionTarget in
            switch (request.reductionPercent, request.annualPercent) {
            case let (percent?, nil):
                return try ReductionTarget(organization: organization, baseYear: request.baseYear, baseYearKg: baseKg ?? 0,
                                           targetYear: request.targetYear, reductionPercent: percent)
            case let (nil, annual?):
                guard annual > 0, annual <= 100 else { throw .invalidRequest("annualPercent must be in (0, 100], e.g. 4.2.") }
                return try ReductionTarget.linear(organization: organization, baseYear: request.baseYear, baseYearKg: baseKg ?? 0,
                                                  targetYear: request.targetYear, annualPercent: annual)
            default:
                throw .invalidRequest("Send either reductionPercent (e.g. 42 for −42 % by the target year) or annualPercent (e.g. 4.2 for the SBTi 1.5 °C pathway), not both or neither.")
            }
        }
        let id = request.id ?? "\(request.baseYear)-\(request.targetYear)"
        guard !id.isEmpty, id.count <= 100, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw EcoError.invalidArgument("id '\(id)' must be 1 to 100 letters, digits, - or _, e.g. sbti-2030.")
        }
        let record = CarbonTargetRecord(
            organization: organization, id: id, name: request.name ?? "Reduce \(NumberText.short(target.reductionPercent)) % by \(target.targetYear)",
            baseYear: target.baseYear, baseYearKg: target.baseYearKg, targetYear: target.targetYear, reductionPercent: target.reductionPercent,
            createdAtMs: clock.nowMs(), createdBy: actor)
        try await store.saveCarbonTarget(record)
        let year = Self.year(of: clock.nowMs())
        let (actual, elapsed) = try await emissions(organization, year: year)
        return try Self.document(record, year: year, actualKg: actual, elapsedShare: elapsed)
    }

    /// The year's accounted kg CO2e so far (location-based) and the share of the year elapsed (1 when over).
    private func emissions(_ organization: String, year: Int) async throws -> (kg: Double, elapsed: Double) {
        let start = Int64(CivilDate.days(year: year, month: 1, day: 1)) * 86_400_000
        let end = Int64(CivilDate.days(year: year + 1, month: 1, day: 1)) * 86_400_000
        let now = clock.nowMs()
        guard now > start else { return (0, 0) }
        let period = try await ledger.load(organization, fromMs: start, toMs: min(end, now))
        return (period.result.totalLocationKg, min(1, Double(now - start) / Double(end - start)))
    }

    static func target(_ r: CarbonTargetRecord) throws(EcoError) -> ReductionTarget {
        try carbon { () throws(CarbonError) in
            try ReductionTarget(organization: r.organization, baseYear: r.baseYear, baseYearKg: r.baseYearKg, targetYear: r.targetYear,
                                reductionPercent: r.reductionPercent)
        }
    }

    static func document(_ r: CarbonTargetRecord, year: Int, actualKg: Double, elapsedShare: Double) throws(EcoError) -> CarbonTargetDocument {
        let target = try target(r)
        let projected = elapsedShare > 0 ? actualKg / elapsedShare : 0
        let p = target.progress(year: year, actualKg: projected)
        return CarbonTargetDocument(
            id: r.id, name: r.name, baseYear: r.baseYear, baseYearKg: r.baseYearKg, targetYear: r.targetYear, reductionPercent: r.reductionPercent,
            annualPercent: r.reductionPercent / Double(r.targetYear - r.baseYear), createdAt: Timestamp.format(ms: r.createdAtMs), createdBy: r.createdBy,
            progress: .init(year: year, actualToDateKg: actualKg, projectedKg: projected, complete: elapsedShare >= 1, pathwayKg: p.pathwayKg,
                            gapKg: p.gapKg, onTrack: p.onTrack, savedKg: p.savedKg, goalKg: p.goalKg, savedVsGoalPercent: p.savedVsGoalPercent))
    }

    static func year(of ms: Int64) -> Int { CivilDate.date(fromDays: Int(ms / 86_400_000)).year }
}
