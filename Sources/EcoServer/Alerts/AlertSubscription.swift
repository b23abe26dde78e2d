import EcoCore
import EcoPipeline
import EcoStore

/// What a live alert client wants: `{"domains": [...], "severity": [...], "h3": [...]}` over
/// WebSocket, or the same names as query parameters for SSE. Empty or absent lists match everything.
struct AlertSubscription: Decodable, Sendable, Equatable {
    var domains: [String]?
    var severity: [String]?
    var h3: [String]?

    /// Checks the names and cells and returns the filter they describe.
    /// - Parameter known: the domains an alert can carry (``AlertDomains/known(in:)``).
    /// - Throws: a 400 problem naming the bad value and the accepted ones.
    func filter(organizations: Set<String>?, domains known: Set<String>) throws -> AlertStreamFilter {
        try AlertFilterValues.checkDomains(domains ?? [], known: known)
        let severities = Set(severity ?? [])
        try AlertFilterValues.checkSeverities(severity ?? [], field: "severity")
        let cells = try (h3 ?? []).map { text in
            guard let cell = Spatial.cell(hex: text) else {
                throw Problem.badRequest("'\(text)' is not an H3 cell; give 15-hex-digit cell ids such as 8928308280fffff.")
            }
            return cell
        }
        return AlertStreamFilter(domains: domains.flatMap { $0.isEmpty ? nil : Set($0) },
                                 severities: severities.isEmpty ? nil : severities,
                                 cells: cells.isEmpty ? nil : cells, organizations: organizations)
    }
}

/// A compiled ``AlertSubscription`` plus the caller's readable organizations.
struct AlertStreamFilter: Sendable {
    var domains: Set<String>?
    var severities: Set<String>?
    /// Alerts inside any of these cells (at any resolution) match.
    var cells: [UInt64]?
    /// nil: every organization (admins).
    var organizations: Set<String>?

    static let everything = AlertStreamFilter(domains: nil, severities: nil, cells: nil, organizations: nil)

    func matches(_ alert: AlertRecord) -> Bool {
        if let domains, !domains.contains(alert.domain) { return false }
        if let severities, !severities.contains(alert.severity) { return false }
        if let organizations, !organizations.contains(alert.organization) { return false }
        if let cells {
            guard let cell = alert.h3Index.flatMap(Spatial.cell(hex:)) else { return false }
            let resolution = Spatial.resolution(of: cell)
            return cells.contains { filter in
                let level = Spatial.resolution(of: filter)
                return level <= resolution && Spatial.parent(of: cell, resolution: level) == filter
            }
        }
        return true
    }
}
