import EcoCore
import Foundation

/// Estimates the grid region of purchased electricity sent without one (`region` absent), from the organization's
/// own records, in this order of evidence:
///
/// 1. **the facility's own records**: the region most of the facility's other records name (any kind: a site's gas
///    or transport records with `FR` place it in France);
/// 2. **its location**: the k nearest records with a region and a place (lat/lng or H3 cell), within
///    ``radiusKm`` by great-circle distance, vote (k-nearest neighbours, k = ``neighbours``);
/// 3. **the organization's dominant grid region**: the region of most of its electricity kWh (any record's region
///    when none of its electricity names one).
///
/// The estimate is the region with most votes; every region with at least ``bandShare`` of them is in its band
/// (the CO2e band is the figure under each, ``Provenance``). No evidence: no estimate, and the row keeps the
/// `WORLD` factor. Estimated records are never evidence.
public struct RegionEstimator: Sendable {
    public var neighbours = 5
    public var radiusKm = 150.0
    /// A region needs this share of the votes to be in the band.
    public var bandShare = 0.1

    public init() {}

    static let facilityMethod = "the facility's own records: the region most of them name"
    static let locationMethod = "k-nearest located records (k ≤ 5 within 150 km, great-circle distance): their most common region"
    static let organizationMethod = "the organization's dominant grid region: the region of most of its electricity kWh"

    /// Whether `activity` is purchased electricity sent without a region.
    public static func needs(_ activity: Activity) -> Bool {
        guard activity.region == nil else { return false }
        switch activity.detail {
        case .electricity: return true
        case .facilityEnergy(let energy): return energy.carrier == .electricity
        default: return false
        }
    }

    /// Estimates for `targets` (each with its table row), learnt from `history` (the organization's records).
    public func estimate(_ targets: [(row: Int, activity: Activity)], learningFrom history: [Activity]) -> [FieldEstimate] {
        guard !targets.isEmpty else { return [] }
        let evidence = Evidence(history.filter { $0.region != nil && !$0.estimated })
        return targets.compactMap { row, activity in
            var votes: [String: Double] = [:], method = "", own = 0
            if let facility = activity.facility, let counts = evidence.byFacility[Evidence.key(activity.organization, facility)] {
                (votes, method, own) = (counts, Self.facilityMethod, Int(counts.values.reduce(0, +)))
            } else if let place = Evidence.place(activity) {
                let near = evidence.located.filter { $0.organization == activity.organization }
                    .map { ($0.region, Self.distanceKm(place, $0.place)) }.filter { $0.1 <= radiusKm }
                    .sorted { $0.1 < $1.1 }.prefix(neighbours)
                for (region, _) in near { votes[region, default: 0] += 1 }
                method = Self.locationMethod
            }
            if votes.isEmpty, let kWh = evidence.electricityKWh[activity.organization] ?? evidence.anyRecord[activity.organization] {
                (votes, method) = (kWh, Self.organizationMethod)
            }
            let total = votes.values.reduce(0, +)
            guard total > 0, let best = votes.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { return nil }
            let band = votes.filter { $0.value / total >= bandShare }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
            let share = best.value / total
            return FieldEstimate(row: row, field: "region", value: share, low: share, high: share, trainingRows: evidence.count,
                                 ownRows: own, method: method, estimate: best.key, alternatives: band)
        }
    }

    /// Great-circle distance in km (haversine, mean Earth radius 6371 km).
    static func distanceKm(_ a: (lat: Double, lng: Double), _ b: (lat: Double, lng: Double)) -> Double {
        let r = Double.pi / 180
        let dLat = (b.lat - a.lat) * r, dLng = (b.lng - a.lng) * r
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * r) * cos(b.lat * r) * sin(dLng / 2) * sin(dLng / 2)
        return 2 * 6371 * asin(min(1, h.squareRoot()))
    }

    /// The regions the history names, by facility, by place and by organization.
    struct Evidence {
        var byFacility: [String: [String: Double]] = [:]
        var located: [(organization: String, place: (lat: Double, lng: Double), region: String)] = []
        var electricityKWh: [String: [String: Double]] = [:]
        var anyRecord: [String: [String: Double]] = [:]
        var count = 0

        init(_ records: [Activity]) {
            count = records.count
            for record in records {
                guard let region = record.region else { continue }
                if let facility = record.facility { byFacility[Self.key(record.organization, facility), default: [:]][region, default: 0] += 1 }
                if let place = Self.place(record) { located.append((record.organization, place, region)) }
                anyRecord[record.organization, default: [:]][region, default: 0] += 1
                switch record.detail {
                case .electricity(let e): electricityKWh[record.organization, default: [:]][region, default: 0] += e.kWh
                case .facilityEnergy(let f) where f.carrier == .electricity:
                    electricityKWh[record.organization, default: [:]][region, default: 0] += f.unit.factor(to: .kWh).map { f.quantity * $0 } ?? 0
                default: break
                }
            }
            electricityKWh = electricityKWh.filter { $0.value.values.reduce(0, +) > 0 }
        }

        static func key(_ organization: String, _ facility: String) -> String { "\(organization)\u{1F}\(facility)" }

        /// The record's place: its lat/lng, else the centre of its H3 cell.
        static func place(_ activity: Activity) -> (lat: Double, lng: Double)? {
            if let lat = activity.lat, let lng = activity.lng { return (lat, lng) }
            return activity.cell.map(Spatial.center(of:))
        }
    }
}
