import EcoCore
import EcoML
import Foundation

/// One dataset for ``MLBenchmark``: a CSV whose `target` column is the label and whose `fold`
/// column (0..<k) fixes the cross-validation folds, so another tool can use the very same folds.
public struct BenchmarkDataset: Sendable {
    /// Display name.
    public var name: String
    /// Classification or regression.
    public var task: Task
    /// CSV text with the features, `target` and `fold` columns.
    public var csv: String

    /// Creates a benchmark dataset.
    public init(name: String, task: Task, csv: String) {
        self.name = name
        self.task = task
        self.csv = csv
    }
}

/// Measurements of one algorithm on one dataset, averaged over folds.
public struct BenchmarkResult: Sendable, Codable, Equatable {
    /// Dataset name.
    public var dataset: String
    /// `rf` or `gbt`.
    public var algorithm: String
    /// Rows and feature columns of the dataset.
    public var rows: Int
    public var features: Int
    /// Number of folds.
    public var folds: Int
    /// Mean held-out metrics over the folds.
    public var metrics: EvaluationMetrics
    /// Mean training time per fold, seconds.
    public var trainSeconds: Double
    /// Mean time of one single-row prediction (`Model.predict(row:)`), microseconds.
    public var singleRowMicroseconds: Double
    /// Rows per second of batch prediction (`Model.predict(rowMajor:rowCount:)`).
    public var batchRowsPerSecond: Double
}

/// The `ecotrack bench ml` measurement: random forest and gradient boosting on fixed folds,
/// single-threaded, with scikit-learn-like default settings (100 trees each).
public enum MLBenchmark {
    /// Runs the benchmark on each dataset; progress is reported per dataset and algorithm through `log`.
    public static func run(
        _ datasets: [BenchmarkDataset], algorithms: [Algorithm] = [.randomForest, .gradientBoosting], seed: UInt64 = 0,
        log: (String) -> Void = { _ in }
    ) throws -> [BenchmarkResult] {
        var results = [BenchmarkResult]()
        for spec in datasets {
            let table = try CSVTable(parsing: spec.csv)
            guard let foldColumn = table.column(named: "fold") else {
                throw MLError.invalidInput("benchmark dataset \(spec.name) has no fold column")
            }
            let assignment = try table.rows.enumerated().map { i, row in
                guard let f = Int(row[foldColumn]), f >= 0 else {
                    throw MLError.csv(line: i + 2, message: "fold must be a non-negative integer")
                }
                return f
            }
            var features = table
            features.header.remove(at: foldColumn)
            for i in features.rows.indices { features.rows[i].remove(at: foldColumn) }
            let data = try Dataset(csv: features, target: "target", task: spec.task)
            let k = (assignment.max() ?? 0) + 1
            let splits = Splits.folds(from: assignment, count: k)
            for algorithm in algorithms {
                log("\(spec.name) \(algorithm.rawValue)")
                results.append(try measure(data, name: spec.name, algorithm: algorithm, splits: splits, seed: seed))
            }
        }
        return results
    }

    static func measure(
        _ data: Dataset, name: String, algorithm: Algorithm, splits: [TrainTestIndices], seed: UInt64
    ) throws -> BenchmarkResult {
        let clock = ContinuousClock()
        var options = TrainingOptions(seed: seed)
        options.forest.computeOutOfBagScore = false
        var metrics = [EvaluationMetrics]()
        var trainSeconds = 0.0, singleSeconds = 0.0, singleCalls = 0, batchSeconds = 0.0, batchRows = 0
        for split in splits {
            let train = data.subset(split.train), test = data.subset(split.test)
            var model: Model?
            let trainTime = try clock.measure { model = try Model.train(train, algorithm: algorithm, options: options) }
            trainSeconds += trainTime.seconds
            guard let model else { continue }
            metrics.append(model.evaluate(on: test))
            let rows = (0..<test.rowCount).map { test.row($0) }
            var sink = 0.0
            // Enough repetitions to outlast timer resolution; every row is predicted alone.
            let repeats = max(1, 2000 / max(rows.count, 1))
            singleSeconds += clock.measure {
                for _ in 0..<repeats { for row in rows { sink += model.predict(row: row).value } }
            }.seconds
            singleCalls += repeats * rows.count
            let x = test.rowMajorFeatures()
            batchSeconds += clock.measure {
                for _ in 0..<repeats { sink += model.predict(rowMajor: x, rowCount: test.rowCount).values[0] }
            }.seconds
            batchRows += repeats * test.rowCount
            if sink.isNaN { print("") }  // Keeps the optimiser from dropping the timed work.
        }
        return BenchmarkResult(
            dataset: name, algorithm: algorithm.rawValue, rows: data.rowCount, features: data.featureCount,
            folds: splits.count, metrics: EvaluationMetrics(averaging: metrics),
            trainSeconds: trainSeconds / Double(splits.count),
            singleRowMicroseconds: singleSeconds / Double(singleCalls) * 1e6,
            batchRowsPerSecond: Double(batchRows) / batchSeconds)
    }

    /// Command-line entry for `ecotrack bench ml --data DIR [--seed N]`: reads `DIR/manifest.json`
    /// (`[{"name": …, "task": "classification"|"regression", "file": "x.csv"}]`) and returns the results as JSON.
    public static func run(arguments: [String]) throws -> String {
        var directory: String?
        var seed: UInt64 = 0
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--data" where i + 1 < arguments.count: directory = arguments[i + 1]; i += 1
            case "--seed" where i + 1 < arguments.count: seed = UInt64(arguments[i + 1]) ?? 0; i += 1
            default: throw MLError.invalidInput("usage: bench ml --data DIR [--seed N]; unknown argument \(arguments[i])")
            }
            i += 1
        }
        guard let directory else { throw MLError.invalidInput("usage: bench ml --data DIR [--seed N]") }
        struct Entry: Decodable { var name: String; var task: Task; var file: String }
        let base = URL(fileURLWithPath: directory)
        let entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: base.appendingPathComponent("manifest.json")))
        let datasets = try entries.map { e in
            BenchmarkDataset(
                name: e.name, task: e.task, csv: try String(contentsOf: base.appendingPathComponent(e.file), encoding: .utf8))
        }
        let results = try run(datasets, seed: seed) { FileHandle.standardError.write(Data("bench ml: \($0)\n".utf8)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(results), as: UTF8.self)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
