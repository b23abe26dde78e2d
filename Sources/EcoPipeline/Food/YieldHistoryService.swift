import EcoAnalytics
import EcoCore
import EcoStore

/// Stored yield histories (`POST` and `GET /api/v1/food/yields`): reported yields per region, crop and year, checked
/// and converted to t/ha as a posted history is (``YieldHistory``), kept in the store, and read by the yield forecast
/// and the `yield-regression` training job when no history is posted with them.
public struct YieldHistoryService: Sendable {
    let yields: any YieldStore
    static let example = "region,crop,year,yield,unit,source / FR,maize,2021,9.1,t/ha,FAOSTAT QCL"

    public init(yields: any YieldStore) {
        self.yields = yields
    }

    /// What an import stored.
    public struct ImportSummary: Encodable, Sendable {
        public var stored: Int
        public var regions: [String]
        public var crops: [String]
        public var firstYear: Int
        public var lastYear: Int
    }

    /// The stored records, filtered by `crop` and `region`.
    public struct Listing: Encodable, Sendable {
        public var count: Int
        public var data: [YieldRecord]
    }

    /// Stores the rows of `body`, CSV (`text/csv`, columns `region,crop,year,yield,unit,source`) or a JSON array of objects
    /// with those fields, all or none: every invalid row (unknown crop or unit, a yield that is not positive, a row
    /// repeated) is listed in one 400 and nothing is stored. A stored region, crop and year is replaced.
    public func importYields(_ body: [UInt8], contentType: String) async throws -> ImportSummary {
        let table = try ImportTable(body, contentType: contentType, columns: YieldHistory.columns, example: Self.example)
        var records: [YieldRecord] = [], errors: [ImportTable.RowError] = [], seen = Set<String>()
        for row in table.rows {
            switch YieldHistory.record({ row.fields[$0] ?? "" }) {
            case let .success(record):
                if seen.insert(YieldHistory.key(record)).inserted { records.append(record) } else {
                    errors.append(.init(row: row, reason: YieldHistory.duplicate(record)))
                }
            case let .failure(failure): errors.append(.init(row: row, reason: failure.message))
            }
        }
        guard errors.isEmpty else { throw table.reject(errors) }
        let stored = try await yields.upsertYields(records)
        let years = records.map(\.year)
        return ImportSummary(stored: stored, regions: Set(records.map(\.region)).sorted(), crops: Set(records.map(\.crop)).sorted(),
                             firstYear: years.min() ?? 0, lastYear: years.max() ?? 0)
    }

    /// The stored records of `crop` and `region` (either may be absent), ordered by region, crop, year.
    public func list(_ parameters: QueryParameters) async throws -> Listing {
        let crop = parameters.string("crop")?.lowercased()
        if let crop, !CropCalendar.crops.contains(where: { $0.id == crop }) {
            throw EcoError.badRequest("Unknown crop '\(crop)'; use one of \(CropCalendar.crops.map(\.id).joined(separator: ", ")).")
        }
        let data = try await yields.yields(crop: crop, region: parameters.string("region"))
        return Listing(count: data.count, data: data)
    }
}
