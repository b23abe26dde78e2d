import EcoAnalytics
import EcoCore
import EcoPipeline

/// The checks of the alert filters clients send — webhook registrations and the SSE and WebSocket
/// streams — so that each refuses a value no alert can carry in the same words.
enum AlertFilterValues {
    /// Every severity an alert can have.
    static let severities = Severity.allCases.map(\.rawValue)

    /// A 400 naming the first of `domains` that no alert can carry (a filter that could never match),
    /// listing the valid ones. `field` is the member or parameter the client used.
    static func checkDomains(_ domains: some Sequence<String>, known: Set<String>, field: String = "domains") throws {
        guard let unknown = domains.first(where: { !known.contains($0) }) else { return }
        let valid = known.sorted()
        throw Problem(.badRequest, title: "Unknown alert domain",
                      detail: "'\(field)' has '\(unknown)', which no alert carries: it is not the domain of a variable in the catalogue "
                          + "(GET /api/v1/variables) nor of a watch; use some of \(valid.joined(separator: ", ")).",
                      extensions: ["unknown": .string(unknown), "valid": .array(valid.map(JSONValue.string))])
    }

    /// A 400 naming the first of `values` that is not a severity.
    static func checkSeverities(_ values: some Sequence<String>, field: String) throws {
        guard let unknown = values.first(where: { !severities.contains($0) }) else { return }
        throw Problem(.badRequest, title: "Unknown alert severity",
                      detail: "'\(field)' has '\(unknown)', which is not a severity; use some of \(severities.joined(separator: ", ")).",
                      extensions: ["unknown": .string(unknown), "valid": .array(severities.map(JSONValue.string))])
    }
}
