/// Every kind of training job this server runs; a job's `kind` picks one by name.
enum TrainingJobKinds {
    // One entry per line, so adding a kind is a one-line change.
    static let all: [any TrainingJobKind] = [
        CSVTrainingJobKind(),
        SpeciesDistributionJobKind(),
    ]

    /// The kind called `name`, if there is one.
    static func named(_ name: String) -> (any TrainingJobKind)? {
        all.first { $0.name == name }
    }

    /// The names of every kind, sorted, for error messages and the API description.
    static var names: [String] { all.map(\.name).sorted() }
}
