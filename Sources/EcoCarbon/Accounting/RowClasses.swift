/// Rows alike in everything a what-if reads except their quantity and utilisation: supplier and
/// facility, kind, factor family, subject, region and unit, transport basis, mode, vehicle and fuel,
/// scope line and contractual instruments. Levers treat such rows identically, so when a scenario
/// does not read the utilisation, a row's scenario figures are its quantity × those of one unit
/// of its class, and ``Simulator`` works per class instead of per row.
struct RowClassKey: Hashable {
    var supplier: Int32, facility: Int32, subject: Int32, region: Int32
    var kind: ActivityKind, family: FactorFamily, unit: CarbonUnit, scope: Scope
    var category: UInt8, basis: UInt8, mode: UInt8, vehicle: UInt8, fuel: UInt8
    /// Bit patterns, so that NaN (no figure) equals itself.
    var instrumentShare: UInt64, instrumentRate: UInt64, supplierRate: UInt64
}

/// The class ids of a table's rows, assigned as rows are appended.
struct RowClasses: Sendable {
    private var ids: [RowClassKey: Int32] = [:]
    /// Class of each row.
    private(set) var ofRow: [Int32] = []
    /// First row of each class (a representative).
    private(set) var firstRow: [Int32] = []

    var count: Int { firstRow.count }

    mutating func reserveCapacity(_ n: Int) { ofRow.reserveCapacity(n) }

    mutating func append(_ key: RowClassKey, row: Int) {
        if let id = ids[key] {
            ofRow.append(id)
        } else {
            let id = Int32(firstRow.count)
            ids[key] = id
            firstRow.append(Int32(row))
            ofRow.append(id)
        }
    }
}
