import EcoCore
import EcoStore

/// Labelled datasets built from entries (issue #18), without HTTP: a version is made by listing every entry the
/// query matches, keeping those with a file and a label, assigning each a split by ``DatasetSplitter``, and storing
/// the lot at once. Versions are immutable; making a dataset again with the same name adds a version.
public final class DatasetService: Sendable {
    let entries: any EntryStore
    let datasets: any DatasetStore
    let clock: WallClock

    public init(entries: any EntryStore, datasets: any DatasetStore, clock: WallClock) {
        self.entries = entries
        self.datasets = datasets
        self.clock = clock
    }

    /// A stored version and what the query matched but the dataset left out.
    public struct Created: Sendable {
        public var version: DatasetVersion
        /// Entries the query matched.
        public var matched: Int
        /// Matched entries without a file (JSON-only entries).
        public var withoutFile: Int
        /// Matched entries with a file but no label under the label source (or two disagreeing `PREFIX…` tags).
        public var unlabelled: Int
    }

    /// Makes and stores the next version of `request.name`.
    /// - Throws: ``EcoError/invalidArgument(_:)`` for a bad name, filter, label source or fractions, and when no
    ///   entry with a file and a label matches (saying how many matched and what they lacked); `badRequest` for a
    ///   malformed filter value.
    public func create(_ request: DatasetRequest, by actor: String) async throws -> Created {
        let (filters, labels, fractions) = try request.checked()
        let seed = request.seed ?? 0
        var query = try EntryQuery(parameters: QueryParameters(filters), maxLimit: 1_000)
        query.limit = 1_000
        var members: [DatasetMember] = []
        var matched = 0, withoutFile = 0, unlabelled = 0
        while true {
            let page = try await entries.entries(query)
            for entry in page.entries {
                matched += 1
                guard let file = entry.file else { withoutFile += 1; continue }
                guard let label = labels.label(of: entry) else { unlabelled += 1; continue }
                members.append(DatasetMember(entryID: entry.id, sha256: file.sha256, size: file.size, contentType: file.contentType, label: label,
                                             split: DatasetSplitter.split(entryID: entry.id, seed: seed, fractions: fractions)))
            }
            guard let next = page.nextCursor else { break }
            query.before = next
        }
        let filterText = filters.isEmpty ? "no filter" : filters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        guard matched > 0 else {
            throw EcoError.invalidArgument("The query (\(filterText)) matched no entries, so there is nothing to make dataset '\(request.name)' from; check the tags and filters with GET /api/v1/entries?\(filters.isEmpty ? "" : filterText).")
        }
        guard !members.isEmpty else {
            let source = labels == .entryLabel ? "a label (PATCH /api/v1/entries/{id} with {\"label\": …})" : "exactly one tag starting with '\(labels.text.dropFirst(4))'"
            throw EcoError.invalidArgument("The query (\(filterText)) matched \(matched) entries, but none has both a file and \(source): \(withoutFile) without a file, \(unlabelled) without a label.")
        }
        let info = DatasetVersionInfo(name: request.name, version: 0, query: filters, labelSource: labels, fractions: fractions, seed: seed,
                                      classes: [], counts: [:], createdBy: actor, createdAtMs: clock.nowMs())
        let stored = try await datasets.createDatasetVersion(DatasetVersion(info: info, deriving: members))
        return Created(version: stored, matched: matched, withoutFile: withoutFile, unlabelled: unlabelled)
    }

    public func list() async throws -> [DatasetSummary] { try await datasets.datasets() }

    /// The versions of a dataset, oldest first. - Throws: ``EcoError/notFound(_:)`` for an unknown name.
    public func versions(name: String) async throws -> [DatasetVersionInfo] {
        let versions = try await datasets.datasetVersions(name: name)
        guard !versions.isEmpty else { throw EcoError.notFound("No dataset is called '\(name)'; GET /api/v1/datasets lists them, POST /api/v1/datasets makes one.") }
        return versions
    }

    /// One version with its members. - Throws: ``EcoError/notFound(_:)`` naming the versions there are.
    public func version(name: String, version: Int) async throws -> DatasetVersion {
        if let found = try await datasets.datasetVersion(name: name, version: version) { return found }
        let versions = try await self.versions(name: name)
        throw EcoError.notFound("Dataset '\(name)' has no version \(version); its versions are \(versions.map { String($0.version) }.joined(separator: ", ")).")
    }
}
