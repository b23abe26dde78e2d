import Foundation

/// Estimates the unit of a stationary-combustion record sent without one (`unit` absent or `unknown`) from the history
/// of the same fuel, most specific first: the same supplier at the same facility, then the same supplier, then the same
/// facility, then the organization. Within that group, the k records of the fuel whose quantities are nearest in log
/// scale vote (k-nearest neighbours, k = ``neighbours``): a site that books diesel as 900 gal one month and 3,400 L
/// another gets `gal` for 850 and `L` for 3,300.
///
/// The estimate is the unit with most votes (nearest wins a tie); every unit with at least ``bandShare`` of them is in
/// its band (the CO2e band is the figure under each, ``Provenance``). No record of the fuel with a unit: no estimate,
/// and the row stays unaccounted, saying to send the unit. Estimated records are never evidence.
public struct FuelUnitEstimator: Sendable {
    public var neighbours = 5
    public var bandShare = 0.2

    public init() {}

    /// Whether `activity` is fuel combustion sent without a unit.
    public static func needs(_ activity: Activity) -> Bool {
        if case .combustion(let combustion) = activity.detail { return combustion.unit == nil }
        return false
    }

    /// Estimates for `targets` (each with its table row), learnt from `history` (the organization's records).
    public func estimate(_ targets: [(row: Int, activity: Activity)], learningFrom history: [Activity]) -> [FieldEstimate] {
        guard !targets.isEmpty else { return [] }
        var byFuel: [Fuel: [Booked]] = [:]
        for record in history where !record.estimated {
            guard case .combustion(let c) = record.detail, let unit = c.unit, c.quantity > 0 else { continue }
            byFuel[c.fuel, default: []].append(Booked(organization: record.organization, supplier: record.supplier, facility: record.facility,
                                                      logQuantity: log(c.quantity), unit: unit))
        }
        return targets.compactMap { row, activity in
            guard case .combustion(let c) = activity.detail, c.quantity > 0 else { return nil }
            let fuel = (byFuel[c.fuel] ?? []).filter { $0.organization == activity.organization }
            let groups: [(String, [Booked])] = [
                ("this supplier at this facility", fuel.filter { $0.supplier == activity.supplier && $0.facility == activity.facility }),
                ("this supplier", activity.supplier == nil ? [] : fuel.filter { $0.supplier == activity.supplier }),
                ("this facility", activity.facility == nil ? [] : fuel.filter { $0.facility == activity.facility }),
                ("the organization", fuel),
            ]
            guard let (scope, group) = groups.first(where: { !$0.1.isEmpty }) else { return nil }
            let target = log(c.quantity)
            let nearest = group.sorted { abs($0.logQuantity - target) < abs($1.logQuantity - target) }.prefix(neighbours)
            var votes: [CarbonUnit: Double] = [:]
            for (rank, booked) in nearest.enumerated() { votes[booked.unit, default: 0] += 1 + 1e-6 * Double(neighbours - rank) }
            let total = Double(nearest.count)
            guard let best = votes.max(by: { $0.value < $1.value }) else { return nil }
            let band = votes.filter { $0.value / total >= bandShare }.sorted { $0.value > $1.value }.map(\.key.rawValue)
            let share = min(1, (best.value / total * 1000).rounded(.down) / 1000)
            let method = "k-nearest neighbours (k ≤ \(neighbours)) in log quantity among \(scope)'s \(group.count) records of \(c.fuel.rawValue) with a unit"
            return FieldEstimate(row: row, field: "unit", value: share, low: share, high: share, trainingRows: fuel.count,
                                 ownRows: scope == "the organization" ? 0 : group.count, method: method, estimate: best.key.rawValue, alternatives: band)
        }
    }

    /// One measured record of a fuel: whose, how much (log) and in what unit.
    struct Booked {
        var organization: String
        var supplier: String?
        var facility: String?
        var logQuantity: Double
        var unit: CarbonUnit
    }
}
