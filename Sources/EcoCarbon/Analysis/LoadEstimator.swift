import Foundation
import EcoML

/// An estimate of a field an activity was sent without: the load (kg) of a freight leg whose distance is known
/// (``LoadEstimator``), the grid region of purchased electricity (``RegionEstimator``) or the unit of a fuel
/// burned (``FuelUnitEstimator``). It lives beside the activity and is never written into the store: the stored
/// record keeps what was sent, and the estimate is gone once a record with the field replaces it.
public struct FieldEstimate: Sendable, Equatable, Codable {
    /// Row of the table it was made for.
    public var row: Int
    /// The missing field, in the API's name: `loadKg`, `region` or `unit`.
    public var field: String
    /// `loadKg`: the estimate and its 80 % band (10th and 90th percentiles of the forest's trees), in kg.
    /// `region`, `unit`: the share of the evidence (votes) behind ``estimate`` (0–1), in all three.
    public var value: Double
    public var low: Double
    public var high: Double
    /// Records the estimate learnt from, and how many of them were this supplier's (or facility's) own.
    public var trainingRows: Int
    public var ownRows: Int
    public var method: String
    /// `region`, `unit`: the value estimated (`FR`, `gal`), and the values the evidence allows (its band, the
    /// estimate included); the CO2e band is the figure under each of them (``Provenance``).
    public var estimate: String?
    public var alternatives: [String]

    public init(row: Int, field: String, value: Double, low: Double, high: Double, trainingRows: Int, ownRows: Int, method: String,
                estimate: String? = nil, alternatives: [String] = []) {
        (self.row, self.field, self.value, self.low, self.high) = (row, field, value, low, high)
        (self.trainingRows, self.ownRows, self.method) = (trainingRows, ownRows, method)
        (self.estimate, self.alternatives) = (estimate, alternatives)
    }

    /// One sentence for the audit trail: what was estimated, how, and from what.
    public var basis: String {
        guard field == "loadKg" else {
            let band = alternatives.count > 1 ? "; the evidence also allows \(alternatives.filter { $0 != estimate }.joined(separator: ", ")), which span the CO2e band" : ""
            return "\(field) estimated as \(estimate ?? "?") (\(String(format: "%.0f", value * 100)) % of the evidence) by \(method), "
                + "from \(trainingRows) records, \(ownRows) of them this facility's or supplier's own\(band)"
        }
        return "\(field) estimated at \(Self.text(value)) kg (80 % band \(Self.text(low))–\(Self.text(high)) kg) by \(method), "
            + "learnt from \(trainingRows) measured legs, \(ownRows) of them this supplier's own on this mode"
    }

    /// Writes a `region` or `unit` estimate into the activity it was made for and marks it estimated (the table is built
    /// from the result); a load estimate is applied to the table instead (``ActivityTable/apply(_:)``).
    public func apply(to activity: inout Activity) {
        guard let estimate else { return }
        switch (field, activity.detail) {
        case ("region", _):
            activity.region = estimate
            activity.estimated = true
        case ("unit", .combustion(var combustion)):
            guard let unit = CarbonUnit(rawValue: estimate) else { return }
            combustion.unit = unit
            activity.detail = .combustion(combustion)
            activity.estimated = true
        default: break
        }
    }

    private static func text(_ kg: Double) -> String { String(format: "%.0f", kg) }
}

/// Estimates the load of freight legs sent with a distance but no load (``TransportActivity/loadIsMissing``)
/// with a random forest (EcoML, as ``GapFiller``) on every measured leg of the history: the supplier's
/// own level on the mode and the lane's, so a leg borrows from the supplier's own history and from
/// suppliers moving the same vehicles the same distances. Measured rows are never estimated.
public struct LoadEstimator: Sendable {
    public var trees = 60
    public var seed: UInt64 = 14
    /// Fewer measured legs than this in the history: no estimate (the rows stay unaccounted, saying why).
    public var minimumTraining = 5
    /// At most this many legs are learnt from (an even stride through the history), to bound the cost.
    public var maximumTraining = 20_000

    public init() {}

    public static let method = "random forest (EcoML) on log load per leg; features: supplier's median load on the mode, lane's median load, mode, vehicle payload, log distance, utilisation"

    /// Rows of `table` whose load is missing (quantity NaN, freight basis, distance known).
    public static func missingRows(_ table: ActivityTable) -> [Int] {
        (0..<table.count).filter { table.kind[$0] == .transport && table.quantity[$0].isNaN && table.distanceKm[$0].isFinite }
    }

    /// Load estimates for the missing rows of `table`, learnt from the measured legs of `history`
    /// (`table` itself when nil; pass a longer window that includes it for more to learn from).
    public func estimate(_ table: ActivityTable, learningFrom history: ActivityTable? = nil) -> [FieldEstimate] {
        let targets = Self.missingRows(table)
        guard !targets.isEmpty else { return [] }
        let legs = MeasuredLegs(history ?? table, limit: maximumTraining)
        guard legs.count >= minimumTraining else { return [] }
        var options = TrainingOptions(seed: seed)
        options.forest.treeCount = trees
        options.forest.minSamplesLeaf = 3
        options.targetName = "log_load_t"
        let names = ["supplier_level", "lane_level", "mode", "vehicle_payload_t", "log_distance_km", "utilisation"]
        let data = Dataset(schema: FeatureSchema(names: names, kinds: names.map { _ in .numeric }), rows: legs.rows, target: .values(legs.logLoads))
        guard let model = try? Model.train(data, algorithm: .randomForest, options: options) else { return [] }
        let rows = targets.map { legs.features(table, row: $0) }
        let predictions = model.predict(rowMajor: rows.flatMap { $0 }, rowCount: rows.count)
        return targets.enumerated().map { k, row in
            let limit = (table.vehicleOf(row)?.maxPayloadTonnes ?? table.transportMode(row)?.maxLoadTonnes ?? .infinity) * 1000
            func kg(_ log: Double) -> Double { min(exp(log) * 1000, limit) }
            return FieldEstimate(
                row: row, field: "loadKg", value: kg(predictions.values[k]), low: kg(predictions.p10[k]), high: kg(predictions.p90[k]),
                trainingRows: legs.count, ownRows: legs.ownCount(table, row: row), method: Self.method)
        }
    }
}

/// The measured freight legs of a history in the estimator's features, with the supplier's and the
/// lane's median log load (keyed by name, so a leg of another table can be described the same way).
struct MeasuredLegs {
    private(set) var rows: [[Double]] = []
    private(set) var logLoads: [Double] = []
    private var supplierLevel: [String: Double] = [:]
    private var supplierCount: [String: Int] = [:]
    private var laneLevel: [String: Double] = [:]

    var count: Int { rows.count }

    init(_ history: ActivityTable, limit: Int) {
        let measured = (0..<history.count).filter { i in
            history.kind[i] == .transport && history.transportBasis[i] == FactorLookup.TransportBasis.freight.rawValue && !history.estimated[i]
                && history.quantity[i] > 0 && history.distanceKm[i] > 0
        }
        var bySupplier: [String: [Double]] = [:], byLane: [String: [Double]] = [:]
        for i in measured {
            let logLoad = log(history.quantity[i] / history.distanceKm[i])
            bySupplier[Self.supplierKey(history, i), default: []].append(logLoad)
            if let lane = history.lanes.name(history.lane[i]) { byLane[lane, default: []].append(logLoad) }
        }
        supplierLevel = bySupplier.compactMapValues(RobustStatistics.median)
        supplierCount = bySupplier.mapValues(\.count)
        laneLevel = byLane.compactMapValues(RobustStatistics.median)
        let stride = max(1, (measured.count + limit - 1) / limit)
        for k in Swift.stride(from: 0, to: measured.count, by: stride) {
            let i = measured[k]
            rows.append(features(history, row: i))
            logLoads.append(log(history.quantity[i] / history.distanceKm[i]))
        }
    }

    /// The features of row `row` of `table` (NaN where unknown).
    func features(_ table: ActivityTable, row i: Int) -> [Double] {
        let lane = table.lanes.name(table.lane[i]).flatMap { laneLevel[$0] } ?? .nan
        return [supplierLevel[Self.supplierKey(table, i)] ?? .nan, lane, Double(table.mode[i]),
                table.vehicleOf(i)?.maxPayloadTonnes ?? .nan, log(table.distanceKm[i]), table.utilisation[i]]
    }

    /// Measured legs of the same supplier and mode as row `row` of `table`.
    func ownCount(_ table: ActivityTable, row: Int) -> Int { supplierCount[Self.supplierKey(table, row)] ?? 0 }

    private static func supplierKey(_ table: ActivityTable, _ i: Int) -> String {
        "\(table.suppliers.name(table.supplier[i]) ?? "")\u{1F}\(table.mode[i])"
    }
}
