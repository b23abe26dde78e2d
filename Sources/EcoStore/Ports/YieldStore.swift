import EcoCore

/// Storage of reported crop yields (issue #17, food): the histories `POST /api/v1/food/yields` keeps and the yield
/// forecast and the `yield-regression` training job read. One record per region, crop and year: storing it again
/// replaces it (value, unit and source).
public protocol YieldStore: Sendable {
    /// Stores `records` in one transaction (all or none), replacing stored ones of the same region, crop and year;
    /// returns how many were written.
    func upsertYields(_ records: [YieldRecord]) async throws -> Int
    /// The stored records of `crop` (every crop when nil) and `region` (every region when nil), ordered by region, crop, year.
    func yields(crop: String?, region: String?) async throws -> [YieldRecord]
}
