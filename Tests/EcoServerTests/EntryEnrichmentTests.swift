import EcoCore
import EcoObjectStorage
import Foundation
import Logging
import Testing

@testable import EcoPipeline
@testable import EcoServer

/// Issue #18, enrichment: image entries get a vision model's tags and description from an OpenAI-compatible
/// endpoint (a stand-in on 127.0.0.1 that records what it is sent), through the real server: the upload is
/// answered at once, a background consumer asks the model, retries 429s, marks unusable answers failed with
/// the reason, and does nothing at all when no endpoint is configured.
@Suite struct EntryEnrichmentTests {
    static let answer = """
        Sure! Here is the JSON you asked for:
        ```json
        {"tags": ["Plastic Bottle", "sand", "sand", "not/a tag"], "description": "A plastic bottle half buried in sand."}
        ```
        """

    static func configure(_ standIn: ChatStandIn, attempts: Int = 3) -> @Sendable (inout EcoConfiguration) -> Void {
        { configuration in
            configuration.enrichmentURL = standIn.baseURL
            configuration.enrichmentModel = "vision-test"
            configuration.enrichmentAPIKey = "sk-vision"
            configuration.enrichmentRequestsPerMinute = 600
            configuration.enrichmentRetry = WebhookDeliveryPolicy(baseDelay: .milliseconds(50), maxDelay: .milliseconds(200), maxAttempts: attempts,
                                                                  timeout: .seconds(10))
        }
    }

    /// Uploads a JPEG-looking image and answers its id (the upload is answered 201 before any enrichment).
    static func uploadImage(_ server: LiveServer, file: Data = EntryEndpointTests.jpeg()) async throws -> String {
        let reply = try await EntryEndpointTests.upload(server, metadata: EntryEndpointTests.metadata, file: file)
        #expect(reply.status == 201, "\(reply.text)")
        let entry = try reply.json()
        #expect(entry["enrichment"] == nil && entry["llmTags"] == nil, "ingest does not wait for enrichment")
        return try #require(entry["id"] as? String)
    }

    /// The entry once its enrichment is recorded (polls for up to 60 s: under a loaded parallel run a retried request can take its whole timeout).
    static func enriched(_ server: LiveServer, _ id: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let entry = try await server.request("GET", "/api/v1/entries/\(id)").json()
            if entry["enrichment"] != nil { return entry }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("entry \(id) was not enriched within 60 s")
        return [:]
    }

    static func metric(_ server: LiveServer, _ line: String) async throws -> Bool {
        try await server.request("GET", "/metrics").text.split(separator: "\n").contains { $0 == line }
    }

    @Test func anImageEntryGetsTheModelsTagsAndDescription() async throws {
        try await ChatStandIn.with(.answer(Self.answer), maxBody: 1 << 20) { standIn in
            try await LiveServer.with(configure: Self.configure(standIn)) { server in
                let file = EntryEndpointTests.jpeg(20_000)
                let id = try await Self.uploadImage(server, file: file)
                let document = try await server.request("POST", "/api/v1/entries", body: #"{"dataType": "document", "source": "lab"}"#,
                                                        contentType: "application/json")
                #expect(document.status == 201)
                let entry = try await Self.enriched(server, id)
                #expect(entry["llmTags"] as? [String] == ["plastic-bottle", "sand"], "normalised, deduplicated, the bad tag dropped: \(entry)")
                #expect(entry["llmDescription"] as? String == "A plastic bottle half buried in sand.")
                #expect(entry["tags"] as? [String] == ["plastic-bottle", "reef"], "the uploader's own tags are untouched")
                let enrichment = try #require(entry["enrichment"] as? [String: Any])
                #expect(enrichment["status"] as? String == "enriched" && enrichment["model"] as? String == "vision-test")
                #expect(enrichment["attempts"] as? Int == 1 && enrichment["error"] == nil)

                // The request: the model, the key, and the image itself as a data URL in the user message.
                #expect(standIn.received.count == 1, "one request, for the image only (not the document)")
                let sent = try #require(standIn.received.first)
                #expect(sent.headers["authorization"] == "Bearer sk-vision")
                let body = try #require(try JSONSerialization.jsonObject(with: sent.body) as? [String: Any])
                #expect(body["model"] as? String == "vision-test")
                let content = try #require((body["messages"] as? [[String: Any]])?.last?["content"] as? [[String: Any]])
                #expect((content.first?["text"] as? String)?.contains(#""tags""#) == true, "the model is asked for JSON with tags")
                let url = try #require((content.last?["image_url"] as? [String: Any])?["url"] as? String)
                let prefix = "data:image/jpeg;base64,"
                #expect(url.hasPrefix(prefix))
                #expect(Data(base64Encoded: String(url.dropFirst(prefix.count))) == file, "the image sent is the stored file")

                let byTag = try await server.request("GET", "/api/v1/entries?llmTags=Plastic%20Bottle")
                #expect((try byTag.json()["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
                let none = try await server.request("GET", "/api/v1/entries?llmTags=reef")
                #expect((try none.json()["data"] as? [[String: Any]])?.isEmpty == true, "own tags are not llm tags")
                let bad = try await server.request("GET", "/api/v1/entries?llmTags=a/b")
                #expect(bad.status == 400 && bad.text.contains("llmTags"))
                #expect(try await Self.metric(server, #"enrichment_requests_total{outcome="ok"} 1"#))
                #expect(try await server.services.platform.store.consumerOffset(EntryEnrichmentService.consumer) != nil, "the consumer commits its offset")
            }
        }
    }

    @Test func rateLimitedRequestsAreRetriedWithBackoff() async throws {
        let answer = #"{"tags": ["algae-bloom"], "description": "Green water."}"#
        try await ChatStandIn.with(.sequence([.status(429), .status(429), .answer(answer)]), maxBody: 1 << 20) { standIn in
            try await LiveServer.with(configure: Self.configure(standIn)) { server in
                let id = try await Self.uploadImage(server)
                let entry = try await Self.enriched(server, id)
                #expect(entry["llmTags"] as? [String] == ["algae-bloom"], "\(entry)")
                #expect((entry["enrichment"] as? [String: Any])?["attempts"] as? Int == 3)
                #expect(standIn.received.count == 3)
                #expect(try await Self.metric(server, #"enrichment_requests_total{outcome="rate_limited"} 2"#))
                #expect(try await Self.metric(server, #"enrichment_requests_total{outcome="ok"} 1"#))
            }
        }
    }

    @Test func unusableAnswersMarkTheEntryFailedWithTheReason() async throws {
        try await ChatStandIn.with(.sequence([.garbage, .answer("I am sorry, I cannot describe images.")]), maxBody: 1 << 20) { standIn in
            try await LiveServer.with(configure: Self.configure(standIn, attempts: 2)) { server in
                let id = try await Self.uploadImage(server)
                let entry = try await Self.enriched(server, id)
                let enrichment = try #require(entry["enrichment"] as? [String: Any])
                #expect(enrichment["status"] as? String == "failed" && enrichment["attempts"] as? Int == 2, "\(entry)")
                let error = try #require(enrichment["error"] as? String)
                #expect(error.contains("Gave up after 2 attempts") && error.contains("no JSON object") && error.contains("I am sorry"), "\(error)")
                #expect(entry["llmTags"] == nil && entry["llmDescription"] == nil)
                #expect(standIn.received.count == 2, "bounded attempts")
                #expect(try await Self.metric(server, "enrichment_failures_total 1"))
                #expect(try await Self.metric(server, #"enrichment_requests_total{outcome="unparsable"} 2"#))
            }
        }
    }

    @Test func twoProcessesOnOneStoreSendEachImageOnce() async throws {
        try await ChatStandIn.with(.answer(#"{"tags": ["buoy"], "description": "A buoy."}"#), maxBody: 1 << 20) { standIn in
            try await LiveServer.with(configure: Self.configure(standIn)) { server in
                // A second process's consumer: same store and objects, its own lease holder name.
                let platform = server.services.platform
                let settings = try #require(platform.configuration.enrichment)
                let other = EntryEnrichmentService(entries: platform.store, objects: try FileObjectStore(root: server.objectRoot), log: platform.store,
                                                   settings: settings, metrics: EcoMetrics(), clock: .system, holder: "other-process",
                                                   logger: Logger(label: "other"))
                let running = Task { try await other.run() }
                defer { running.cancel() }
                var ids: [String] = []
                for seed in 0..<4 { ids.append(try await Self.uploadImage(server, file: EntryEndpointTests.jpeg(3_000, seed: UInt8(seed)))) }
                for id in ids { #expect((try await Self.enriched(server, id)["llmTags"] as? [String]) == ["buoy"]) }
                #expect(standIn.received.count == 4, "each image is sent once, by the lease holder: \(standIn.received.count)")
            }
        }
    }

    @Test func withoutAnEndpointNothingRunsAndNothingIsSent() async throws {
        try await ChatStandIn.with(.answer(Self.answer)) { standIn in
            try await LiveServer.with { server in
                #expect(server.services.platform.enrichment == nil, "no consumer")
                let id = try await Self.uploadImage(server)
                try await Task.sleep(for: .milliseconds(500))
                let entry = try await server.request("GET", "/api/v1/entries/\(id)").json()
                #expect(entry["enrichment"] == nil && entry["llmTags"] == nil)
                #expect(try await server.services.platform.store.consumerOffset(EntryEnrichmentService.consumer) == nil, "no consumer offset")
                #expect(!(try await server.request("GET", "/metrics").text.contains("enrichment_requests_total")))
                #expect(server.services.platform.objectSweeper != nil, "the sweeper runs with the server's background services")
                #expect(try await Self.metric(server, #"object_store_swept_total{kind="object"} 0"#))
            }
            #expect(standIn.received.isEmpty, "nothing may be sent when no endpoint is configured")
        }
    }
}
