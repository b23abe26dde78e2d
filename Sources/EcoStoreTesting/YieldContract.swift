import EcoCore
import EcoStore

/// The promises of ``YieldStore``: a record is replaced by region, crop and year (the last of a batch wins), reads
/// filter by crop and region and order by region, crop, year, and records survive a reopen.
enum YieldContract {
    static func record(_ region: String, _ crop: String, _ year: Int, _ tonnes: Double, unit: String = "t/ha", source: String = "FAOSTAT QCL") -> YieldRecord {
        YieldRecord(region: region, crop: crop, year: year, tonnesPerHectare: tonnes, reportedValue: unit == "kg/ha" ? tonnes * 1000 : tonnes,
                    reportedUnit: unit, source: source)
    }

    static let cases: [ContractCase] = [
        ContractCase("YieldStore", "yields are replaced by region, crop and year, filtered by crop and region, ordered, kept over a reopen") { subject in
            let store = subject.store
            try expectEqual(try await store.upsertYields([]), 0, "nothing written")
            let rows = [
                record("FR", "maize", 2021, 9.1), record("FR", "maize", 2019, 8.2), record("FR", "wheat", 2020, 6.9),
                record("DE", "maize", 2020, 9.5, unit: "kg/ha"), record("FR", "maize", 2020, 8.0), record("FR", "maize", 2020, 8.7, source: "Agreste"),
            ]
            try expectEqual(try await store.upsertYields(rows), 6, "written")
            _ = try await store.upsertYields([record("FR", "maize", 2019, 8.4, source: "Agreste, revised")])
            try await subject.reopen()
            let all = try await subject.store.yields(crop: nil, region: nil)
            try expectEqual(all, [
                record("DE", "maize", 2020, 9.5, unit: "kg/ha"), record("FR", "maize", 2019, 8.4, source: "Agreste, revised"),
                record("FR", "maize", 2020, 8.7, source: "Agreste"), record("FR", "maize", 2021, 9.1), record("FR", "wheat", 2020, 6.9),
            ], "every record, ordered")
            try expectEqual(try await subject.store.yields(crop: "maize", region: "FR").map(\.year), [2019, 2020, 2021], "FR maize")
            try expectEqual(try await subject.store.yields(crop: "maize", region: nil).map(\.region), ["DE", "FR", "FR", "FR"], "maize")
            try expectEqual(try await subject.store.yields(crop: nil, region: "DE").map(\.crop), ["maize"], "DE")
            try expectEqual(try await subject.store.yields(crop: "soybean", region: nil), [], "no soybean")
        },
    ]
}
