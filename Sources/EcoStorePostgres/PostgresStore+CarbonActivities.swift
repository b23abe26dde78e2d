import EcoCore
import EcoStore
import Logging
import PostgresNIO

// Carbon activities: one upsert per record in one transaction (a record whose organization and client id
// are stored replaces it, whoever wrote it), range reads on the (organization, …) indexes.
extension PostgresStore {
    /// Every column but the id, in the order ``activityValues(_:)`` binds them.
    static let activityColumns = """
        organization, client_id, supplier, facility, t, lat, lng, cell, cell15, region, estimated, scope, category, kind, \
        mode, vehicle, fuel, distance_km, load_kg, tonne_km, load_factor, empty_running, downstream, origin, destination, \
        quantity, unit, instrument, instrument_share, instrument_rate, supplier_rate, gas, carrier, cpu_hours, watts_per_cpu, pue
        """

    public func insertCarbonActivities(_ records: [CarbonActivityRecord]) async throws -> CarbonInsertSummary {
        guard !records.isEmpty else { return CarbonInsertSummary() }
        let updates = Self.activityColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return try await database.transaction { connection in
            var summary = CarbonInsertSummary()
            for record in records {
                let binds = Self.activityValues(record)
                let placeholders = (1...binds.count).map { "$\($0)" }.joined(separator: ", ")
                // `xmax = 0` only for a row this statement inserted (an updated row carries the updating transaction).
                let inserted = try await connection.collect(PostgresQuery(unsafeSQL: """
                    INSERT INTO carbon_activities (\(Self.activityColumns)) VALUES (\(placeholders))
                    ON CONFLICT (organization, client_id) WHERE client_id IS NOT NULL DO UPDATE SET \(updates)
                    RETURNING xmax = 0
                    """, binds: binds), logger: database.logger)
                if try inserted.first?.decode(Bool.self) == true { summary.inserted += 1 } else { summary.replaced += 1 }
            }
            summary.estimatesRemoved = try await Self.dropGapEstimates(measuredIn: records, connection, logger: database.logger)
            return summary
        }
    }

    public func carbonActivities(_ query: CarbonActivityQuery) async throws -> [CarbonActivityRecord] {
        var sql = SQLBuilder()
        sql.require("organization = \(sql.bind(query.organization))")
        if let from = query.fromMs { sql.require("t >= \(sql.bind(from))") }
        if let to = query.toMs { sql.require("t < \(sql.bind(to))") }
        if let supplier = query.supplier { sql.require("supplier = \(sql.bind(supplier))") }
        if let facility = query.facility { sql.require("facility = \(sql.bind(facility))") }
        if let cells = query.cellRange {
            sql.require("cell15 BETWEEN \(sql.bind(Int64(bitPattern: cells.lowerBound))) AND \(sql.bind(Int64(bitPattern: cells.upperBound)))")
        }
        if let afterTime = query.afterTimeMs { sql.require("(t, id) > (\(sql.bind(afterTime)), \(sql.bind(query.afterId ?? 0)))") }
        let limit = query.limit.map { "LIMIT \(max(0, $0))" } ?? ""
        return try await database.rows(sql.query("SELECT id, \(Self.activityColumns) FROM carbon_activities \(sql.whereClause) ORDER BY t, id \(limit)"),
                                       Self.readActivity)
    }

    public func carbonOrganizations() async throws -> [String] {
        try await database.rows("SELECT DISTINCT organization FROM carbon_activities ORDER BY organization") { try $0.decode(String.self) }
    }

    /// Removes the gap estimates of suppliers with a measured record in their period; returns how many.
    private static func dropGapEstimates(measuredIn records: [CarbonActivityRecord], _ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let measured = records.filter { !$0.estimated && $0.supplier != nil }
        guard !measured.isEmpty else { return 0 }
        let removed = try await connection.collect("""
            DELETE FROM carbon_gap_estimates g
            USING unnest(\(measured.map(\.organization))::text[], \(measured.map { $0.supplier ?? "" })::text[], \(measured.map(\.timeMs))::bigint[]) AS m(o, s, t)
            WHERE g.organization = m.o AND g.supplier = m.s AND g.period_start <= m.t AND g.period_end > m.t
            RETURNING 1
            """, logger: logger)
        return removed.count
    }

    /// A record's values in ``activityColumns`` order.
    private static func activityValues(_ r: CarbonActivityRecord) -> PostgresBindings {
        let d = r.detail
        var b = PostgresBindings()
        b.append(r.organization); b.append(r.clientId); b.append(r.supplier); b.append(r.facility); b.append(r.timeMs)
        b.append(r.lat); b.append(r.lng); b.append(r.cell.map { Int64(bitPattern: $0) }); b.append(r.cell15.map { Int64(bitPattern: $0) })
        b.append(r.region); b.append(r.estimated); b.append(r.scope.map(Int32.init)); b.append(r.category.map(Int32.init)); b.append(r.kind)
        b.append(d.mode); b.append(d.vehicle); b.append(d.fuel); b.append(d.distanceKm); b.append(d.loadKg); b.append(d.tonneKm)
        b.append(d.loadFactor); b.append(d.emptyRunning); b.append(d.downstream); b.append(d.origin); b.append(d.destination)
        b.append(d.quantity); b.append(d.unit); b.append(d.instrument); b.append(d.instrumentShare); b.append(d.instrumentRate)
        b.append(d.supplierRate); b.append(d.gas); b.append(d.carrier); b.append(d.cpuHours); b.append(d.wattsPerCpu); b.append(d.pue)
        return b
    }

    /// Reads a row selected as `id, ` + ``activityColumns``.
    private static func readActivity(_ row: PostgresRow) throws -> CarbonActivityRecord {
        let c = row.makeRandomAccess()
        func text(_ i: Int) throws -> String? { try c[i].decode(String?.self) }
        func real(_ i: Int) throws -> Double? { try c[i].decode(Double?.self) }
        var detail = CarbonActivityDetail()
        detail.mode = try text(15)
        detail.vehicle = try text(16)
        detail.fuel = try text(17)
        detail.distanceKm = try real(18)
        detail.loadKg = try real(19)
        detail.tonneKm = try real(20)
        detail.loadFactor = try real(21)
        detail.emptyRunning = try real(22)
        detail.downstream = try c[23].decode(Bool.self)
        detail.origin = try text(24)
        detail.destination = try text(25)
        detail.quantity = try real(26)
        detail.unit = try text(27)
        detail.instrument = try text(28)
        detail.instrumentShare = try real(29)
        detail.instrumentRate = try real(30)
        detail.supplierRate = try real(31)
        detail.gas = try text(32)
        detail.carrier = try text(33)
        detail.cpuHours = try real(34)
        detail.wattsPerCpu = try real(35)
        detail.pue = try real(36)
        return CarbonActivityRecord(
            id: try c[0].decode(Int64.self), organization: try c[1].decode(String.self), clientId: try text(2), supplier: try text(3),
            facility: try text(4), timeMs: try c[5].decode(Int64.self), lat: try real(6), lng: try real(7),
            cell: try c[8].decode(Int64?.self).map { UInt64(bitPattern: $0) }, region: try text(10), estimated: try c[11].decode(Bool.self),
            scope: try c[12].decode(Int32?.self).map(Int.init), category: try c[13].decode(Int32?.self).map(Int.init), kind: try c[14].decode(String.self),
            detail: detail)
    }
}
