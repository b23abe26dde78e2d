import EcoCore
import EcoPipeline
@testable import EcoServer
import EcoTestSupport
import Foundation
import Testing

/// Issue #18: ONNX image models through the real server — registration into the registry with the file in object
/// storage, prediction from an image or a stored entry (by name, version and alias), and the refusals that leave
/// nothing stored. The models are small graphs built with EcoONNX's proto types (``TinyImageModels``).
@Suite struct ImageModelEndpointTests {
    static let boundary = EntryEndpointTests.boundary
    /// Mean 0, std 1: the colour classifier sees the mean colour in [0, 1].
    static let declaration = #"{"task": "classification", "labels": ["clear", "heavy_plastic"], "preprocessing": {"inputSize": 8, "mean": [0, 0, 0], "std": [1, 1, 1]}, "metrics": {"accuracy": 0.97}}"#
    static let red = TestImages.png(rgb: (230, 20, 20))
    static let blue = TestImages.png(rgb: (10, 30, 220))

    static func register(_ server: LiveServer, _ name: String, model: [UInt8], metadata: String = declaration) async throws -> LiveServer.Reply {
        let body = EntryEndpointTests.multipart([("metadata", nil, "application/json", Data(metadata.utf8)),
                                                 ("model", "model.onnx", "application/octet-stream", Data(model))])
        return try await server.request("POST", "/api/v1/models/\(name)/versions", bytes: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    static func predict(_ server: LiveServer, _ reference: String, image: [UInt8], contentType: String = "image/png") async throws -> LiveServer.Reply {
        try await server.request("POST", "/api/v1/models/\(reference)/predict", bytes: Data(image), contentType: contentType)
    }

    /// The most probable class and its probability in a prediction reply.
    static func top(_ reply: LiveServer.Reply) throws -> (label: String, probability: Double) {
        let predictions = try #require(try reply.json()["predictions"] as? [[String: Any]], "\(reply.text)")
        let first = try #require(predictions.first?["top"] as? [[String: Any]]).first
        return (try #require(first?["label"] as? String), try #require(first?["probability"] as? Double))
    }

    static func expectProblem(_ reply: LiveServer.Reply, _ status: Int, _ phrase: String, _ what: Comment) {
        #expect(reply.status == status, what)
        #expect(reply.contentType.hasPrefix("application/problem+json"), what)
        #expect(reply.text.contains(phrase), "\(what): \(reply.text)")
    }

    @Test func aRegisteredModelPredictsFromImagesAndEntriesByNameVersionAndAlias() async throws {
        try await LiveServer.with { server in
            let model = TinyImageModels.colourClassifier()
            let created = try await Self.register(server, "reef-plastic", model: model)
            #expect(created.status == 201, "\(created.text)")
            let version = try created.json()
            #expect(version["version"] as? Int == 1)
            #expect(version["algorithm"] as? String == "onnx")
            #expect(version["task"] as? String == "image-classification")
            let key = try #require(version["artifactKey"] as? String)
            #expect(key == SHA256Hex.of(Data(model)), "the artefact is stored under its SHA-256")
            #expect(EntryEndpointTests.storedFiles(server).contains(key), "the .onnx file is in the object store")

            let red = try await Self.predict(server, "reef-plastic", image: Self.red)
            #expect(red.status == 200, "\(red.text)")
            #expect(try Self.top(red).label == "heavy_plastic")
            #expect(try Self.top(red).probability > 0.99)
            #expect(try Self.top(await Self.predict(server, "reef-plastic", image: Self.blue)).label == "clear")
            #expect(try Self.top(await Self.predict(server, "reef-plastic", image: TestImages.jpeg, contentType: "image/jpeg")).probability > 0.5,
                    "a real JPEG decodes and predicts")

            // A second version that sees colours the other way round: the bare name serves the newest,
            // @1 and an alias keep serving the first; promoting 1 to Production makes it the bare name's.
            let swapped = TinyImageModels.colourClassifier(weights: [[10, 0], [0, 0], [0, 10]])
            #expect(try await Self.register(server, "reef-plastic", model: swapped).status == 201)
            #expect(try Self.top(await Self.predict(server, "reef-plastic", image: Self.red)).label == "clear")
            #expect(try Self.top(await Self.predict(server, "reef-plastic@1", image: Self.red)).label == "heavy_plastic")
            let alias = try await server.request("POST", "/api/v1/models/reef-plastic/aliases", body: #"{"version": 1, "alias": "champion"}"#,
                                                 contentType: "application/json")
            #expect(alias.status == 200, "\(alias.text)")
            #expect(try Self.top(await Self.predict(server, "reef-plastic@champion", image: Self.red)).label == "heavy_plastic")
            let stage = try await server.request("POST", "/api/v1/models/reef-plastic/stage", body: #"{"version": 1, "stage": "Production"}"#,
                                                 contentType: "application/json")
            #expect(stage.status == 200, "\(stage.text)")
            #expect(try Self.top(await Self.predict(server, "reef-plastic", image: Self.red)).label == "heavy_plastic")

            // From a stored entry.
            let uploaded = try await EntryEndpointTests.upload(server, metadata: #"{"dataType": "image", "source": "buoy-3"}"#, file: Data(Self.red),
                                                               contentType: "image/png", fileName: "red.png")
            let entryID = try #require(try uploaded.json()["id"] as? String, "\(uploaded.text)")
            let fromEntry = try await server.request("POST", "/api/v1/models/reef-plastic@1/predict", body: #"{"entry": "\#(entryID)"}"#,
                                                     contentType: "application/json")
            #expect(fromEntry.status == 200, "\(fromEntry.text)")
            #expect(try fromEntry.json()["entry"] as? String == entryID)
            #expect(try Self.top(fromEntry).label == "heavy_plastic")

            // Several images in one multipart request, answered in order.
            let both = EntryEndpointTests.multipart([("image", "a.png", "image/png", Data(Self.red)), ("image", "b.png", "image/png", Data(Self.blue))])
            let batch = try await server.request("POST", "/api/v1/models/reef-plastic@1/predict?top=1", bytes: both,
                                                 contentType: "multipart/form-data; boundary=\(Self.boundary)")
            let labels = (try batch.json()["predictions"] as? [[String: Any]])?.map { $0["label"] as? String }
            #expect(labels == ["heavy_plastic", "clear"], "\(batch.text)")

            // The card lists both versions with their artefact; the tabular route refuses an image model.
            let card = try await server.request("GET", "/api/v1/models/reef-plastic/info")
            #expect((try card.json()["versions"] as? [[String: Any]])?.count == 2)
            let tabular = try await server.request("POST", "/api/v1/predict/reef-plastic", body: #"{"features": {"a": 1}}"#, contentType: "application/json")
            Self.expectProblem(tabular, 422, "ONNX image model", "tabular prediction with an image model")
        }
    }

    @Test func refusedModelsStoreNothingAndSayWhatIsWrong() async throws {
        try await LiveServer.with { server in
            let unsupported = try await Self.register(server, "bad", model: TinyImageModels.withUnsupportedOperators(["Erf", "LpNormalization"]))
            Self.expectProblem(unsupported, 422, "operator Erf is not supported", "unsupported operators")
            let missing = try unsupported.json()["missing"] as? [String] ?? []
            #expect(missing.count == 2 && missing.contains { $0.contains("LpNormalization") }, "every missing operator listed: \(missing)")

            let wrongSize = try await Self.register(server, "bad", model: TinyImageModels.colourClassifier(inputSize: 16))
            Self.expectProblem(wrongSize, 422, "[?,3,16,16] but the declared preprocessing makes [N,3,8,8]", "input size other than declared")
            let undeclared = try await Self.register(server, "bad", model: TinyImageModels.colourClassifier(inputShape: .some(nil)))
            Self.expectProblem(undeclared, 422, "declares no shape", "no declared input shape")
            let threeLabels = Self.declaration.replacingOccurrences(of: #"["clear", "heavy_plastic"]"#, with: #"["clear", "light", "heavy"]"#)
            let labels = try await Self.register(server, "bad", model: TinyImageModels.colourClassifier(), metadata: threeLabels)
            Self.expectProblem(labels, 422, "gives 2 value(s) per image but 3 label(s)", "labels that do not match the output")
            let garbage = try await Self.register(server, "bad", model: Array("this is not an onnx file".utf8))
            Self.expectProblem(garbage, 422, "not a usable ONNX model", "a file that is not ONNX")
            let noTask = try await Self.register(server, "bad", model: TinyImageModels.colourClassifier(), metadata: #"{"labels": ["a", "b"], "preprocessing": {"inputSize": 8}}"#)
            Self.expectProblem(noTask, 422, "task is required", "no task")
            let badName = try await Self.register(server, "bad%20name", model: TinyImageModels.colourClassifier())
            Self.expectProblem(badName, 422, "A model name is", "a name with a space")
            let wrongType = try await server.request("POST", "/api/v1/models/bad/versions", body: "{}", contentType: "application/json")
            Self.expectProblem(wrongType, 415, "multipart/form-data", "a JSON body")

            #expect(EntryEndpointTests.storedFiles(server).isEmpty, "no object left behind")
            #expect(try await server.services.store.modelVersions(named: nil).isEmpty, "no version registered")

            // The raw form: the file as the body, the declaration in the query.
            let raw = try await server.request("POST", "/api/v1/models/raw-model/versions?task=classification&labels=clear,heavy_plastic&inputSize=8&mean=0,0,0&std=1,1,1",
                                               bytes: Data(TinyImageModels.colourClassifier()), contentType: "application/octet-stream")
            #expect(raw.status == 201, "\(raw.text)")
            let viewer = try await server.services.access.accounts.createUser(email: "viewer-\(UUID().uuidString)@test.invalid", role: .viewer, tier: .free).key.key
            let forbidden = try await server.request("POST", "/api/v1/models/raw-model/versions?task=classification&labels=a,b&inputSize=8",
                                                     bytes: Data(TinyImageModels.colourClassifier()), contentType: "application/octet-stream", as: .bearer(viewer))
            #expect(forbidden.status == 403)
        }
    }

    @Test func badImagesAndUnusableEntriesAreClearProblems() async throws {
        try await LiveServer.with { server in
            #expect(try await Self.register(server, "reef-plastic", model: TinyImageModels.colourClassifier()).status == 201)
            let truncated = try await Self.predict(server, "reef-plastic", image: Array(TestImages.jpeg.prefix(600)), contentType: "image/jpeg")
            Self.expectProblem(truncated, 422, "truncated JPEG", "a truncated JPEG")
            let bomb = try await Self.predict(server, "reef-plastic", image: TestImages.pngBomb())
            Self.expectProblem(bomb, 422, "could not be decoded", "a PNG bomb")
            let text = try await Self.predict(server, "reef-plastic", image: Array("hello".utf8), contentType: "text/plain")
            Self.expectProblem(text, 415, "image/jpeg or image/png", "a text body")
            let unknown = try await Self.predict(server, "no-such-model", image: Self.red)
            Self.expectProblem(unknown, 404, "No model 'no-such-model'", "an unknown model")

            let metadataOnly = try await server.request("POST", "/api/v1/entries", body: #"{"dataType": "sensor", "source": "buoy-3"}"#, contentType: "application/json")
            let bare = try #require(try metadataOnly.json()["id"] as? String, "\(metadataOnly.text)")
            let noFile = try await server.request("POST", "/api/v1/models/reef-plastic/predict", body: #"{"entry": "\#(bare)"}"#, contentType: "application/json")
            Self.expectProblem(noFile, 422, "has no file", "an entry without a file")

            let uploaded = try await EntryEndpointTests.upload(server, metadata: #"{"dataType": "image", "source": "buoy-3"}"#, file: Data(Self.red),
                                                               contentType: "image/png", fileName: "red.png")
            let id = try #require(try uploaded.json()["id"] as? String)
            #expect(try await server.request("DELETE", "/api/v1/entries/\(id)").status == 204)
            let deleted = try await server.request("POST", "/api/v1/models/reef-plastic/predict", body: #"{"entry": "\#(id)"}"#, contentType: "application/json")
            Self.expectProblem(deleted, 404, "was deleted", "a deleted entry")
        }
    }

    /// Waits until the entry's classification has been stored (processed, or an error noted); its document.
    static func classified(_ server: LiveServer, _ id: String) async throws -> [String: Any] {
        for _ in 0..<200 {
            let entry = try await server.request("GET", "/api/v1/entries/\(id)").json()
            let metadata = entry["metadata"] as? [String: Any] ?? [:]
            if entry["processed"] as? Bool == true || metadata["classificationError"] != nil { return entry }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("entry \(id) was not classified within 10 s")
        return [:]
    }

    @Test func newImageEntriesAreClassifiedAndASevereClassRaisesAnOceanAlert() async throws {
        try await LiveServer.with(configure: { configuration in
            configuration.entryClassification = EntryClassificationSettings(models: [.image: ["reef-plastic"]], alertClasses: ["heavy_plastic"], threshold: 0.8)
        }) { server in
            #expect(try await Self.register(server, "reef-plastic", model: TinyImageModels.colourClassifier()).status == 201)
            let metadata = #"{"dataType": "image", "source": "buoy-9", "lat": 43.29, "lng": 5.37}"#
            let red = try await EntryEndpointTests.upload(server, metadata: metadata, file: Data(Self.red), contentType: "image/png", fileName: "red.png")
            #expect(red.status == 201, "ingest answers at once: \(red.text)")
            let redID = try #require(try red.json()["id"] as? String)
            let entry = try await Self.classified(server, redID)
            #expect(entry["label"] as? String == "heavy_plastic")
            #expect(entry["processed"] as? Bool == true)
            let result = ((entry["metadata"] as? [String: Any])?["classification"] as? [String: Any])?["reef-plastic"] as? [String: Any]
            #expect(result?["model"] as? String == "reef-plastic@1")
            #expect(((result?["probabilities"] as? [String: Any])?["heavy_plastic"] as? Double ?? 0) > 0.99, "\(entry)")

            var alerts: [[String: Any]] = []
            for _ in 0..<100 where alerts.isEmpty {
                alerts = try await AlertPipelineTests.alerts(server, "?domain=ocean")
                if alerts.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(alerts.count == 1, "one ocean alert: \(alerts)")
            #expect((alerts.first?["title"] as? String)?.contains("heavy_plastic") == true)

            let blue = try await EntryEndpointTests.upload(server, metadata: metadata, file: Data(Self.blue), contentType: "image/png", fileName: "blue.png")
            let blueEntry = try await Self.classified(server, try #require(try blue.json()["id"] as? String))
            #expect(blueEntry["label"] as? String == "clear")
            #expect(try await AlertPipelineTests.alerts(server, "?domain=ocean").count == 1, "a clear image raises no alert")

            // A PNG whose data is cut: stored (its signature is right), then refused by the decoder — the entry
            // stays unprocessed with the reason, and the next entry is still classified.
            let cut = Array(TestImages.png(width: 64, height: 64, rgb: (200, 0, 0)).prefix(200))
            let broken = try await EntryEndpointTests.upload(server, metadata: metadata, file: Data(cut), contentType: "image/png", fileName: "cut.png")
            let brokenEntry = try await Self.classified(server, try #require(try broken.json()["id"] as? String, "\(broken.text)"))
            #expect(brokenEntry["processed"] as? Bool == false)
            let note = (brokenEntry["metadata"] as? [String: Any])?["classificationError"] as? [String: Any]
            #expect((note?["error"] as? String)?.contains("could not be decoded") == true, "\(brokenEntry)")
            let after = try await EntryEndpointTests.upload(server, metadata: #"{"dataType": "image", "source": "buoy-10"}"#, file: Data(Self.blue),
                                                            contentType: "image/png", fileName: "blue.png")
            #expect(try await Self.classified(server, try #require(try after.json()["id"] as? String))["label"] as? String == "clear")
        }
    }
}
