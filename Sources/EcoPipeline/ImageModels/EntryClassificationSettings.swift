import EcoCore

/// Which registered image models classify new entries of which data type, and which predicted classes raise an
/// `ocean` alert (issue #18). From the `entryModels`, `oceanAlertClasses` and `oceanAlertThreshold` settings.
public struct EntryClassificationSettings: Sendable, Equatable {
    /// Model references (`name`, `name@alias`, `name@3`) per data type, in the order given; the first one's
    /// most probable class becomes the entry's label.
    public var models: [EntryDataType: [String]]
    /// Class names whose probability at or above `threshold` raises an alert.
    public var alertClasses: Set<String>
    /// Probability (0–1) from which a class in `alertClasses` raises an alert.
    public var threshold: Double

    public init(models: [EntryDataType: [String]] = [:], alertClasses: Set<String> = ["heavy_plastic", "high_bloom"], threshold: Double = 0.8) {
        self.models = models
        self.alertClasses = alertClasses
        self.threshold = threshold
    }

    /// True when some data type has models assigned (the classification service then runs).
    public var isOn: Bool { models.values.contains { !$0.isEmpty } }

    /// Parses `entryModels`: comma-separated `DATATYPE=MODEL` pairs, e.g. `image=ocean-plastic@champion,image=algae-bloom`.
    /// - Throws: ``EcoError/invalidArgument(_:)`` naming the pair that does not parse.
    public static func parseModels(_ text: String) throws -> [EntryDataType: [String]] {
        var models: [EntryDataType: [String]] = [:]
        for pair in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let type = EntryDataType(rawValue: parts[0].lowercased()), !parts[1].isEmpty else {
                throw EcoError.invalidArgument("entryModels takes DATATYPE=MODEL pairs separated by commas (data types: "
                    + EntryDataType.allCases.map(\.rawValue).joined(separator: ", ") + "), e.g. image=ocean-plastic@champion; got '\(pair)'.")
            }
            models[type, default: []].append(parts[1])
        }
        return models
    }

    /// `entryModels` as text (the inverse of ``parseModels(_:)``).
    public var modelsText: String {
        models.keys.sorted { $0.rawValue < $1.rawValue }.flatMap { type in models[type]!.map { "\(type.rawValue)=\($0)" } }.joined(separator: ",")
    }
}
