import EcoAnalytics
import EcoCore
import EcoStore

/// The environmental burdens of a justice score, computed per cell from the platform's observations
/// (docs/domains.md, "Environmental justice"): higher is more burden.
public enum EnvironmentalBurden: String, Sendable, CaseIterable, Codable {
    /// Mean PM2.5 (µg/m³) over the window (EJScreen: annual mean PM2.5).
    case pm25
    /// Mean O3 (ppb) over the window (EJScreen uses the mean of the ten highest daily 8-hour maxima; see docs).
    case ozone
    /// Mean 2 m air temperature (°C) over the window: a heat exposure proxy.
    case heat
    /// Minus the SPI-3 of the cell's latest month (drier is more burden), from its precipitation record.
    case drought

    /// The catalogue variable it is computed from.
    var variable: String {
        switch self {
        case .pm25: "pm25"
        case .ozone: "o3"
        case .heat: "temperature_2m"
        case .drought: "precipitation"
        }
    }
}

/// Computes every environmental burden of every cell at one resolution.
struct BurdenCalculator: Sendable {
    let cells: CellAggregation
    let drought: DroughtIndexService

    /// Burden measurements per cell, and why cells with data for a burden still lack it (drought records too short).
    func burdens(resolution: Int, window: TimeWindow, scope: Set<String>?) async throws
        -> (values: [UInt64: [String: JusticeScore.Measurement]], reasons: [UInt64: [String: String]]) {
        var values: [UInt64: [String: JusticeScore.Measurement]] = [:]
        var reasons: [UInt64: [String: String]] = [:]
        let period = "\(Timestamp.format(ms: window.startMs).prefix(10))/\(Timestamp.format(ms: window.endMs).prefix(10))"
        for burden in EnvironmentalBurden.allCases where burden != .drought {
            var filter = SeriesFilter(variable: burden.variable)
            filter.organizations = scope
            for cell in try await cells.cells(matching: filter, resolution: resolution, window: window) where cell.count > 0 {
                guard let id = Spatial.cell(hex: cell.h3Index) else { continue }
                values[id, default: [:]][burden.rawValue] = JusticeScore.Measurement(
                    value: cell.mean, source: "ecotrack observations: mean \(burden.variable) of \(cell.stations) series, \(cell.count) values", date: period)
            }
        }
        var filter = SeriesFilter(variable: EnvironmentalBurden.drought.variable)
        filter.organizations = scope
        let rainCells = Set(try await cells.observations.series(matching: filter).map { Spatial.parent(of: $0.key.cell, resolution: resolution) })
        for cell in rainCells {
            do {
                let document = try await drought.index(QueryParameters(["h3": Spatial.hex(cell), "scale": "3"], readableOrganizations: scope))
                guard let latest = document.data.last(where: { $0.value != nil }), let spi = latest.value else {
                    reasons[cell, default: [:]][EnvironmentalBurden.drought.rawValue] = "no month of the precipitation record has an SPI-3"
                    continue
                }
                values[cell, default: [:]][EnvironmentalBurden.drought.rawValue] = JusticeScore.Measurement(
                    value: -spi, source: "ecotrack SPI-3 (gamma, McKee et al. 1993) of \(document.stations ?? 0) precipitation series", date: latest.month)
            } catch let error as EcoError {
                reasons[cell, default: [:]][EnvironmentalBurden.drought.rawValue] = error.message
            }
        }
        return (values, reasons)
    }
}
