import EcoML
import EcoRandom
import Testing

struct ModelTests {
    static func mixed(task: Task) throws -> Dataset {
        try Dataset(csv: CSVTable(parsing: Toy.mixedCSV(rows: 400, seed: 5)), target: task == .classification ? "label" : "amount", task: task)
    }

    static var small: TrainingOptions {
        var options = TrainingOptions(seed: 11)
        options.forest.treeCount = 20
        options.boosting.iterations = 30
        return options
    }

    @Test(arguments: [Algorithm.randomForest, .gradientBoosting, .logistic])
    func classifiersLearnACategoricalInteractionDespiteMissingCells(algorithm: Algorithm) throws {
        let data = try Self.mixed(task: .classification)
        let split = Splits.trainTest(target: data.target, testFraction: 0.25, seed: 1)
        let model = try Model.train(data.subset(split.train), algorithm: algorithm, options: Self.small)
        let metrics = model.evaluate(on: data.subset(split.test))
        // x > 5 XOR colour == green: trees get it (bar the 10% missing x); a linear model cannot.
        #expect(try #require(metrics.accuracy) > (algorithm == .logistic ? 0.4 : 0.85))
        let p = model.predict(data.subset(split.test))
        for i in 0..<p.count {
            let row = p.probabilities[(i * 2)..<(i * 2 + 2)]
            #expect(abs(row.reduce(0, +) - 1) < 1e-9)
        }
    }

    @Test(arguments: [Algorithm.randomForest, .gradientBoosting, .linear])
    func regressorsLearnAmountFromNumbersAndCategories(algorithm: Algorithm) throws {
        let data = try Self.mixed(task: .regression)
        let split = Splits.trainTest(target: data.target, testFraction: 0.25, seed: 1)
        let model = try Model.train(data.subset(split.train), algorithm: algorithm, options: Self.small)
        #expect(try #require(model.evaluate(on: data.subset(split.test)).r2) > 0.75)
    }

    @Test func linearRegressionRecoversAnExactLine() throws {
        let data = Dataset(schema: .numeric(count: 1), rows: (0..<20).map { [Double($0)] }, target: .values((0..<20).map { 2 * Double($0) + 1 }))
        let model = try Model.train(data, algorithm: .linear)
        #expect(abs(model.predict(row: [100]).value - 201) < 1e-6)
    }

    @Test func aForestGivesOrderedIntervalsAndAnOutOfBagScore() throws {
        let data = try Self.mixed(task: .regression)
        let model = try Model.train(data, algorithm: .randomForest, options: Self.small)
        let p = model.predict(data)
        for i in 0..<p.count { #expect(p.p10[i] <= p.p50[i] && p.p50[i] <= p.p90[i]) }
        #expect(try #require(model.outOfBagScore) > 0.7)
        let classifier = try Model.train(try Self.mixed(task: .classification), algorithm: .randomForest, options: Self.small)
        let c = classifier.predict(try Self.mixed(task: .classification))
        #expect(c.confidence.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(c.confidence.contains { $0 < 1 })
    }

    @Test(arguments: Algorithm.allCases)
    func trainingIsReproducibleFromTheSeed(algorithm: Algorithm) throws {
        let data = try Self.mixed(task: algorithm == .linear ? .regression : .classification)
        let a = try Model.train(data, algorithm: algorithm, options: Self.small)
        let b = try Model.train(data, algorithm: algorithm, options: Self.small)
        #expect(a.serialized() == b.serialized())
    }

    @Test func anotherSeedGrowsAnotherForest() throws {
        let data = try Self.mixed(task: .classification)
        var other = Self.small
        other.seed = 12
        #expect(try Model.train(data, algorithm: .randomForest, options: Self.small) != Model.train(data, algorithm: .randomForest, options: other))
    }

    @Test func progressIsReportedPerTreeAndFalseCancels() throws {
        let data = try Self.mixed(task: .classification)
        var calls = [Int]()
        _ = try Model.train(data, algorithm: .randomForest, options: Self.small) { done, total in
            calls.append(done)
            #expect(total == 20)
            return true
        }
        #expect(calls == Array(1...20))
        #expect(throws: MLError.cancelled) {
            try Model.train(data, algorithm: .gradientBoosting, options: Self.small) { done, _ in done < 3 }
        }
    }

    @Test func mismatchedAlgorithmAndTaskIsRejected() throws {
        let data = try Self.mixed(task: .regression)
        #expect(throws: MLError.self) { try Model.train(data, algorithm: .logistic) }
    }

    @Test func permutationImportanceRanksTheSignalAboveTheNoise() throws {
        let data = try Self.mixed(task: .regression)
        let model = try Model.train(data, algorithm: .randomForest, options: Self.small)
        let importance = model.permutationImportance(on: data, repeats: 3, seed: 1)
        let byName = Dictionary(uniqueKeysWithValues: importance.map { ($0.feature, $0.mean) })
        #expect(try #require(byName["x"]) > #require(byName["noise"]))
        #expect(try #require(byName["colour"]) > #require(byName["noise"]))
    }

    @Test func boostingStopsEarlyWhenHeldOutLossStopsImproving() throws {
        // Pure noise: the held-out loss cannot keep improving for 300 rounds.
        var rng = Xoshiro256StarStar(seed: 8)
        let data = Dataset(
            schema: .numeric(count: 2), rows: (0..<400).map { _ in [rng.unit(), rng.unit()] },
            target: .values((0..<400).map { _ in rng.unit() }))
        var parameters = BoostingParameters()
        parameters.iterations = 300
        parameters.earlyStopping = .on
        let stopped = try GradientBoosting.train(data, parameters: parameters)
        #expect(stopped.iterationCount < 300)
        parameters.earlyStopping = .automatic  // off below 10,000 rows
        #expect(try GradientBoosting.train(data, parameters: parameters).iterationCount == 300)
    }
}
