import Crypto
import EcoCore
import EcoImage
import EcoML
import EcoStore
import Foundation

/// Training job kind `image-head` (issue #18): transfer learning on CPU. Every image of a dataset version goes
/// through a backbone ONNX model once (embeddings cached per backbone and file), then a softmax head is trained
/// on the embeddings for `epochs` epochs with validation loss and accuracy logged after each; the whole trainer is
/// checkpointed to object storage after every epoch, so a cancelled or crashed job, retried, resumes from its
/// last epoch. The head is registered (algorithm `image-head`) with its validation and test metrics, and
/// classifies images with its backbone (``ImageHeadPrediction``). Parameters: ``ImageHeadParameters``.
struct ImageHeadJobKind: TrainingJobKind {
    let name = "image-head"
    let embeddings: EmbeddingCache
    let embedders: EmbedderCache

    init(embeddings: EmbeddingCache = EmbeddingCache(), embedders: EmbedderCache = .shared) {
        self.embeddings = embeddings
        self.embedders = embedders
    }

    /// Image types the decoder reads.
    static let imageTypes: Set<String> = ["image/png", "image/jpeg"]

    func validate(_ parameters: JSONValue) throws { _ = try ImageHeadParameters(parameters) }

    /// What a checkpoint holds: the trainer, the epochs' metrics so far, and what it was trained on (a checkpoint of
    /// other data or settings is not resumed).
    struct Checkpoint: Codable {
        var fingerprint: String
        var trainer: SoftmaxTrainer
        var history: [EpochMetrics]
    }

    struct EpochMetrics: Codable, Equatable {
        var epoch: Int
        var trainLoss: Double
        var validationLoss: Double
        var validationAccuracy: Double
    }

    func run(_ parameters: JSONValue, context: TrainingJobContext) async throws -> ModelTraining.Outcome {
        var p = try ImageHeadParameters(parameters)
        guard let objects = context.objects else {
            throw EcoError.invalidArgument("This server has no object storage, where images, backbones and checkpoints live; set objectStore.")
        }
        if let reference = p.backboneModel {
            let resolved = try await Self.registeredBackbone(reference, registry: context.store)
            p.backbone = resolved.0
            p.preprocessing = resolved.1
            p.backboneModel = resolved.2
        }
        let dataset = try await datasetVersion(p, store: context.store)
        let info = dataset.info
        let unusable = dataset.members.filter { !Self.imageTypes.contains($0.contentType) }
        guard unusable.isEmpty else {
            throw EcoError.invalidArgument("Dataset \(info.name) version \(info.version) has \(unusable.count) member(s) that are not PNG or JPEG images (e.g. entry \(unusable[0].entryID), \(unusable[0].contentType)); make a version of images only, e.g. with query type=image.")
        }
        let parts = Dictionary(grouping: dataset.members, by: \.split)
        let train = parts[.train] ?? [], validation = parts[.validation] ?? [], test = parts[.test] ?? []
        let trainClasses = Set(train.map(\.label))
        guard trainClasses.count >= 2 else {
            throw EcoError.invalidArgument("Dataset \(info.name) version \(info.version) has \(trainClasses.count) class(es) among its \(train.count) training entries; a classifier needs at least 2.")
        }
        guard !validation.isEmpty else {
            throw EcoError.invalidArgument("Dataset \(info.name) version \(info.version) has no validation entries; make a version with split.validation above 0 and enough entries.")
        }
        let classes = info.classes
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let total = dataset.members.count + p.epochs
        context.log("image head on dataset \(info.name) version \(info.version): \(train.count) train, \(validation.count) validation, \(test.count) test images, \(classes.count) classes; backbone \(p.backboneModel ?? String(p.backbone.prefix(12)) + "…"), \(p.epochs) epochs, \(p.options.optimizer.rawValue)")

        let embedder = try await embedders.embedder(backbone: p.backbone, output: p.embeddingOutput, preprocessing: p.preprocessing, objects: objects)
        var done = 0, computed = 0
        func embed(_ members: [DatasetMember]) async throws -> [[Float]] {
            var rows: [[Float]] = []
            rows.reserveCapacity(members.count)
            for member in members {
                let key = "\(p.backbone)|\(embedder.output)|\(p.preprocessing.inputSize),\(p.preprocessing.resizeSize),\(p.preprocessing.mean),\(p.preprocessing.std),\(p.preprocessing.channelOrder)|\(member.sha256)"
                var row = embeddings.value(key)
                if row == nil {
                    let image = try await read(member, objects: objects)
                    do { row = try embedder.embed(image) } catch {
                        throw EcoError.invalidArgument("Entry \(member.entryID) (file \(member.sha256.prefix(12))…) cannot be embedded: \(error).")
                    }
                    embeddings.store(row!, for: key)
                    computed += 1
                }
                if let width = rows.first?.count, width != row!.count {
                    throw EcoError.invalidArgument("The backbone gave embeddings of \(width) and \(row!.count) values; its output must have one size for every image.")
                }
                rows.append(row!)
                done += 1
                guard context.progress(done, total) else { throw MLError.cancelled }
            }
            return rows
        }
        let trainRows = try await embed(train), validationRows = try await embed(validation), testRows = try await embed(test)
        let width = trainRows.first?.count ?? 0
        context.log("embeddings: \(dataset.members.count) images of \(width) values (output '\(embedder.output)'), \(computed) computed, \(dataset.members.count - computed) from the cache")
        let trainLabels = train.map { index[$0.label]! }, validationLabels = validation.map { index[$0.label]! }, testLabels = test.map { index[$0.label]! }

        let fingerprint = Self.fingerprint(dataset, p)
        var trainer = SoftmaxTrainer(classes: classes.count, trainingRows: trainRows, options: p.options)
        var history: [EpochMetrics] = []
        var previousCheckpoint: String?
        if let saved = try await context.store.trainingCheckpoint(jobID: context.jobID), !context.jobID.isEmpty, let key = ObjectKey(sha256: saved.key) {
            previousCheckpoint = saved.key
            do {
                let checkpoint = try JSONDecoder().decode(Checkpoint.self, from: Data(try await objects.readAll(key)))
                if checkpoint.fingerprint == fingerprint, checkpoint.trainer.epochs <= p.epochs {
                    trainer = checkpoint.trainer
                    history = checkpoint.history
                    context.log("resuming from the checkpoint after epoch \(trainer.epochs) of \(p.epochs)")
                } else {
                    context.log("the saved checkpoint is of other data or settings; training from epoch 0")
                }
            } catch {
                context.log("the saved checkpoint cannot be read (\(error)); training from epoch 0")
            }
        }
        _ = context.progress(done + trainer.epochs, total)
        while trainer.epochs < p.epochs {
            let trainLoss = trainer.runEpoch(trainRows, labels: trainLabels)
            let (loss, accuracy) = trainer.classifier.evaluate(validationRows, labels: validationLabels)
            let metrics = EpochMetrics(epoch: trainer.epochs, trainLoss: trainLoss, validationLoss: loss, validationAccuracy: accuracy)
            history.append(metrics)
            context.log(String(format: "epoch %d/%d: train loss %.4f, validation loss %.4f, validation accuracy %.4f", metrics.epoch, p.epochs,
                               trainLoss, loss, accuracy))
            previousCheckpoint = try await saveCheckpoint(Checkpoint(fingerprint: fingerprint, trainer: trainer, history: history), replacing: previousCheckpoint,
                                                          objects: objects, context: context)
            guard context.progress(done + trainer.epochs, total) else { throw MLError.cancelled }
        }

        let (validationLoss, validationAccuracy) = trainer.classifier.evaluate(validationRows, labels: validationLabels)
        let (testLoss, testAccuracy) = trainer.classifier.evaluate(testRows, labels: testLabels)
        var metrics: [String: JSONValue] = ["validationAccuracy": .number(validationAccuracy), "validationLoss": .number(validationLoss),
                                            "epochs": .number(Double(p.epochs))]
        if !testRows.isEmpty {
            metrics["testAccuracy"] = .number(testAccuracy)
            metrics["testLoss"] = .number(testLoss)
        }
        var artifact = ImageHeadArtifact(backboneSHA256: p.backbone, embeddingOutput: p.embeddingOutput, preprocessing: p.preprocessing,
                                         classes: classes, classifier: trainer.classifier)
        artifact.backboneModel = p.backboneModel
        let settings: [String: JSONValue] = [
            "dataset": .string(info.name), "datasetVersion": .number(Double(info.version)), "backboneSha256": .string(p.backbone), "backbone": p.backboneModel.map(JSONValue.string) ?? .null,
            "embeddingOutput": .string(embedder.output), "embeddingSize": .number(Double(width)), "classes": .array(classes.map(JSONValue.string)),
            "epochs": .number(Double(p.epochs)), "optimizer": .string(p.options.optimizer.rawValue), "learningRate": .number(p.options.learningRate),
            "batchSize": .number(Double(p.options.batchSize)), "l2": .number(p.options.l2), "seed": .string(String(p.options.seed)),
        ]
        let version = ModelVersion(name: context.modelName, algorithm: ImageHeadArtifact.algorithm, task: "classification",
                                   parametersJSON: JSONValue.object(settings).text, metricsJSON: JSONValue.object(metrics).text,
                                   datasetSHA256: fingerprint, createdAtMs: context.clock.nowMs(), artifact: try artifact.bytes())
        let registered = try await context.store.registerModel(version)
        context.log("registered \(registered.name) version \(registered.version): validation accuracy \(String(format: "%.4f", validationAccuracy))"
            + (testRows.isEmpty ? "" : ", test accuracy \(String(format: "%.4f", testAccuracy))"))
        var summary = metrics
        summary["name"] = .string(registered.name)
        summary["version"] = .number(Double(registered.version))
        summary["metrics"] = .object(metrics)
        summary["history"] = .array(history.map { epoch in
            .object(["epoch": .number(Double(epoch.epoch)), "trainLoss": .number(epoch.trainLoss), "validationLoss": .number(epoch.validationLoss),
                     "validationAccuracy": .number(epoch.validationAccuracy)])
        })
        return ModelTraining.Outcome(registered: registered, summaryJSON: JSONValue.object(summary).text)
    }

    /// The file, preprocessing and exact version (`name@N`) of a registered ONNX image model used as the backbone.
    static func registeredBackbone(_ reference: String, registry: any ModelRegistry) async throws -> (String, Preprocessing, String) {
        let (name, parsed) = ModelReference.parse(reference)
        guard let version = try await registry.model(named: name, parsed) else {
            throw EcoError.invalidArgument("No model '\(reference)' is registered to use as the backbone; GET /api/v1/models lists them.")
        }
        guard let spec = ImageModelSpec.of(version), let key = version.artifactKey else {
            throw EcoError.invalidArgument("Model \(version.name) version \(version.version) is a '\(version.algorithm)' model, not an ONNX image model; a backbone must be registered as an ONNX image model.")
        }
        return (key, spec.preprocessing, "\(version.name)@\(version.version)")
    }

    /// The dataset version asked for (the latest when none was named).
    private func datasetVersion(_ p: ImageHeadParameters, store: TrainingJobContext.Stores) async throws -> DatasetVersion {
        let number: Int
        if let asked = p.datasetVersion { number = asked } else {
            guard let latest = try await store.datasetVersions(name: p.dataset).last?.version else {
                throw EcoError.invalidArgument("No dataset is called '\(p.dataset)'; make one with POST /api/v1/datasets.")
            }
            number = latest
        }
        guard let version = try await store.datasetVersion(name: p.dataset, version: number) else {
            throw EcoError.invalidArgument("Dataset '\(p.dataset)' has no version \(number); GET /api/v1/datasets/\(p.dataset) lists its versions.")
        }
        return version
    }

    private func read(_ member: DatasetMember, objects: any ObjectStore) async throws -> [UInt8] {
        guard let key = ObjectKey(sha256: member.sha256) else { throw EcoError.storage("entry \(member.entryID) has no valid file hash") }
        do { return try await objects.readAll(key) } catch ObjectStoreError.notFound {
            throw EcoError.invalidArgument("The file of entry \(member.entryID) (SHA-256 \(member.sha256)) is no longer in object storage: its entry was deleted. Make a new dataset version.")
        }
    }

    /// Stores the checkpoint, points the job at it, then removes the one before (checkpoints are content-addressed objects).
    private func saveCheckpoint(_ checkpoint: Checkpoint, replacing previous: String?, objects: any ObjectStore,
                                context: TrainingJobContext) async throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let stored = try await objects.put(bytes: Array(try encoder.encode(checkpoint)))
        guard !context.jobID.isEmpty else { return stored.key.sha256 }
        try await context.store.saveTrainingCheckpoint(jobID: context.jobID, step: checkpoint.trainer.epochs, key: stored.key.sha256)
        if let previous, previous != stored.key.sha256, let key = ObjectKey(sha256: previous) { try? await objects.delete(key) }
        return stored.key.sha256
    }

    /// SHA-256 of what the training depends on: every member (id, file, label, split) and the settings.
    static func fingerprint(_ dataset: DatasetVersion, _ p: ImageHeadParameters) -> String {
        var text = "\(dataset.info.name)@\(dataset.info.version)|\(p.backbone)|\(p.embeddingOutput ?? "")|\(p.preprocessing)|\(p.options)\n"
        for member in dataset.members { text += "\(member.entryID),\(member.sha256),\(member.label),\(member.split.rawValue)\n" }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
