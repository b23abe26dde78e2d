import EcoCarbon
import EcoCore

/// A what-if request: levers applied to an organization's activities in a window (optionally one
/// supplier's or facility's). Nothing is written.
public struct SimulationRequest: Sendable {
    public var name: String
    public var levers: [Lever]
    public var window: CarbonWindow
    public var supplier: String?
    public var facility: String?

    /// Reads `{"name", "levers": [{"type": …}], "from", "to", "supplier", "facility"}`; the window defaults to the last 30 days.
    public static func parse(_ body: JSONValue, nowMs: Int64) throws(EcoError) -> SimulationRequest {
        guard case let .object(fields) = body else {
            throw .badRequest("The body must be a JSON object: {\"levers\": [{\"type\": \"shiftMode\", \"from\": \"road\", \"to\": \"rail\", \"share\": 0.3}]}.")
        }
        guard case let .array(items)? = fields["levers"], !items.isEmpty else {
            throw .invalidArgument("levers is missing or empty; send at least one, e.g. [{\"type\": \"shiftMode\", \"from\": \"road\", \"to\": \"rail\", \"share\": 0.3}]. Types: \(LeverJSON.types.joined(separator: ", ")).")
        }
        guard items.count <= 20 else { throw .invalidArgument("levers holds \(items.count) levers; a scenario takes at most 20.") }
        var levers: [Lever] = []
        for (k, item) in items.enumerated() {
            let lever = try LeverJSON.decode(item, position: k)
            do { try lever.validate() } catch { throw .invalidArgument("levers[\(k)]: \(error.message)") }
            levers.append(lever)
        }
        func text(_ name: String) -> String? { if case let .string(value)? = fields[name] { value } else { nil } }
        func time(_ name: String) throws(EcoError) -> Int64? {
            switch fields[name] {
            case nil, .null?: return nil
            case let .number(ms)?:
                guard ms.isFinite, ms == ms.rounded(), abs(ms) < 1e15 else { throw .badRequest("'\(name)' must be whole epoch milliseconds or RFC 3339.") }
                return Int64(ms)
            case let .string(text)?:
                guard let ms = Timestamp.parse(text) else { throw .badRequest("'\(name)' must be an RFC 3339 time or epoch milliseconds; got '\(text)'.") }
                return ms
            default: throw .badRequest("'\(name)' must be an RFC 3339 time or epoch milliseconds.")
            }
        }
        return SimulationRequest(
            name: text("name") ?? "what-if", levers: levers,
            window: try CarbonWindow.resolve(from: try time("from"), to: try time("to"), defaultDays: 30, nowMs: nowMs),
            supplier: text("supplier"), facility: text("facility"))
    }
}

/// Baseline vs scenario as the API shows it.
public struct SimulationDocument: Encodable, Sendable {
    public struct Effect: Encodable, Sendable {
        public var lever: JSONValue
        public var summary: String
        public var affectedActivities: Int
        public var notApplicable: Int
        public var note: String?
        public var deltaKg: Double
        public var deltaMarketKg: Double
    }

    public struct ScopeLine: Encodable, Sendable {
        public var label: String
        public var baselineKg: Double
        public var scenarioKg: Double
        public var baselineMarketKg: Double
        public var scenarioMarketKg: Double
    }

    public struct FactorUsed: Encodable, Sendable {
        public var side: String
        public var factorId: String
        public var subject: String
        public var region: String
        public var unit: String
        public var kgCO2ePerUnit: Double
        public var source: String
    }

    public var organization: String
    public var scenario: String
    public var from: String
    public var to: String
    public var baselineKg: Double
    public var scenarioKg: Double
    public var deltaKg: Double
    public var deltaPercent: Double
    public var baselineMarketKg: Double
    public var scenarioMarketKg: Double
    public var deltaMarketKg: Double
    public var levers: [Effect]
    public var byScope: [ScopeLine]
    public var factorsUsed: [FactorUsed]
    public var basis: CarbonBasis
    /// Always true: a simulation writes nothing.
    public var dryRun: Bool
}

/// What-if simulation (EcoCarbon's `Simulator`) over stored activities; nothing is written.
public struct CarbonSimulation: Sendable {
    let ledger: CarbonLedger

    public func simulate(_ organization: String, _ request: SimulationRequest) async throws -> SimulationDocument {
        let period = try await ledger.load(organization, fromMs: request.window.fromMs, toMs: request.window.toMs)
        guard period.table.count > 0 else {
            throw EcoError.invalidArgument("\(organization) has no activities between \(Timestamp.format(ms: request.window.fromMs)) and \(Timestamp.format(ms: request.window.toMs)); widen from/to or ingest activities first.")
        }
        let filter = RowFilter(fromMs: request.window.fromMs, toMs: request.window.toMs, organization: organization,
                               supplier: request.supplier, facility: request.facility)
        let result = try carbon { () throws(CarbonError) in
            try Simulator(table: period.table, baseline: period.result, index: period.index)
                .simulate(Scenario(name: request.name, levers: request.levers), filter: filter)
        }
        return SimulationDocument(
            organization: organization, scenario: result.scenario, from: Timestamp.format(ms: request.window.fromMs),
            to: Timestamp.format(ms: request.window.toMs), baselineKg: result.baselineKg, scenarioKg: result.scenarioKg, deltaKg: result.deltaKg,
            deltaPercent: result.deltaPercent, baselineMarketKg: result.baselineMarketKg, scenarioMarketKg: result.scenarioMarketKg,
            deltaMarketKg: result.deltaMarketKg,
            levers: zip(request.levers, result.levers).map { lever, effect in
                .init(lever: LeverJSON.encode(lever), summary: effect.summary, affectedActivities: effect.affectedActivities,
                      notApplicable: effect.notApplicable, note: effect.note, deltaKg: effect.deltaKg, deltaMarketKg: effect.deltaMarketKg)
            },
            byScope: result.byScope.map { .init(label: $0.label, baselineKg: $0.baselineKg, scenarioKg: $0.scenarioKg,
                                                baselineMarketKg: $0.baselineMarketKg, scenarioMarketKg: $0.scenarioMarketKg) },
            factorsUsed: result.factorsUsed.map {
                .init(side: $0.side.rawValue, factorId: $0.factorId, subject: "\($0.family.rawValue)/\($0.subject)", region: $0.region,
                      unit: $0.unit.rawValue, kgCO2ePerUnit: $0.kgCO2ePerUnit,
                      source: [$0.source.document, $0.source.table, $0.source.row].compactMap { $0 }.joined(separator: ", "))
            },
            basis: CarbonBasis(period), dryRun: true)
    }
}
