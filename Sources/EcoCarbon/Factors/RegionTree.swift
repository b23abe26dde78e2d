/// The region hierarchy used for factor fallback: sub-region → country → world.
///
/// A region's parent is the one a factor names (`parentRegion`, e.g. a cloud region's country),
/// else the part before the first `-` (`US-CAMX` → `US`), else `WORLD`.
public struct RegionTree: Sendable, Equatable {
    /// The root of every chain.
    public static let world = "WORLD"
    private var parents: [String: String]

    /// A tree with explicit parents (codes compare without letter case).
    public init(parents: [String: String] = [:]) {
        self.parents = Dictionary(parents.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The tree implied by the factors' `parentRegion` fields.
    public init(factors: [EmissionFactor]) {
        var parents: [String: String] = [:]
        for factor in factors {
            if let parent = factor.parentRegion, !parent.isEmpty { parents[factor.region] = parent }
        }
        self.init(parents: parents)
    }

    /// The parent of `region`, or nil for the world.
    public func parent(of region: String) -> String? {
        let key = region.lowercased()
        if key == Self.world.lowercased() { return nil }
        if let parent = parents[key] { return parent }
        if let dash = region.firstIndex(of: "-"), !region.contains(":") { return String(region[..<dash]) }
        return Self.world
    }

    /// `region` and its ancestors, most specific first, ending with `WORLD`.
    public func chain(_ region: String?) -> [String] {
        guard var current = region, !current.isEmpty else { return [Self.world] }
        var chain = [current]
        while let parent = parent(of: current), chain.count < 8 {
            chain.append(parent)
            current = parent
        }
        return chain
    }
}
