import EcoCore
import EcoStore
import Foundation

/// How a ``CarbonActivityRecord`` maps to the columns of `carbon_activities`, in one place.
enum CarbonActivityRows {
    /// Every column but the id, in binding order (parameters 1…36).
    static let columns = """
        organization, client_id, supplier, facility, t, lat, lng, cell, cell15, region, estimated, scope, category, kind, \
        mode, vehicle, fuel, distance_km, load_kg, tonne_km, load_factor, empty_running, downstream, origin, destination, \
        quantity, unit, instrument, instrument_share, instrument_rate, supplier_rate, gas, carrier, cpu_hours, watts_per_cpu, pue
        """

    /// Inserts a record unless one with its organization and client id exists (then nothing changes).
    ///
    /// Plain `INSERT OR IGNORE` and `UPDATE … WHERE id` rather than an upsert: inside the group writer's
    /// savepoint an upsert needs a statement journal, whose truncation after every row made a batch
    /// quadratic (`ecotrack bench carbon`, 200,000 activities: ~3,000/s with the upsert, ~150,000/s with these).
    static let insert: String = {
        let placeholders = (1...names.count).map { "?\($0)" }.joined(separator: ", ")
        return "INSERT OR IGNORE INTO carbon_activities (\(columns)) VALUES (\(placeholders))"
    }()

    /// Overwrites the row with id `?37` with a record bound by ``bind(_:to:)`` (its organization and client id stay).
    static let update: String = {
        let assignments = names.enumerated().dropFirst(2).map { "\($0.element) = ?\($0.offset + 1)" }.joined(separator: ", ")
        return "UPDATE carbon_activities SET \(assignments) WHERE id = ?37"
    }()

    /// The id of an organization's record with a client id.
    static let find = "SELECT id FROM carbon_activities WHERE organization = ?1 AND client_id = ?2"

    private static let names = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }

    static func bind(_ r: CarbonActivityRecord, to s: SQLiteStatement) {
        let d = r.detail
        s.bind(1, r.organization).bind(2, r.clientId).bind(3, r.supplier).bind(4, r.facility).bind(5, r.timeMs)
            .bind(6, r.lat).bind(7, r.lng).bind(8, integer: r.cell.map { Int64(bitPattern: $0) })
            .bind(9, integer: r.cell15.map { Int64(bitPattern: $0) }).bind(10, r.region).bind(11, Int64(r.estimated ? 1 : 0))
            .bind(12, integer: r.scope.map(Int64.init)).bind(13, integer: r.category.map(Int64.init)).bind(14, r.kind)
        s.bind(15, d.mode).bind(16, d.vehicle).bind(17, d.fuel).bind(18, d.distanceKm).bind(19, d.loadKg).bind(20, d.tonneKm)
            .bind(21, d.loadFactor).bind(22, d.emptyRunning).bind(23, Int64(d.downstream ? 1 : 0)).bind(24, d.origin)
            .bind(25, d.destination).bind(26, d.quantity).bind(27, d.unit).bind(28, d.instrument).bind(29, d.instrumentShare)
            .bind(30, d.instrumentRate).bind(31, d.supplierRate).bind(32, d.gas).bind(33, d.carrier).bind(34, d.cpuHours)
            .bind(35, d.wattsPerCpu).bind(36, d.pue)
    }

    /// Reads a row selected as `id, ` + ``columns``.
    static func read(_ q: SQLiteStatement) -> CarbonActivityRecord {
        func text(_ c: Int32) -> String? { q.isNull(c) ? nil : q.string(c) }
        func int(_ c: Int32) -> Int64? { q.isNull(c) ? nil : q.int64(c) }
        var detail = CarbonActivityDetail()
        detail.mode = text(15)
        detail.vehicle = text(16)
        detail.fuel = text(17)
        detail.distanceKm = q.optionalDouble(18)
        detail.loadKg = q.optionalDouble(19)
        detail.tonneKm = q.optionalDouble(20)
        detail.loadFactor = q.optionalDouble(21)
        detail.emptyRunning = q.optionalDouble(22)
        detail.downstream = q.int64(23) != 0
        detail.origin = text(24)
        detail.destination = text(25)
        detail.quantity = q.optionalDouble(26)
        detail.unit = text(27)
        detail.instrument = text(28)
        detail.instrumentShare = q.optionalDouble(29)
        detail.instrumentRate = q.optionalDouble(30)
        detail.supplierRate = q.optionalDouble(31)
        detail.gas = text(32)
        detail.carrier = text(33)
        detail.cpuHours = q.optionalDouble(34)
        detail.wattsPerCpu = q.optionalDouble(35)
        detail.pue = q.optionalDouble(36)
        return CarbonActivityRecord(
            id: q.int64(0), organization: q.string(1), clientId: text(2), supplier: text(3), facility: text(4), timeMs: q.int64(5),
            lat: q.optionalDouble(6), lng: q.optionalDouble(7), cell: int(8).map { UInt64(bitPattern: $0) }, region: text(10),
            estimated: q.int64(11) != 0, scope: int(12).map { Int($0) }, category: int(13).map { Int($0) }, kind: q.string(14),
            detail: detail)
    }
}

extension SQLiteStatement {
    /// Binds an optional integer (NULL when nil).
    @discardableResult
    func bind(_ index: Int32, integer value: Int64?) -> Self {
        guard let value else { return bind(index, nil as String?) }
        return bind(index, value)
    }
}
