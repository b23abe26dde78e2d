import EcoAnalytics
import EcoCore
import EcoPipeline
import EcoStore
import Foundation
import Hummingbird

/// Threshold rules per variable ("pm25 above 35 µg/m³ for 30 minutes"), evaluated on every ingested point.
///
/// | Method | Path | What |
/// |---|---|---|
/// | GET | /api/v1/alerts/rules | every rule |
/// | POST | /api/v1/alerts/rules | create a rule |
/// | GET | /api/v1/alerts/rules/{id} | one rule |
/// | PUT | /api/v1/alerts/rules/{id} | replace a rule's settings |
/// | DELETE | /api/v1/alerts/rules/{id} | delete a rule (its open alerts stay until resolved by hand or by data) |
struct AlertRuleRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/alerts/rules", .readPublic, use: list)
        group.post("/alerts/rules", .runAnalysis, use: create)
        group.get("/alerts/rules/:id", .readPublic, use: show)
        group.put("/alerts/rules/:id", .runAnalysis, use: replace)
        group.delete("/alerts/rules/:id", .runAnalysis, use: delete)
    }

    /// A rule as the API reads and writes it; durations in seconds, thresholds in the variable's unit.
    struct RuleBody: Codable, Sendable {
        var id: String?
        var name: String
        var variable: String
        /// `above` (default) or `below`.
        var direction: String?
        var threshold: Double
        /// Hysteresis: the value must cross this back to clear (default: `threshold`).
        var clearThreshold: Double?
        /// The condition must hold this long before the alert fires (pending until then).
        var forSeconds: Int64?
        /// A firing alert stays firing this long after the condition cleared.
        var keepFiringForSeconds: Int64?
        /// `info`, `warning` (default) or `critical`.
        var severity: String?
        var enabled: Bool?
        var domain: String?
        var unit: String?
        var createdAt: String?
        var updatedAt: String?
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let readable = context.identity.readableOrganizations
        let rules = try await services.store.rules().filter { readable?.contains($0.organization) ?? true }
        return try JSONResponse.make(["data": rules.map(view)])
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(view(try await existing(request, context: context)))
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decode(as: RuleBody.self, context: context)
        let now = services.clock.nowMs()
        let rule = try record(from: body, id: UUID().uuidString.lowercased(), organization: context.identity?.user?.organization ?? "",
                              createdAtMs: now, nowMs: now)
        try await services.store.saveRule(rule)
        var response = try JSONResponse.make(view(rule), status: .created)
        response.headers[.location] = "/api/v1/alerts/rules/\(rule.id)"
        return response
    }

    @Sendable func replace(request: Request, context: AppRequestContext) async throws -> Response {
        let current = try await existing(request, context: context)
        let body = try await request.decode(as: RuleBody.self, context: context)
        let rule = try record(from: body, id: current.id, organization: current.organization, createdAtMs: current.createdAtMs,
                              nowMs: services.clock.nowMs())
        try await services.store.saveRule(rule)
        return try JSONResponse.make(view(rule))
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> Response {
        let rule = try await existing(request, context: context)
        _ = try await services.store.deleteRule(id: rule.id)
        return Response(status: .noContent)
    }

    private func existing(_ request: Request, context: AppRequestContext) async throws -> AlertRuleRecord {
        let id = try context.parameters.require("id")
        guard let rule = try await services.store.rule(id: id),
              context.identity.readableOrganizations?.contains(rule.organization) ?? true else {
            throw Problem.notFound("No alert rule has the id '\(id)'; GET /api/v1/alerts/rules lists them.")
        }
        return rule
    }

    /// Validates a rule body: known variable, unit conversion of thresholds, sane durations and names.
    private func record(from body: RuleBody, id: String, organization: String, createdAtMs: Int64, nowMs: Int64) throws -> AlertRuleRecord {
        let catalogue = services.catalogue
        let name = body.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 200 else { throw Problem.badRequest("'name' must be 1 to 200 characters.") }
        guard let variable = catalogue[body.variable] else {
            throw Problem.badRequest("Unknown variable '\(body.variable)'; GET /api/v1/variables lists the known ones.")
        }
        let direction = body.direction ?? "above"
        guard direction == "above" || direction == "below" else {
            throw Problem.badRequest("'direction' must be 'above' or 'below'; got '\(direction)'.")
        }
        let severity = body.severity ?? Severity.warning.rawValue
        guard Severity(rawValue: severity) != nil else {
            throw Problem.badRequest("'severity' must be info, warning or critical; got '\(severity)'.")
        }
        var threshold = body.threshold
        var clear = body.clearThreshold
        if let unit = body.unit, unit != variable.unit {
            do {
                let conversion = try UnitConverter.conversion(from: unit, for: variable)
                threshold = conversion.apply(threshold)
                clear = clear.map(conversion.apply)
            } catch {
                throw Problem.badRequest("Thresholds for \(variable.name) are in \(variable.unit): \(error)")
            }
        }
        guard threshold.isFinite, clear?.isFinite ?? true else { throw Problem.badRequest("'threshold' and 'clearThreshold' must be finite numbers.") }
        if let clear {
            let ordered = direction == "above" ? clear <= threshold : clear >= threshold
            guard ordered else {
                throw Problem.badRequest("'clearThreshold' (\(clear)) must be on the normal side of 'threshold' (\(threshold)): \(direction == "above" ? "at or below" : "at or above") it, so the alert clears only after the value really recovered.")
            }
        }
        let day: Int64 = 86_400
        for (field, value) in [("forSeconds", body.forSeconds), ("keepFiringForSeconds", body.keepFiringForSeconds)] {
            if let value, !(0...(30 * day)).contains(value) { throw Problem.badRequest("'\(field)' must be from 0 to \(30 * day) seconds (30 days); got \(value).") }
        }
        return AlertRuleRecord(id: id, name: name, variable: variable.name, domain: body.domain ?? variable.domain.rawValue,
                               direction: direction, threshold: threshold, clearThreshold: clear,
                               forMs: (body.forSeconds ?? 0) * 1000, keepFiringForMs: (body.keepFiringForSeconds ?? 0) * 1000,
                               severity: severity, enabled: body.enabled ?? true, organization: organization,
                               createdAtMs: createdAtMs, updatedAtMs: nowMs)
    }

    private func view(_ rule: AlertRuleRecord) -> RuleBody {
        RuleBody(id: rule.id, name: rule.name, variable: rule.variable, direction: rule.direction, threshold: rule.threshold,
                 clearThreshold: rule.clearThreshold, forSeconds: rule.forMs / 1000, keepFiringForSeconds: rule.keepFiringForMs / 1000,
                 severity: rule.severity, enabled: rule.enabled, domain: rule.domain, unit: services.catalogue[rule.variable]?.unit,
                 createdAt: Timestamp.format(ms: rule.createdAtMs), updatedAt: Timestamp.format(ms: rule.updatedAtMs))
    }
}
