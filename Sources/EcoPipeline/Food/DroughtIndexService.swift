import EcoAnalytics
import EcoCore
import EcoStore

/// SPI or SPEI of one H3 cell from stored observations (`GET /api/v1/food/drought-index`).
///
/// Monthly precipitation is the mean over the cell's `precipitation` series of each series' monthly total,
/// summed from its daily rollup buckets; a series' month counts only when every day has data
/// (``MonthlyFromDaily``). For the SPEI, the monthly mean `temperature_2m` of the cell (the 3/5 rule) gives
/// Thornthwaite PET at the cell centre's latitude (or `latitude`). The record runs from the first to the last
/// month with a total; months without one inside it are missing.
public struct DroughtIndexService: Sendable {
    let observations: any ObservationStore
    let variables: VariableRegistry

    public init(observations: any ObservationStore, variables: VariableRegistry) {
        self.observations = observations
        self.variables = variables
    }

    /// The index for `h3`, `index` (spi, spei; default spi), `scale` (default 3), and optionally `minYears`,
    /// `calibration`, `estimator`, `latitude`, `start`/`end` (the part of the record to use).
    public func index(_ parameters: QueryParameters) async throws -> DroughtIndexDocument {
        guard let cell = try parameters.cell("h3") else {
            throw EcoError.badRequest("Query parameter 'h3' is required, e.g. h3=871fb4662ffffff (any resolution).")
        }
        let kind = try DroughtIndexOptions.kind(parameters.string("index"))
        let options = try DroughtIndexOptions.make(
            scale: try parameters.int("scale", default: 3, range: Int.min...Int.max),
            minYears: parameters.string("minYears") == nil ? nil : try parameters.int("minYears", default: 30, range: Int.min...Int.max),
            calibration: parameters.string("calibration"), estimator: parameters.string("estimator"))
        let window = try parameters.window()
        let (precipitation, stations) = try await monthly("precipitation", cell: cell, window: window, scope: parameters.readableOrganizations,
                                                          aggregate: MonthlyFromDaily.totals)
        guard let first = precipitation.keys.min(), let last = precipitation.keys.max() else {
            throw EcoError.notFound(stations == 0
                ? "No precipitation series lies in cell \(Spatial.hex(cell)); GET /api/v1/cells?variable=precipitation shows where there is data."
                : "The precipitation series of cell \(Spatial.hex(cell)) have no complete month (every day of a month must have data).")
        }
        let months = (0...(last.ordinal - first.ordinal)).map { first.advanced(by: $0) }
        var record = MonthlyClimateRecord(start: first, precipitationMm: months.map { precipitation[$0] })
        let latitude = kind == .spei ? try parameters.latitude() ?? Spatial.center(of: cell).lat : nil
        if kind == .spei {
            let (temperature, _) = try await monthly("temperature_2m", cell: cell, window: window, scope: parameters.readableOrganizations,
                                                     aggregate: MonthlyFromDaily.means)
            guard !temperature.isEmpty else {
                throw EcoError.invalidArgument(
                    "The SPEI needs monthly temperature for Thornthwaite PET, and cell \(Spatial.hex(cell)) has no temperature_2m month "
                        + "with enough days (the WMO 3/5 rule); use index=spi, or send the series to POST /api/v1/food/drought-index/calculate with petMm.")
            }
            record.temperatureC = months.map { temperature[$0] }
        }
        var document: DroughtIndexDocument
        do throws(DroughtIndexError) {
            let pet = kind == .spei ? try record.potentialEvapotranspiration(method: .thornthwaite, latitude: latitude) : nil
            record.petMm = pet
            let series = try DroughtIndex.compute(kind, record: record, options: options)
            document = DroughtIndexDocument(series, kind: kind, options: options, record: record, pet: pet)
        } catch {
            throw error.ecoError
        }
        document.latitude = latitude
        document.petMethod = kind == .spei ? PETMethod.thornthwaite.rawValue : nil
        document.h3Index = Spatial.hex(cell)
        document.stations = stations
        return document
    }

    /// Monthly values of `variable` in `cell`: each series' months from `aggregate` over its daily buckets, averaged
    /// over the series that have the month; and how many series there are.
    func monthly(_ variable: String, cell: UInt64, window: TimeWindow, scope: Set<String>?,
                 aggregate: ([BucketValues]) -> [YearMonth: Double]) async throws -> ([YearMonth: Double], Int) {
        var filter = SeriesFilter(variable: variable, cellRanges: [Spatial.range15(of: cell)])
        filter.organizations = scope
        let series = try await observations.series(matching: filter)
        var sums: [YearMonth: (total: Double, count: Int)] = [:]
        for item in series {
            let daily = try await observations.buckets(of: [item.id], window: window, bucket: .day, rawValueLimit: 0).buckets
            for (month, value) in aggregate(daily) {
                sums[month, default: (0, 0)].total += value
                sums[month, default: (0, 0)].count += 1
            }
        }
        return (sums.mapValues { $0.total / Double($0.count) }, series.count)
    }
}

extension QueryParameters {
    /// `latitude` in degrees (−90…90), when given.
    func latitude() throws -> Double? {
        guard let text = string("latitude") else { return nil }
        guard let value = Double(text), (-90...90).contains(value) else {
            throw EcoError.badRequest("'latitude' must be a number of degrees from -90 to 90; got '\(text)'.")
        }
        return value
    }
}
