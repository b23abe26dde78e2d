/// A factor cited by an inventory line: which activities used it and what they came to.
public struct FactorCitation: Sendable, Equatable {
    public var factorId: String
    public var source: FactorSource
    public var region: String
    public var year: Int?
    public var unit: CarbonUnit
    public var kgCO2ePerUnit: Double
    /// GWP basis applied (nil for a published CO2e of unstated basis).
    public var gwpBasis: GWPBasis?
    public var activities: Int
    public var kg: Double
    /// Activities that reached this factor through a fallback.
    public var fallbacks: Int
}

/// One line of a GHG Protocol inventory: a scope, or a Scope 3 category.
public struct InventoryLine: Sendable, Equatable {
    public var scope: Scope
    public var category: Scope3Category?
    public var label: String
    /// kg CO2e; for Scope 2 location-based, with the market-based figure beside it.
    public var locationKg: Double
    public var marketKg: Double
    public var estimatedKg: Double
    public var activities: Int
    public var unaccounted: Int
    public var factors: [FactorCitation]
}

/// A GHG-Protocol-shaped inventory for a period: Scope 1, Scope 2 (location- and market-based),
/// Scope 3 by category, every line citing its factors, with the data-quality share — what an
/// auditor needs to re-derive the figures.
public struct InventoryReport: Sendable, Equatable {
    public var fromMs: Int64?
    public var toMs: Int64?
    public var organization: String?
    public var setName: String
    public var setVersion: String
    public var gwpBasis: GWPBasis
    public var lines: [InventoryLine]
    public var scope1Kg: Double
    public var scope2LocationKg: Double
    public var scope2MarketKg: Double
    public var scope3Kg: Double
    /// Scope 1 + 2 + 3 with Scope 2 location-based, and with Scope 2 market-based.
    public var totalLocationKg: Double { scope1Kg + scope2LocationKg + scope3Kg }
    public var totalMarketKg: Double { scope1Kg + scope2MarketKg + scope3Kg }
    /// Biogenic CO2, reported outside the scopes.
    public var biogenicKg: Double
    public var unaccountedActivities: Int
    public var measuredPercent: Double
    public var estimatedPercent: Double
    /// `X% measured | Y% estimated`.
    public var dataQuality: String
    /// Totals by the requested dimension, when one was asked for.
    public var groups: [GroupTotal]

    /// The inventory of the rows of `table` matching `filter`, accounted in `result` with `index`.
    public static func build(_ table: ActivityTable, _ result: AccountingResult, index: FactorIndex, filter: RowFilter = .all, groupBy: GroupDimension? = nil) -> InventoryReport {
        let match = filter.compiled(for: table)
        var sums = [LineSums](repeating: LineSums(), count: 64)
        var cited: [Int64: (activities: Int, kg: Double, fallbacks: Int)] = [:]
        var biogenic = 0.0, estimated = 0.0, total = 0.0, unaccounted = 0
        for i in 0..<table.count where match.matches(i, table) {
            let l = ScopeTotals.line(table.scope[i], table.category[i])
            let accounted = result.status[i] == .accounted
            let kg = accounted ? result.locationKg[i] : 0
            sums[l].activities += 1
            sums[l].location += kg
            sums[l].market += result.marketKg[i].isNaN ? 0 : result.marketKg[i]
            if !accounted { sums[l].unaccounted += 1; unaccounted += 1 }
            if table.estimated[i] { sums[l].estimated += kg; estimated += kg }
            total += kg
            biogenic += result.biogenicKg[i]
            let row = result.factorRow[i]
            guard row >= 0, accounted else { continue }
            let key = Int64(l) << 32 | Int64(row)
            var entry = cited[key] ?? (0, 0, 0)
            entry.activities += 1
            entry.kg += kg
            entry.fallbacks += result.fallback[i] != 0 ? 1 : 0
            cited[key] = entry
        }
        var citations = [[FactorCitation]](repeating: [], count: 64)
        for (key, entry) in cited {
            let row = Int(key & 0xFFFF_FFFF)
            let factor = index.set.factors[row]
            citations[Int(key >> 32)].append(FactorCitation(
                factorId: factor.id, source: factor.source, region: factor.region, year: factor.year, unit: factor.unit,
                kgCO2ePerUnit: index.co2ePerUnit[row], gwpBasis: index.basisApplied[row], activities: entry.activities, kg: entry.kg,
                fallbacks: entry.fallbacks))
        }
        var present: [InventoryLine] = []
        for l in sums.indices where sums[l].activities > 0 {
            let scope = Scope(rawValue: l / 16)!, category = Scope3Category(rawValue: l % 16)
            present.append(InventoryLine(
                scope: scope, category: category, label: ScopeLabel.text(scope: scope, category: category),
                locationKg: sums[l].location, marketKg: sums[l].market, estimatedKg: sums[l].estimated,
                activities: sums[l].activities, unaccounted: sums[l].unaccounted,
                factors: citations[l].sorted { $0.kg > $1.kg || ($0.kg == $1.kg && $0.factorId < $1.factorId) }))
        }
        func sum(_ scope: Scope, market: Bool = false) -> Double {
            present.filter { $0.scope == scope }.reduce(0) { $0 + (market ? $1.marketKg : $1.locationKg) }
        }
        let estimatedPercent = total > 0 ? estimated / total * 100 : 0
        let measuredPercent = total > 0 ? 100 - estimatedPercent : 0
        return InventoryReport(
            fromMs: filter.fromMs, toMs: filter.toMs, organization: filter.organization, setName: result.setName, setVersion: result.setVersion,
            gwpBasis: result.basis, lines: present, scope1Kg: sum(.scope1), scope2LocationKg: sum(.scope2), scope2MarketKg: sum(.scope2, market: true),
            scope3Kg: sum(.scope3), biogenicKg: biogenic, unaccountedActivities: unaccounted, measuredPercent: measuredPercent,
            estimatedPercent: estimatedPercent,
            dataQuality: "\(QualityReport.format(measuredPercent))% measured | \(QualityReport.format(estimatedPercent))% estimated",
            groups: groupBy.map { Aggregator.aggregate(table, result, by: [$0], filter: filter) } ?? [])
    }
}

/// Running sums of one inventory line.
private struct LineSums {
    var location = 0.0, market = 0.0, estimated = 0.0
    var activities = 0, unaccounted = 0
}
