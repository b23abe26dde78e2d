import EcoCore
import EcoStore

/// One numbered, append-only change to the schema. Once released, a migration is never edited.
struct Migration: Sendable {
    var version: Int
    var name: String
    var sql: String
}

/// Every migration, in order of version. Add new ones at the end with a larger number; gaps are allowed
/// (the migrator applies whatever it has not recorded).
enum Migrations {
    static let all: [Migration] = [
        Migration0001Initial.migration,
        Migration0002Auth.migration,
        Migration0003Forecasts.migration,
        Migration0004Models.migration,
        Migration0005Events.migration,
        Migration0006Webhooks.migration,
        Migration0007TrainingJobs.migration,
        Migration0008Occurrences.migration,
        Migration0009AlertVersionsAndLeases.migration,
        Migration0010Carbon.migration,
        Migration0011Organizations.migration,
        Migration0012EquityAndScenarios.migration,
        Migration0013TrainingJobLeases.migration,
        Migration0014CarbonImportLeases.migration,
        Migration0016Entries.migration,
        Migration0017ModelArtifactKey.migration,
        Migration0018Datasets.migration,
        Migration0019EntryEnrichment.migration,
        Migration0020Yields.migration,
        Migration0021ObservationStage.migration,
    ]

    static var latestVersion: Int { all.map(\.version).max() ?? 0 }
}
