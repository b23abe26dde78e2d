/// One reported yield: a region's crop in a year, converted to tonnes per hectare (issue #17, food). Read from a
/// history CSV (EcoAnalytics' `YieldHistory`) and kept by a ``YieldStore``-conforming store, one per region, crop and year.
public struct YieldRecord: Sendable, Equatable, Hashable, Codable {
    public var region: String
    public var crop: String
    public var year: Int
    public var tonnesPerHectare: Double
    /// The unit and value as given, and where the number comes from.
    public var reportedValue: Double
    public var reportedUnit: String
    public var source: String

    public init(region: String, crop: String, year: Int, tonnesPerHectare: Double, reportedValue: Double, reportedUnit: String, source: String) {
        (self.region, self.crop, self.year, self.tonnesPerHectare) = (region, crop, year, tonnesPerHectare)
        (self.reportedValue, self.reportedUnit, self.source) = (reportedValue, reportedUnit, source)
    }
}
