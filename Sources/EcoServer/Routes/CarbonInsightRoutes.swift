import EcoCarbon
import EcoCore
import EcoPipeline
import Foundation
import Hummingbird

/// What the activities say: emissions now, over time and next week, data quality, hotspots and the
/// GHG-Protocol inventory (issue #14). Every figure is computed from the stored activities with the
/// organization's factor set (`gwp=AR4|AR5|AR6` re-weighs the gases for one answer).
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | GET | /api/v1/carbon/emissions/current | read:public | kg CO2e/h over the last `hours` (24), breakdown, change, pace vs target |
/// | GET | /api/v1/carbon/emissions/timeseries | read:public | totals per `bucket` (1h … 1y) in `from`–`to`, optional `groupBy`; `format=json|csv` |
/// | GET | /api/v1/carbon/emissions/forecast | read:public | next `days` (7) of daily kg CO2e with p10/p50/p90 (EcoForecast) |
/// | GET | /api/v1/carbon/data-quality | read:public | per supplier completeness, measured/estimated, outliers, stale; gap estimates |
/// | POST | /api/v1/carbon/data-quality/fill-gaps | run:analysis | estimate missing supplier periods (random forest) and store them |
/// | GET | /api/v1/carbon/hotspots | read:public | suppliers, facilities, lanes, cells above their own baseline (`entity`, `days`) |
/// | GET | /api/v1/carbon/report | read:public | inventory by scope and category with citations; `groupBy`, `restateWith`, `format=json|csv|geojson` |
struct CarbonInsightRoutes {
    let services: AppServices

    var carbon: CarbonServices { services.platform.carbon }

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.get("/carbon/emissions/current", .readPublic, use: current)
        group.get("/carbon/emissions/timeseries", .readPublic, use: timeseries)
        group.get("/carbon/emissions/forecast", .readPublic, use: forecast)
        group.get("/carbon/data-quality", .readPublic, use: quality)
        group.post("/carbon/data-quality/fill-gaps", .runAnalysis, use: fillGaps)
        group.get("/carbon/hotspots", .readPublic, use: hotspots)
        group.get("/carbon/report", .readPublic, use: report)
    }

    @Sendable func current(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let hours = try scope.parameters.int("hours", default: 24, range: 1...8784)
        return try JSONResponse.make(try await carbon.emissions.current(try scope.organization(), hours: hours, toMs: try scope.parameters.time("to")))
    }

    @Sendable func timeseries(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let format = try OutputFormat.of(request, allowed: [.json, .csv])
        let series = try await carbon.emissions.timeseries(
            try scope.organization(), window: try scope.window(defaultDays: 30), bucket: try scope.choice("bucket", CarbonPeriod.self) ?? .day,
            groupBy: try scope.choice("groupBy", CarbonGrouping.self), basis: try scope.gwp())
        return format == .csv ? JSONResponse.text(series.csv, contentType: format.contentType) : try JSONResponse.make(series)
    }

    @Sendable func forecast(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let days = try scope.parameters.int("days", default: 7, range: 1...31)
        let history = try scope.parameters.int("historyDays", default: 56, range: 14...730)
        return try JSONResponse.make(try await carbon.emissions.forecast(try scope.organization(), days: days, historyDays: history))
    }

    @Sendable func quality(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        return try JSONResponse.make(try await carbon.quality.assess(
            try scope.organization(), window: try scope.window(defaultDays: 30), period: try scope.choice("period", CarbonPeriod.self) ?? .day))
    }

    @Sendable func fillGaps(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let estimates = try await carbon.quality.fillGaps(
            try scope.organization(), window: try scope.window(defaultDays: 30), period: try scope.choice("period", CarbonPeriod.self) ?? .day)
        return try JSONResponse.make(Page.complete(estimates))
    }

    @Sendable func hotspots(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let days = try scope.parameters.int("days", default: 7, range: 1...92)
        let entities = try scope.choice("entity", HotspotEntity.self).map { [$0] } ?? HotspotEntity.allCases
        let scan = try await carbon.hotspots.scan(
            try scope.organization(), days: days, toMs: try scope.parameters.time("to") ?? services.clock.nowMs(), entities: entities,
            cellResolution: try scope.parameters.resolution())
        return try JSONResponse.make(HotspotPage(from: Timestamp.format(ms: scan.recentFromMs), to: Timestamp.format(ms: scan.recentToMs),
                                                 data: scan.hotspots.map(CarbonHotspotDocument.init)))
    }

    struct HotspotPage: Encodable, Sendable {
        var from: String
        var to: String
        var data: [CarbonHotspotDocument]
    }

    @Sendable func report(request: Request, context: AppRequestContext) async throws -> Response {
        let scope = CarbonScope(services, request, context)
        let format = try OutputFormat.of(request, allowed: [.json, .csv, .geojson])
        let groupBy = try scope.choice("groupBy", CarbonGrouping.self)
        if format == .geojson, groupBy != .cell {
            throw Problem.badRequest("format=geojson maps cells; add groupBy=cell (and resolution, default 7).")
        }
        let document = try await carbon.reports.inventory(
            try scope.organization(), window: try scope.window(defaultDays: 365), groupBy: groupBy, resolution: try scope.parameters.resolution(),
            basis: try scope.gwp(), restateWith: scope.parameters.string("restateWith"))
        switch format {
        case .csv: return JSONResponse.text(document.csv, contentType: format.contentType)
        case .geojson: return JSONResponse.text(document.geoJSON.text, contentType: format.contentType)
        default: return try JSONResponse.make(document)
        }
    }
}
