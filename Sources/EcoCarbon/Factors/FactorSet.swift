/// A versioned set of emission factors. A draft may change; once published it is immutable, and
/// every figure computed with it can be re-derived by its version.
public struct FactorSet: Sendable, Equatable {
    /// Draft (editable) or published (frozen).
    public enum Status: String, Sendable, Equatable, Codable { case draft, published }

    /// Name of the set, e.g. "EcoTrack default".
    public let name: String
    /// Version label, unique per name, e.g. "2025.1".
    public let version: String
    public private(set) var status: Status
    /// When it was published, milliseconds since the Unix epoch.
    public private(set) var publishedAtMs: Int64?
    public private(set) var factors: [EmissionFactor]

    /// A draft set.
    public init(name: String, version: String, factors: [EmissionFactor] = []) {
        self.name = name
        self.version = version
        self.status = .draft
        self.factors = factors
    }

    /// Adds a factor, or replaces the one with the same id.
    ///
    /// - Throws: ``CarbonError/publishedSetIsImmutable(version:)`` once the set is published.
    public mutating func upsert(_ factor: EmissionFactor) throws(CarbonError) {
        guard status == .draft else { throw .publishedSetIsImmutable(version: version) }
        if let index = factors.firstIndex(where: { $0.id == factor.id }) {
            factors[index] = factor
        } else {
            factors.append(factor)
        }
    }

    /// Removes the factor with `id`.
    ///
    /// - Throws: ``CarbonError/publishedSetIsImmutable(version:)`` once the set is published.
    public mutating func remove(id: String) throws(CarbonError) {
        guard status == .draft else { throw .publishedSetIsImmutable(version: version) }
        factors.removeAll { $0.id == id }
    }

    /// The set, published at `timeMs`: validated first, then frozen.
    ///
    /// - Throws: ``CarbonError/invalidFactorSet(_:)`` listing every error ``FactorSetValidator`` finds;
    ///   ``CarbonError/publishedSetIsImmutable(version:)`` when it is already published.
    public func published(atMs timeMs: Int64) throws(CarbonError) -> FactorSet {
        guard status == .draft else { throw .publishedSetIsImmutable(version: version) }
        let errors = FactorSetValidator.issues(in: self).filter { $0.severity == .error }
        guard errors.isEmpty else { throw .invalidFactorSet(errors.map(\.message)) }
        var copy = self
        copy.status = .published
        copy.publishedAtMs = timeMs
        return copy
    }

    /// The factor with `id`.
    public func factor(id: String) -> EmissionFactor? { factors.first { $0.id == id } }
}
