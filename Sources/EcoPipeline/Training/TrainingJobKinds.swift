import EcoCore
import EcoStore

/// Every kind of training job this server runs; a job's `kind` picks one by name.
public enum TrainingJobKinds {
    // One entry per line, so adding a kind is a one-line change.
    public static let all: [any TrainingJobKind] = [
        CSVTrainingJobKind(),
        SpeciesDistributionJobKind(),
        YieldRegressionJobKind(),
        ImageHeadJobKind(),
    ]

    /// The kind called `name`, if there is one.
    public static func named(_ name: String) -> (any TrainingJobKind)? {
        all.first { $0.name == name }
    }

    /// The names of every kind, sorted, for error messages and the API description.
    public static var names: [String] { all.map(\.name).sorted() }
}
