import EcoML
import Testing

struct ArtifactTests {
    @Test(arguments: [
        (Algorithm.randomForest, Task.classification), (.randomForest, .regression),
        (.gradientBoosting, .classification), (.gradientBoosting, .regression),
        (.logistic, .classification), (.linear, .regression),
    ])
    func aLoadedModelPredictsBitForBitTheSame(algorithm: Algorithm, task: Task) throws {
        let data = try ModelTests.mixed(task: task)
        let model = try Model.train(data, algorithm: algorithm, options: ModelTests.small)
        let bytes = model.serialized()
        let loaded = try Model(serialized: bytes)
        #expect(loaded == model)
        let a = model.predict(data), b = loaded.predict(data)
        #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern))
        #expect(a.probabilities.map(\.bitPattern) == b.probabilities.map(\.bitPattern))
        #expect(a.p10.map(\.bitPattern) == b.p10.map(\.bitPattern))
        #expect(loaded.serialized() == bytes)
    }

    @Test func aMultiClassBoostedModelRoundTrips() throws {
        let data = try Fixture.dataset("ml_wine.csv", task: .classification)
        var options = TrainingOptions()
        options.boosting.iterations = 5
        let model = try Model.train(data, algorithm: .gradientBoosting, options: options)
        #expect(try Model(serialized: model.serialized()).predict(data) == model.predict(data))
    }

    @Test func aDamagedArtifactIsRejected() throws {
        let model = try Model.train(Toy.separable, algorithm: .randomForest, options: ModelTests.small)
        var bytes = model.serialized()
        bytes[bytes.count / 2] ^= 0x40
        #expect(throws: MLError.corruptArtifact("checksum mismatch")) { try Model(serialized: bytes) }
        #expect(throws: MLError.self) { try Model(serialized: Array(bytes.prefix(30))) }
        #expect(throws: MLError.self) { try Model(serialized: Array("not a model".utf8)) }
    }

    @Test func aNewerFormatVersionIsRejectedWithAnUpgradeHint() throws {
        var bytes = try Model.train(Toy.separable, algorithm: .randomForest, options: ModelTests.small).serialized()
        bytes[8] = 99
        #expect(throws: MLError.unsupportedArtifactVersion(found: 99, supported: Model.artifactFormatVersion)) {
            try Model(serialized: bytes)
        }
    }
}
