import EcoCarbon
import EcoCore
import EcoStore

/// A GHG-Protocol-shaped inventory as the API and `ecotrack carbon report` give it: Scope 1, dual
/// Scope 2, Scope 3 by category, every line citing its factors, the data-quality share, optional
/// groups, and a restatement under another factor set when asked.
public struct CarbonReportDocument: Encodable, Sendable {
    public struct Citation: Encodable, Sendable {
        public var factorId: String
        public var document: String
        public var table: String?
        public var row: String?
        public var published: String?
        public var licence: String?
        public var region: String
        public var year: Int?
        public var unit: String
        public var kgCO2ePerUnit: Double
        public var gwpBasis: String?
        public var activities: Int
        public var kg: Double
        public var fallbacks: Int
    }

    public struct Line: Encodable, Sendable {
        public var scope: Int
        public var category: Int?
        public var label: String
        public var locationKg: Double
        public var marketKg: Double
        public var estimatedKg: Double
        public var activities: Int
        public var unaccounted: Int
        public var factors: [Citation]
    }

    public struct RestatementLine: Encodable, Sendable {
        public var subject: String
        public var originalKg: Double
        public var restatedKg: Double
        public var differenceKg: Double
        public var originalFactorIds: [String]
        public var restatedFactorIds: [String]
    }

    public struct RestatementDocument: Encodable, Sendable {
        public var originalVersion: String
        public var restatedVersion: String
        public var originalKg: Double
        public var restatedKg: Double
        public var differenceKg: Double
        public var differencePercent: Double?
        public var originalMarketKg: Double
        public var restatedMarketKg: Double
        public var originalUnaccounted: Int
        public var restatedUnaccounted: Int
        public var lines: [RestatementLine]
    }

    public var organization: String
    public var from: String
    public var to: String
    public var basis: CarbonBasis
    public var scope1Kg: Double
    public var scope2LocationKg: Double
    public var scope2MarketKg: Double
    public var scope3Kg: Double
    public var totalLocationKg: Double
    public var totalMarketKg: Double
    public var biogenicKg: Double
    public var unaccountedActivities: Int
    public var measuredPercent: Double
    public var estimatedPercent: Double
    public var dataQuality: String
    public var lines: [Line]
    public var groupBy: String?
    public var groups: [CarbonGroupFigure]
    public var restatement: RestatementDocument?

    /// The groups (when grouped) or the inventory lines (with their cited factor ids), as CSV.
    public var csv: String {
        if groupBy != nil {
            let rows = groups.map { g in
                [CSVField.escape(g.label), "\(g.kg)", "\(g.marketKg)", "\(g.estimatedKg)", "\(g.activities)", "\(g.unaccounted)"]
            }
            return (["\(groupBy ?? "group"),kgCO2e,marketKgCO2e,estimatedKgCO2e,activities,unaccounted"] + rows.map { $0.joined(separator: ",") })
                .joined(separator: "\n") + "\n"
        }
        let rows = lines.map { l in
            [CSVField.escape(l.label), "\(l.locationKg)", "\(l.marketKg)", "\(l.estimatedKg)", "\(l.activities)", "\(l.unaccounted)",
             CSVField.escape(l.factors.map(\.factorId).joined(separator: ";"))]
        }
        return (["line,kgCO2e,marketKgCO2e,estimatedKgCO2e,activities,unaccounted,factors"] + rows.map { $0.joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    /// The cell groups as a GeoJSON FeatureCollection of hexagons (groupBy=cell), for maps.
    public var geoJSON: JSONValue {
        GeoJSON.featureCollection(groups.compactMap { g in
            guard let hex = g.h3Index, let cell = Spatial.cell(hex: hex) else { return nil }
            return GeoJSON.hexagonFeature(cell: cell, properties: [
                "h3Index": .string(hex), "kgCO2e": .number(g.kg), "marketKgCO2e": .number(g.marketKg),
                "estimatedKgCO2e": .number(g.estimatedKg), "activities": .number(Double(g.activities)),
            ])
        })
    }
}

/// Inventory reports.
public struct CarbonReports: Sendable {
    let ledger: CarbonLedger
    let factorSets: CarbonFactorSets

    /// The inventory of `window`; `groupBy` adds totals per group, `restateWith` recomputes the window under another set.
    public func inventory(_ organization: String, window: CarbonWindow, groupBy: CarbonGrouping?, resolution: Int = 7, basis: GWPBasis?,
                          restateWith: String?) async throws -> CarbonReportDocument {
        let period = try await ledger.load(organization, fromMs: window.fromMs, toMs: window.toMs, basis: basis)
        let report = InventoryReport.build(period.table, period.result, index: period.index, filter: period.filter,
                                           groupBy: groupBy.map { $0.dimension(resolution: resolution) })
        var groups = report.groups.map { CarbonGroupFigure($0) }
        if groupBy == .scopeOnly { groups = CarbonGrouping.mergeScopes(groups) }
        var restatement: CarbonReportDocument.RestatementDocument?
        if let other = restateWith {
            let index = try await factorSets.index(setId: other, basis: basis ?? period.settings.gwpBasis)
            let r = Restatement.compare(period.table, original: period.index, restated: index)
            restatement = .init(
                originalVersion: "\(period.index.set.name) \(r.originalVersion)", restatedVersion: "\(index.set.name) \(r.restatedVersion)",
                originalKg: r.originalKg, restatedKg: r.restatedKg, differenceKg: r.differenceKg, differencePercent: r.differencePercent,
                originalMarketKg: r.originalMarketKg, restatedMarketKg: r.restatedMarketKg, originalUnaccounted: r.originalUnaccounted,
                restatedUnaccounted: r.restatedUnaccounted,
                lines: r.lines.map { .init(subject: "\($0.family.rawValue)/\($0.subject)", originalKg: $0.originalKg, restatedKg: $0.restatedKg,
                                           differenceKg: $0.differenceKg, originalFactorIds: $0.originalFactorIds, restatedFactorIds: $0.restatedFactorIds) })
        }
        return CarbonReportDocument(
            organization: organization, from: Timestamp.format(ms: window.fromMs), to: Timestamp.format(ms: window.toMs),
            basis: CarbonBasis(period, basis: basis), scope1Kg: report.scope1Kg, scope2LocationKg: report.scope2LocationKg,
            scope2MarketKg: report.scope2MarketKg, scope3Kg: report.scope3Kg, totalLocationKg: report.totalLocationKg,
            totalMarketKg: report.totalMarketKg, biogenicKg: report.biogenicKg, unaccountedActivities: report.unaccountedActivities,
            measuredPercent: report.measuredPercent, estimatedPercent: report.estimatedPercent, dataQuality: report.dataQuality,
            lines: report.lines.map { l in
                .init(scope: l.scope.rawValue, category: l.category?.rawValue, label: l.label, locationKg: l.locationKg, marketKg: l.marketKg,
                      estimatedKg: l.estimatedKg, activities: l.activities, unaccounted: l.unaccounted,
                      factors: l.factors.map { f in
                          .init(factorId: f.factorId, document: f.source.document, table: f.source.table, row: f.source.row,
                                published: f.source.published, licence: f.source.licence, region: f.region, year: f.year, unit: f.unit.rawValue,
                                kgCO2ePerUnit: f.kgCO2ePerUnit, gwpBasis: f.gwpBasis?.rawValue, activities: f.activities, kg: f.kg,
                                fallbacks: f.fallbacks)
                      })
            },
            groupBy: groupBy?.rawValue, groups: groups, restatement: restatement)
    }
}
