import EcoCore
import EcoImage
import EcoML
@testable import EcoPipeline
@testable import EcoServer
import EcoStore
import EcoTestSupport
import Foundation
import Synchronization
import Testing

/// Issue #18: an image head trained as a job on a dataset of tagged PNG entries and a backbone ONNX file uploaded as
/// an entry — per-epoch validation metrics, a registered model that classifies new images, refusals, and a cancelled
/// job that resumes from its last checkpoint when retried.
@Suite struct ImageHeadJobTests {
    /// A backbone on 8×8 images: global average pool ("pool"), flattened to per-channel means ("features"), then a
    /// fixed 2-output layer ("logits") that a head trained on "features" never uses.
    static let backbone: [UInt8] = TinyONNX.model(
        nodes: [
            TinyONNX.Node("GlobalAveragePool", ["input"], ["pool"]),
            TinyONNX.Node("Flatten", ["pool"], ["features"], ints: ["axis": [1]]),
            TinyONNX.Node("Gemm", ["features", "w", "b"], ["logits"], ints: ["transB": [1]]),
        ],
        constants: [TinyONNX.Constant("w", shape: [2, 3], values: [1, 0, 0, 0, 1, 0]), TinyONNX.Constant("b", shape: [2], values: [0, 0])],
        inputShape: [nil, 3, 8, 8], outputs: ["logits"])

    static var preprocessing: [String: Any] { ["inputSize": 8, "resizeSize": 8, "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25], "channelOrder": "rgb"] }

    /// An 8×8 PNG: reddish for `plastic`, greenish for `algae`, with a little per-image variation.
    static func image(_ label: String, variant: Int) -> [UInt8] {
        TinyPNG.rgb(width: 8, height: 8) { x, y in
            let jitter = UInt8((x * 7 + y * 3 + variant * 11) % 40)
            return label == "plastic" ? (180 + jitter, 60 + jitter, 50) : (50, 170 + jitter, 70 + jitter)
        }
    }

    /// Uploads the backbone (as a `sensor` entry of application/octet-stream) and `count` labelled images tagged `reef`,
    /// makes the dataset `reef-heads`, and answers the backbone's SHA-256.
    static func prepare(_ server: LiveServer, count: Int = 24) async throws -> String {
        let model = try await EntryEndpointTests.upload(server, metadata: #"{"dataType": "sensor", "source": "model-zoo", "tags": ["backbone"]}"#,
                                                        file: Data(backbone), contentType: "application/octet-stream", fileName: "backbone.onnx")
        #expect(model.status == 201, "\(model.text)")
        var labels: [String: String] = [:]
        for index in 0..<count {
            let label = index % 2 == 0 ? "plastic" : "algae"
            let reply = try await EntryEndpointTests.upload(server, metadata: #"{"dataType": "image", "source": "cam-\#(index)", "tags": ["reef", "class:\#(label)"]}"#,
                                                            file: Data(image(label, variant: index)), contentType: "image/png", fileName: "\(index).png")
            #expect(reply.status == 201, "\(reply.text)")
            labels[try #require(try reply.json()["id"] as? String)] = label
        }
        let seed = try splitSeed(labels)
        let dataset = try await server.request("POST", "/api/v1/datasets", body: #"{"name": "reef-heads", "query": {"tags": "reef", "type": "image"}, "labelSource": "tag:class:", "split": {"train": 0.6, "validation": 0.2, "test": 0.2}, "seed": \#(seed)}"#,
                                               contentType: "application/json")
        #expect(dataset.status == 201, "\(dataset.text)")
        return SHA256Hex.of(Data(backbone))
    }

    /// The first seed that splits these entries (id → label) 60/20/20 with both labels in training and at least two
    /// entries in validation and in test. Entry ids are random, so a fixed seed would leave validation or test empty in
    /// about 1 run of 100 (0.8^24 each), and the job would rightly refuse the dataset.
    static func splitSeed(_ labels: [String: String]) throws -> UInt64 {
        let fractions = try SplitFractions(train: 0.6, validation: 0.2, test: 0.2)
        let seed = (0..<1000 as Range<UInt64>).first { seed in
            let splits = Dictionary(grouping: labels) { DatasetSplitter.split(entryID: $0.key, seed: seed, fractions: fractions) }
            return Set(splits[.train, default: []].map(\.value)).count == 2 && splits[.validation, default: []].count >= 2 && splits[.test, default: []].count >= 2
        }
        return try #require(seed, "some seed splits \(labels.count) entries usably")
    }

    static func parameters(_ backbone: String, epochs: Int, extra: [String: Any] = [:]) -> [String: Any] {
        var parameters: [String: Any] = ["dataset": "reef-heads", "backboneSha256": backbone, "embeddingOutput": "features", "preprocessing": preprocessing,
                                         "epochs": epochs, "learningRate": 0.05, "batchSize": 4, "seed": 5]
        parameters.merge(extra) { $1 }
        return parameters
    }

    /// Polls the job's log until it holds `text`, for at most a minute.
    static func waitForLog(_ server: LiveServer, _ id: String, containing text: String) async throws {
        let deadline = Date().addingTimeInterval(60)
        while try await !TrainingJobTests.logText(server, id).contains(text) {
            guard Date() < deadline else {
                Issue.record("job \(id) never logged '\(text)'")
                return
            }
            try await _Concurrency.Task.sleep(for: .milliseconds(20))
        }
    }

    static func submit(_ server: LiveServer, _ parameters: [String: Any]) async throws -> LiveServer.Reply {
        try await server.request("POST", "/api/v1/models/train", body: try TrainingJobTests.body(kind: "image-head", name: "ocean-debris-head", parameters: parameters),
                                 contentType: "application/json")
    }

    @Test func aHeadIsTrainedWithPerEpochValidationMetricsRegisteredAndClassifiesNewImages() async throws {
        try await LiveServer.with { server in
            let backbone = try await Self.prepare(server)
            let submitted = try await Self.submit(server, Self.parameters(backbone, epochs: 12))
            #expect(submitted.status == 202, "\(submitted.text)")
            let id = try #require(try submitted.json()["id"] as? String)
            let job = try await TrainingJobTests.job(server, id) { !["queued", "running"].contains($0["status"] as? String ?? "") }
            let log = try await TrainingJobTests.logText(server, id)
            try await TrainingJobTests.expectSucceeded(job, server, id)
            #expect(job["percent"] as? Double == 100)
            for epoch in 1...12 { #expect(log.contains("epoch \(epoch)/12: train loss "), "epoch \(epoch) logged") }
            #expect(log.contains("validation accuracy"))
            // (Other tests in this process embed the same images, so some may come from the cache already.)
            #expect(log.contains("embeddings: 24 images of 3 values (output 'features'), "), "\(log)")
            let result = job["result"] as? [String: Any] ?? [:]
            let history = result["history"] as? [[String: Any]] ?? []
            #expect(history.count == 12 && history.map { $0["epoch"] as? Int ?? 0 } == Array(1...12))
            let first = history.first?["validationLoss"] as? Double ?? 0, last = history.last?["validationLoss"] as? Double ?? .infinity
            #expect(last < first, "validation loss falls: \(first) → \(last)")
            #expect(result["validationAccuracy"] as? Double == 1, "red and green images are told apart: \(result)")
            #expect(result["testAccuracy"] as? Double == 1)

            let card = try await server.request("GET", "/api/v1/models/ocean-debris-head/info").json()
            let version = (card["versions"] as? [[String: Any]])?.first ?? [:]
            #expect(version["algorithm"] as? String == "image-head")
            #expect((version["metrics"] as? [String: Any])?["validationAccuracy"] as? Double == 1)

            // Backbone + head classify images they never saw.
            let registered = try #require(try await server.services.store.model(named: "ocean-debris-head", .version(1)))
            let head = try ImageHeadArtifact(registered)
            #expect(head.classes == ["algae", "plastic"])
            let objects = try #require(server.services.platform.objects)
            let predictions = try await ImageHeadPrediction.predict(head, images: [Self.image("plastic", variant: 99), Self.image("algae", variant: 98)],
                                                                     objects: objects)
            #expect((predictions[0]["plastic"] ?? 0) > 0.8 && (predictions[1]["algae"] ?? 0) > 0.8, "\(predictions)")
            // … and so does the prediction route, as for any registered image model.
            let answer = try await server.request("POST", "/api/v1/models/ocean-debris-head/predict", bytes: Data(Self.image("plastic", variant: 97)),
                                                  contentType: "image/png")
            #expect(answer.status == 200, "\(answer.text)")
            let predicted = try answer.json()
            #expect(predicted["task"] as? String == "classification" && predicted["version"] as? Int == 1, "\(predicted)")
            #expect(((predicted["predictions"] as? [[String: Any]])?.first?["label"] as? String) == "plastic", "\(predicted)")
            let unreadable = try await server.request("POST", "/api/v1/models/ocean-debris-head/predict", bytes: Data([0x89, 0x50, 0x4E, 0x47]),
                                                      contentType: "image/png")
            #expect(unreadable.status == 422, "a truncated PNG is a clear problem: \(unreadable.text)")

            // A second job on the same images takes every embedding from the cache.
            let again = try await Self.submit(server, Self.parameters(backbone, epochs: 2))
            let againID = try #require(try again.json()["id"] as? String)
            _ = try await TrainingJobTests.job(server, againID) { $0["status"] as? String == "succeeded" }
            #expect(try await TrainingJobTests.logText(server, againID).contains("0 computed, 24 from the cache"))
        }
    }

    @Test func aCancelledJobResumesFromItsLastCheckpointAndEndsAsAnUninterruptedRunWould() async throws {
        try await LiveServer.with { server in
            let backbone = try await Self.prepare(server)
            let kind = try #require(TrainingJobKinds.named("image-head"))
            let parameters = try JSONDecoder().decode(JSONValue.self, from: JSONSerialization.data(withJSONObject: Self.parameters(backbone, epochs: 6)))
            // Uninterrupted, as the reference.
            let straight = try await kind.run(parameters, context: server.services.platform.trainingContext(modelName: "straight", jobID: "job-straight"))
            // Cancelled when epoch 3 reports progress (24 embeddings come first), then run again under the same job id.
            let lines = LogLines()
            let cancelled = server.services.platform.trainingContext(modelName: "resumed", jobID: "job-resume", progress: { done, _ in done < 24 + 3 },
                                                                     log: lines.append)
            await #expect(throws: MLError.cancelled) { _ = try await kind.run(parameters, context: cancelled) }
            let saved = try await server.services.store.trainingCheckpoint(jobID: "job-resume")
            #expect(saved?.step == 3, "the checkpoint after epoch 3 is saved before the cancel lands")
            #expect(!lines.text.contains("epoch 4/6"))
            let retried = server.services.platform.trainingContext(modelName: "resumed", jobID: "job-resume", log: lines.append)
            let resumed = try await kind.run(parameters, context: retried)
            #expect(lines.text.contains("resuming from the checkpoint after epoch 3 of 6"), "\(lines.text)")
            #expect(lines.text.components(separatedBy: "epoch 1/6:").count == 2, "epoch 1 ran once, not again after the retry")
            let a = try ImageHeadArtifact(try #require(try await server.services.store.model(named: "straight", .version(1))))
            let b = try ImageHeadArtifact(try #require(try await server.services.store.model(named: "resumed", .version(1))))
            #expect(a.classifier == b.classifier, "3 epochs, a cancel and 3 more equal 6 epochs bit for bit")
            #expect(JSONValue.parse(straight.summaryJSON)?["history"] == JSONValue.parse(resumed.summaryJSON)?["history"])
        }
    }

    @Test func cancelAndRetryThroughHTTPResumeFromTheCheckpoint() async throws {
        try await LiveServer.with { server in
            let backbone = try await Self.prepare(server)
            let submitted = try await Self.submit(server, Self.parameters(backbone, epochs: 3_000, extra: ["batchSize": 1]))
            let id = try #require(try submitted.json()["id"] as? String)
            try await Self.waitForLog(server, id, containing: "epoch 2/3000")
            #expect(try await server.request("POST", "/api/v1/models/jobs/\(id)/cancel").status == 202)
            let cancelled = try await TrainingJobTests.job(server, id) { $0["status"] as? String != "running" }
            #expect(cancelled["status"] as? String == "cancelled", "\(cancelled)")
            let step = try #require(try await server.services.store.trainingCheckpoint(jobID: id)?.step)
            #expect(step >= 2 && step < 3_000)
            #expect(try await server.request("POST", "/api/v1/models/jobs/\(id)/retry").status == 202)
            try await Self.waitForLog(server, id, containing: "resuming from the checkpoint")
            let log = try await TrainingJobTests.logText(server, id)
            #expect(log.contains("resuming from the checkpoint after epoch \(step) of 3000"), "\(log)")
            #expect(log.components(separatedBy: "epoch 1/3000:").count == 2, "epoch 1 runs once, not again after the retry")
            _ = try await server.request("POST", "/api/v1/models/jobs/\(id)/cancel")
            _ = try await TrainingJobTests.job(server, id) { $0["status"] as? String != "running" && $0["status"] as? String != "queued" }
        }
    }

    @Test func badParametersAndUnusableDatasetsAreRefusedWithWhatToFix() async throws {
        try await LiveServer.with { server in
            let backbone = try await Self.prepare(server)
            let refused: [([String: Any], String)] = [
                (["dataset": "reef-heads"], "parameters.backbone (a registered ONNX image model"),
                (["dataset": "reef-heads", "backbone": "m", "backboneSha256": backbone], "not both"),
                (["backboneSha256": backbone], "parameters.dataset is required"),
                (Self.parameters(backbone, epochs: 0), "parameters.epochs must be 1–10000"),
                (Self.parameters(backbone, epochs: 2, extra: ["optimizer": "rmsprop"]), "parameters.optimizer must be adam or sgd"),
                (Self.parameters(backbone, epochs: 2, extra: ["colour": "red"]), "parameters.colour is not a parameter"),
                (Self.parameters("abc", epochs: 2), "must be 64 hexadecimal digits"),
                (Self.parameters(backbone, epochs: 2, extra: ["preprocessing": ["inputSize": 8]]), "parameters.preprocessing.resizeSize is required"),
            ]
            for (parameters, says) in refused {
                let reply = try await Self.submit(server, parameters)
                #expect(reply.status == 400 && reply.text.contains(says), "\(parameters): \(reply.text)")
            }
            // Accepted, then failed with a reason: an unknown dataset, a missing backbone, a wrong embedding output.
            let failing: [([String: Any], String)] = [
                (Self.parameters(backbone, epochs: 2, extra: ["dataset": "nothing"]), "No dataset is called 'nothing'"),
                (Self.parameters(String(repeating: "0", count: 64), epochs: 2), "No stored object has the SHA-256 0000"),
                (Self.parameters(backbone, epochs: 2, extra: ["embeddingOutput": "gap"]), "The backbone has no tensor named 'gap'"),
                (Self.parameters(backbone, epochs: 2, extra: ["preprocessing": ["inputSize": 16, "resizeSize": 16, "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25],
                                                                  "channelOrder": "rgb"]]),
                 "preprocessing.inputSize 16 makes [N,3,16,16]"),
            ]
            for (parameters, says) in failing {
                let reply = try await Self.submit(server, parameters)
                let id = try #require(try reply.json()["id"] as? String, "\(reply.text)")
                let job = try await TrainingJobTests.job(server, id) { !["queued", "running"].contains($0["status"] as? String ?? "") }
                #expect(job["status"] as? String == "failed" && (job["error"] as? String ?? "").contains(says), "\(job)")
            }
        }
    }
}

/// Log lines collected from a training context.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

/// Issue #18: the backbone as a registered ONNX image model (wip/onnxserve's registry), named in the job.
@Suite struct RegisteredBackboneHeadTests {
    @Test func aRegisteredImageModelServesAsTheBackboneByName() async throws {
        try await LiveServer.with { server in
            _ = try await ImageHeadJobTests.prepare(server)
            let spec = ImageModelSpec(task: .classification, labels: ["red", "green"],
                                      preprocessing: Preprocessing(inputSize: 8, resizeSize: 8, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]))
            let backbone = try await server.services.platform.imageModels.register(name: "ocean-colour-tiny", spec: spec, onnx: ImageHeadJobTests.backbone)
            let parameters: [String: Any] = ["dataset": "reef-heads", "backbone": "ocean-colour-tiny@\(backbone.version)", "embeddingOutput": "features",
                                             "epochs": 5, "learningRate": 0.05, "batchSize": 4]
            let submitted = try await ImageHeadJobTests.submit(server, parameters)
            #expect(submitted.status == 202, "\(submitted.text)")
            let id = try #require(try submitted.json()["id"] as? String)
            let job = try await TrainingJobTests.job(server, id) { !["queued", "running"].contains($0["status"] as? String ?? "") }
            try await TrainingJobTests.expectSucceeded(job, server, id)
            #expect(try await TrainingJobTests.logText(server, id).contains("backbone ocean-colour-tiny@1"))
            let head = try ImageHeadArtifact(try #require(try await server.services.store.model(named: "ocean-debris-head", .version(1))))
            #expect(head.backboneModel == "ocean-colour-tiny@1" && head.backboneSHA256 == backbone.artifactKey)
            let objects = try #require(server.services.platform.objects)
            let predictions = try await ImageHeadPrediction.predict(head, images: [ImageHeadJobTests.image("plastic", variant: 77)], objects: objects)
            #expect((predictions[0]["plastic"] ?? 0) > 0.5, "\(predictions)")

            // A tabular model is not a backbone, and preprocessing is the registered model's own.
            let both = try await ImageHeadJobTests.submit(server, parameters.merging(["preprocessing": ImageHeadJobTests.preprocessing]) { $1 })
            #expect(both.status == 400 && both.text.contains("a registered backbone declares its own"), "\(both.text)")
            let missing = try await ImageHeadJobTests.submit(server, parameters.merging(["backbone": "no-such-model"]) { $1 })
            let missingID = try #require(try missing.json()["id"] as? String)
            let failed = try await TrainingJobTests.job(server, missingID) { !["queued", "running"].contains($0["status"] as? String ?? "") }
            #expect((failed["error"] as? String ?? "").contains("No model 'no-such-model' is registered"), "\(failed)")
        }
    }
}
