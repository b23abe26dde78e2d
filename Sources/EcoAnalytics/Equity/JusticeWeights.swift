import Foundation

/// Whether an input of a justice score is an environmental burden or a socio-economic indicator.
public enum JusticeIndicatorKind: String, Sendable, Codable, CaseIterable {
    case environmental, socioeconomic
}

/// One input of a justice score with its weight within its group.
public struct JusticeIndicator: Sendable, Equatable {
    public var name: String
    public var kind: JusticeIndicatorKind
    public var weight: Double

    public init(name: String, kind: JusticeIndicatorKind, weight: Double) {
        self.name = name
        self.kind = kind
        self.weight = weight
    }
}

/// The weights of a justice score: within each group (environmental, socio-economic) they sum to 1.
public enum JusticeWeights {
    /// Allowed difference of a group's sum from 1.
    public static let tolerance = 1e-6

    /// Equal weights within each group for `names` (name → kind).
    public static func equal(_ names: [(String, JusticeIndicatorKind)]) -> [JusticeIndicator] {
        let counts = Dictionary(grouping: names, by: \.1).mapValues(\.count)
        return names.map { JusticeIndicator(name: $0.0, kind: $0.1, weight: 1 / Double(counts[$0.1]!)) }
    }

    /// `defaults` with the weights of `text` (`name:weight,…`). A group named in `text` takes exactly its weights
    /// there (members left out weigh 0) and must sum to 1; a group not named keeps its default weights.
    public static func parse(_ text: String, defaults: [JusticeIndicator]) throws(JusticeScoreError) -> [JusticeIndicator] {
        var given: [String: Double] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let weight = Double(parts[1].trimmingCharacters(in: .whitespaces)), weight.isFinite else {
                throw .malformedWeight(String(item))
            }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard defaults.contains(where: { $0.name == name }) else { throw .unknownIndicator(name: name, known: defaults.map(\.name)) }
            guard weight >= 0 else { throw .negativeWeight(name: name, weight: weight) }
            given[name] = weight
        }
        let named = Set(defaults.filter { given[$0.name] != nil }.map(\.kind))
        for kind in JusticeIndicatorKind.allCases where named.contains(kind) {
            let total = defaults.filter { $0.kind == kind }.reduce(0) { $0 + (given[$1.name] ?? 0) }
            guard abs(total - 1) <= tolerance else { throw .weightsDoNotSum(kind: kind, total: total) }
        }
        return defaults.map { indicator in
            var weighted = indicator
            if named.contains(indicator.kind) { weighted.weight = given[indicator.name] ?? 0 }
            return weighted
        }
    }
}
