import Foundation
import EcoML

/// An estimate of a field an activity was sent without: today the load (kg) of a freight leg whose
/// distance is known. It lives beside the activity and is never written into it: the stored record
/// keeps what was sent, and the estimate is gone once a record with the load replaces it.
public struct FieldEstimate: Sendable, Equatable, Codable {
    /// Row of the table it was made for.
    public var row: Int
    /// The missing field, in the API's name: `loadKg`.
    public var field: String
    /// The estimate and its 80 % band (10th and 90th percentiles of the forest's trees), in kg.
    public var value: Double
    public var low: Double
    public var high: Double
    /// Measured legs the model learnt from, and how many of them were this supplier's own.
    public var trainingRows: Int
    public var ownRows: Int
    public var method: String

    public init(row: Int, field: String, value: Double, low: Double, high: Double, trainingRows: Int, ownRows: Int, method: String) {
        (self.row, self.field, self.value, self.low, self.high) = (row, field, value, low, high)
        (self.trainingRows, self.ownRows, self.method) = (trainingRows, ownRows, method)
    }

    /// One sentence for the audit trail: what was estimated, how, and from what.
    public var basis: String {
        "\(field) estimated at \(Self.text(value)) kg (80 % band \(Self.text(low))–\(Self.text(high)) kg) by \(method), "
            + "learnt from \(trainingRows) measured legs, \(ownRows) of them this supplier's own on this mode"
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
