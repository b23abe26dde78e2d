import EcoCarbon
import EcoCore
import EcoStore
import Foundation
import Synchronization

/// Emission factor sets: the built-in one, drafts uploaded as CSV or JSON, and published versions
/// (immutable, so compiled indexes of them are cached for good), and which one each organization uses.
public final class CarbonFactorSets: Sendable {
    /// The id of EcoCarbon's built-in set in the API and in settings.
    public static let builtInID = "builtin"

    let store: any CarbonStore
    let clock: WallClock
    /// Compiled indexes of published sets, by set id and GWP basis.
    private let indexes = Mutex<[String: FactorIndex]>([:])

    public init(store: any CarbonStore, clock: WallClock) {
        self.store = store
        self.clock = clock
    }

    /// Every set: the built-in one first, then the stored ones, newest first.
    public func list() async throws -> [CarbonFactorSetRecord] {
        let builtIn = FactorSet.builtIn
        let record = CarbonFactorSetRecord(
            id: Self.builtInID, name: builtIn.name, version: builtIn.version, status: .published, factorCount: builtIn.factors.count,
            createdAtMs: builtIn.publishedAtMs ?? 0, createdBy: "ecotrack", publishedAtMs: builtIn.publishedAtMs, publishedBy: "ecotrack")
        return [record] + (try await store.carbonFactorSets())
    }

    /// A set's record, its factors and what the validator says about them.
    public func detail(id: String) async throws -> (record: CarbonFactorSetRecord, set: FactorSet, issues: [FactorSetIssue]) {
        if id == Self.builtInID {
            let record = try await list()[0]
            return (record, .builtIn, FactorSetValidator.issues(in: .builtIn))
        }
        guard let record = try await store.carbonFactorSet(id: id) else { throw Self.unknown(id) }
        let set = try FactorRowMapping.set(try await store.carbonFactorRows(setId: id), name: record.name, version: record.version)
        return (record, set, FactorSetValidator.issues(in: set))
    }

    /// Validates an uploaded body and stores it as a draft (replacing the draft with the same name and version).
    ///
    /// - Throws: `EcoError.invalidArgument` listing every unreadable row and validation error; `conflict`
    ///   when that name and version are already published.
    public func uploadDraft(_ body: [UInt8], format: ObservationFormat, name: String, version: String, actor: String) async throws
        -> (record: CarbonFactorSetRecord, issues: [FactorSetIssue]) {
        for (field, value) in [("name", name), ("version", version)] where value.trimmingCharacters(in: .whitespaces).isEmpty || value.count > 100 {
            throw EcoError.badRequest("'\(field)' must be 1 to 100 characters, e.g. name=acme-freight&version=2025.1.")
        }
        let set = try carbon { () throws(CarbonError) in try FactorSetReader.read(body, format: format, name: name, version: version) }
        let id = Self.id(name: name, version: version)
        if let stored = try await store.carbonFactorSet(id: id), stored.name != name || stored.version != version {
            throw EcoError.conflict("The id \(id) is taken by \(stored.name) \(stored.version); choose a name or version that differs in more than case and punctuation.")
        }
        let record = CarbonFactorSetRecord(id: id, name: name, version: version, factorCount: set.factors.count, createdAtMs: clock.nowMs(), createdBy: actor)
        try await store.saveCarbonFactorSetDraft(record, factors: set.factors.map(FactorRowMapping.row))
        return (record, FactorSetValidator.issues(in: set))
    }

    /// Publishes a draft after validating it again; from then on it never changes.
    public func publish(id: String, actor: String) async throws -> CarbonFactorSetRecord {
        if id == Self.builtInID { throw EcoError.conflict("The built-in set is published already and never changes.") }
        let (record, set, _) = try await detail(id: id)
        guard record.status == .draft else {
            throw EcoError.conflict("Factor set \(id) is already published; upload changes as a new version.")
        }
        _ = try carbon { () throws(CarbonError) in try set.published(atMs: clock.nowMs()) }
        guard let published = try await store.publishCarbonFactorSet(id: id, atMs: clock.nowMs(), by: actor) else { throw Self.unknown(id) }
        return published
    }

    /// The compiled index of a published set (or the built-in one) under `basis`.
    /// - Throws: `notFound` for an unknown set, `invalidArgument` for a draft.
    public func index(setId: String, basis: GWPBasis) async throws -> FactorIndex {
        let key = "\(setId)|\(basis.rawValue)"
        if let cached = indexes.withLock({ $0[key] }) { return cached }
        let set: FactorSet
        if setId == Self.builtInID {
            set = .builtIn
        } else {
            guard let record = try await store.carbonFactorSet(id: setId) else { throw Self.unknown(setId) }
            guard record.status == .published, let at = record.publishedAtMs else {
                throw EcoError.invalidArgument("Factor set \(setId) is a draft; publish it (POST /api/v1/carbon/factor-sets/\(setId)/publish) before accounting with it.")
            }
            let draft = try FactorRowMapping.set(try await store.carbonFactorRows(setId: setId), name: record.name, version: record.version)
            set = try carbon { () throws(CarbonError) in try draft.published(atMs: at) }
        }
        let index = FactorIndex(set: set, basis: basis)
        indexes.withLock { $0[key] = index }
        return index
    }

    /// A URL-safe id: the name and version in lower case, other characters as `-`.
    static func id(name: String, version: String) -> String {
        let text = "\(name)-\(version)".lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(text).split(separator: "-").joined(separator: "-")
    }

    static func unknown(_ id: String) -> EcoError {
        .notFound("No factor set has the id '\(id)'; GET /api/v1/carbon/factor-sets lists them.")
    }
}
