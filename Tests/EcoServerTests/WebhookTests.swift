import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
import EcoCore
@testable import EcoServer
import EcoStore
import Foundation
import Testing

@Suite struct WebhookTests {
    static let secret = "test-secret-0123456789abcdef"
    /// Fast retries so failing receivers are retried many times within a test.
    /// Attempts time out after 10 s, not 2: on a loaded 2-core machine running the suites in parallel, an
    /// answer from the loopback receiver took over 2 s and the attempt was logged without its status.
    static let fastRetries = WebhookDeliveryPolicy(baseDelay: .milliseconds(20), maxDelay: .milliseconds(100), maxAttempts: 50, timeout: .seconds(10))

    static func configure(allowing prefix: String, policy: WebhookDeliveryPolicy = fastRetries) -> @Sendable (inout EcoConfiguration) -> Void {
        { configuration in
            configuration.webhookAllowList = [prefix]
            configuration.webhookDelivery = policy
        }
    }

    /// An alert payload as the log holds it; odd spacing and non-ASCII text show that bytes are sent as logged.
    static func alert(_ id: Int, domain: String = "climate", severity: String = "critical") -> NewEvent {
        let payload = #"{"id":"alert-\#(id)", "domain":"\#(domain)","severity":"\#(severity)","title":"Heat  40 °C — stación \#(id)"}"#
        return NewEvent(topic: id.isMultiple(of: 2) ? EventTopic.alertUpdated : EventTopic.alertCreated, key: "832830fffffffff",
                        timeMs: 1_700_000_000_000 + Int64(id), payloadJSON: payload)
    }

    static func register(_ server: LiveServer, url: String, extra: String = "") async throws -> String {
        let reply = try await server.request("POST", "/api/v1/webhooks", body: #"{"url":"\#(url)","secret":"\#(secret)"\#(extra)}"#,
                                             contentType: "application/json")
        #expect(reply.status == 201, "\(reply.text)")
        #expect(!reply.text.contains(secret), "the secret is never returned")
        return try #require(try reply.json()["id"] as? String)
    }

    static func deliveries(_ server: LiveServer, _ id: String) async throws -> [[String: Any]] {
        try await server.request("GET", "/api/v1/webhooks/\(id)/deliveries?limit=1000").json()["data"] as? [[String: Any]] ?? []
    }

    /// The delivery log once it holds `count` entries: the worker records a delivery after the receiver has
    /// answered, so a test that saw the request arrive may read the log a moment too early.
    static func deliveries(_ server: LiveServer, _ id: String, count: Int) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + liveDelivery
        var log = try await deliveries(server, id)
        while log.count < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            log = try await deliveries(server, id)
        }
        return log
    }

    // MARK: Signature

    @Test func deliveriesAreSignedAndCarryTheEventAsLoggedWithItsHeaders() async throws {
        try await WebhookReceiver.with { receiver in
            try await LiveServer.with(configure: Self.configure(allowing: "http://127.0.0.1:\(receiver.port)/")) { server in
                let id = try await Self.register(server, url: receiver.url, extra: #","domains":["climate"]"#)
                let events = try await server.services.store.appendEvents([
                    Self.alert(1), Self.alert(2, domain: "health"),
                    NewEvent(topic: EventTopic.ingestObservations, key: nil, timeMs: 1, payloadJSON: #"{"series":[]}"#), Self.alert(3),
                ])
                let received = try await receiver.waitFor(2)
                try #require(received.count == 2)
                for (delivery, event) in zip(received, [events[0], events[3]]) {
                    #expect(delivery.body == Data(event.payloadJSON.utf8))
                    #expect(delivery.headers["content-type"] == "application/json")
                    #expect(delivery.headers["x-ecotrack-topic"] == event.topic)
                    #expect(delivery.headers["x-ecotrack-event-offset"] == String(event.offset))
                    let timestamp = try #require(delivery.headers["x-ecotrack-timestamp"].flatMap { Int64($0) })
                    let signature = try #require(delivery.headers["x-ecotrack-signature"])
                    #expect(WebhookSignature.verify(secret: Self.secret, timestamp: timestamp, body: delivery.body, signature: signature))
                    #expect(!WebhookSignature.verify(secret: Self.secret + "x", timestamp: timestamp, body: delivery.body, signature: signature))
                    #expect(!WebhookSignature.verify(secret: Self.secret, timestamp: timestamp + 1, body: delivery.body, signature: signature))
                    #expect(!WebhookSignature.verify(secret: Self.secret, timestamp: timestamp, body: delivery.body + Data(" ".utf8), signature: signature))
                }
                let log = try await Self.deliveries(server, id, count: 2)
                #expect(log.map { $0["status"] as? String } == ["delivered", "delivered"])
                #expect(log.map { $0["eventOffset"] as? Int } == [Int(events[3].offset), Int(events[0].offset)])
                let shown = try await server.request("GET", "/api/v1/webhooks/\(id)").json()
                #expect(shown["consumerOffset"] as? Int == Int(events[3].offset))
                #expect(shown["domains"] as? [String] == ["climate"])
            }
        }
    }

    @Test func theSignatureIsTheHMACOfTimestampDotBody() {
        // hmac.new(b"key", b"1700000000.{}", hashlib.sha256).hexdigest() in Python.
        let signature = WebhookSignature.sign(secret: "key", timestamp: 1_700_000_000, body: Data("{}".utf8))
        #expect(signature == "sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae")
        #expect(WebhookSignature.verify(secret: "key", timestamp: 1_700_000_000, body: Data("{}".utf8), signature: signature, now: 1_700_000_100))
        #expect(!WebhookSignature.verify(secret: "key", timestamp: 1_700_000_000, body: Data("{}".utf8), signature: signature, now: 1_700_001_000),
                "older than the tolerance")
        #expect(!WebhookSignature.verify(secret: "key", timestamp: 1_700_000_000, body: Data("{}".utf8), signature: "sha256=zz", now: 1_700_000_000))
    }

    // MARK: Retries

    @Test func aFailingReceiverIsRetriedAndEveryAttemptIsLogged() async throws {
        // 500 three times, then success.
        try await WebhookReceiver.with(respond: { $0 < 3 ? 500 : 200 }) { receiver in
            try await LiveServer.with(configure: Self.configure(allowing: receiver.url)) { server in
                let id = try await Self.register(server, url: receiver.url)
                let event = try #require(try await server.services.store.appendEvents([Self.alert(1)]).first)
                let received = try await receiver.waitFor(4)
                #expect(received.count == 4)
                #expect(received.allSatisfy { $0.body == Data(event.payloadJSON.utf8) })
                let log = try await Self.deliveries(server, id, count: 4)
                #expect(log.map { $0["attempt"] as? Int } == [4, 3, 2, 1])
                #expect(log.map { $0["status"] as? String } == ["delivered", "failed", "failed", "failed"])
                #expect(log.map { $0["httpStatus"] as? Int } == [200, 500, 500, 500])
                #expect(log.dropFirst().allSatisfy { ($0["error"] as? String)?.contains("500") == true })
            }
        }
    }

    @Test func anEventIsGivenUpAfterTheLastAttemptAndTheNextOneIsSent() async throws {
        let policy = WebhookDeliveryPolicy(baseDelay: .milliseconds(20), maxDelay: .milliseconds(100), maxAttempts: 2, timeout: .seconds(10))
        try await WebhookReceiver.with(respond: { _ in 503 }) { receiver in
            try await LiveServer.with(configure: Self.configure(allowing: receiver.url, policy: policy)) { server in
                let id = try await Self.register(server, url: receiver.url)
                let events = try await server.services.store.appendEvents([Self.alert(1), Self.alert(2)])
                _ = try await receiver.waitFor(4)
                let log = try await Self.deliveries(server, id, count: 4)
                #expect(log.reversed().map { "\($0["eventOffset"] as? Int ?? 0):\($0["status"] as? String ?? "")" } == [
                    "\(events[0].offset):failed", "\(events[0].offset):gave_up", "\(events[1].offset):failed", "\(events[1].offset):gave_up",
                ])
                #expect(receiver.received.map { $0.headers["x-ecotrack-event-offset"] } == events.flatMap { [String($0.offset), String($0.offset)] })
            }
        }
    }

    @Test(arguments: [(1, 0.5), (2, 1.0), (3, 2.0), (10, 256.0), (11, 300.0), (400, 300.0)])
    func backoffDoublesFromHalfASecondUpToFiveMinutes(attempt: Int, seconds: Double) {
        let policy = WebhookDeliveryPolicy()
        #expect(policy.backoff(afterAttempt: attempt) == .milliseconds(Int(seconds * 1000)))
        #expect(policy.delay(afterAttempt: attempt, jitter: 0.5) == policy.backoff(afterAttempt: attempt) / 2)
    }

    @Test func redirectsAreNotFollowed() async throws {
        try await WebhookReceiver.with { receiver in
            let url = "http://127.0.0.1:\(receiver.port)/redirect"
            try await LiveServer.with(configure: Self.configure(allowing: url)) { server in
                let id = try await Self.register(server, url: url)
                _ = try await server.services.store.appendEvents([Self.alert(1)])
                let log = try await Self.deliveries(server, id, count: 2)
                #expect(log.count >= 2)
                #expect(log.allSatisfy { $0["status"] as? String == "failed" && $0["httpStatus"] as? Int == 307 })
                #expect(receiver.received.isEmpty)
            }
        }
    }

    // MARK: Allow list and validation

    @Test(arguments: [
        ("http://127.0.0.1:9000/hooks/a", true),
        ("http://127.0.0.1:9000/hooks/a?b=1", true),
        ("https://hooks.example.org", true),
        ("https://HOOKS.example.org/x", true),
        ("https://hooks.example.org?x=1", true),
        ("http://127.0.0.1:9001/hooks/a", false),
        ("http://127.0.0.1:9000/other", false),
        ("https://hooks.example.org.evil.test/", false),
        ("https://hooks.example.organic/", false),
        ("http://127.0.0.1:9000@evil.test/hooks/", false),
        ("http://127.0.0.1:9000/hooks/../admin", false),
        ("http://hooks.example.org/", false),
        ("ftp://hooks.example.org/", false),
        ("hooks.example.org", false),
    ])
    func urlsAreAllowedOnlyUnderAPrefixOfTheAllowList(url: String, allowed: Bool) {
        let list = WebhookAllowList(["http://127.0.0.1:9000/hooks/", "https://hooks.example.org"])
        #expect(list.allows(url) == allowed)
        #expect(!WebhookAllowList([]).allows(url))
    }

    @Test func theAllowListIsReadFromTheEnvironmentBeforeTheConfigFile() throws {
        let environment = ["ECOTRACK_WEBHOOK_ALLOW": "http://127.0.0.1:9000/, https://hooks.example.org/", "ECOTRACK_WEBHOOK_MAX_ATTEMPTS": "7"]
        let resolved = try ConfigurationSources(environment: environment, file: ["webhookAllowList": "https://file.example.org/"]).resolve()
        #expect(resolved.webhookAllowList == ["http://127.0.0.1:9000/", "https://hooks.example.org/"])
        #expect(resolved.webhookDelivery.maxAttempts == 7)
        #expect(try ConfigurationSources(file: ["webhookAllowList": "https://file.example.org/"]).resolve().webhookAllowList == ["https://file.example.org/"])
        #expect(try ConfigurationSources().resolve().webhookAllowList.isEmpty)
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(environment: ["ECOTRACK_WEBHOOK_ALLOW": "hooks.example.org"]).resolve() }
    }

    @Test func registrationOutsideTheAllowListIsRefusedWithHowToAllowIt() async throws {
        try await LiveServer.with(configure: Self.configure(allowing: "https://hooks.example.org/")) { server in
            let refused = try await server.request("POST", "/api/v1/webhooks", body: #"{"url":"http://10.0.0.1/hook","secret":"\#(Self.secret)"}"#,
                                                   contentType: "application/json")
            #expect(refused.status == 400)
            #expect(refused.contentType.hasPrefix("application/problem+json"))
            #expect(refused.text.contains("ECOTRACK_WEBHOOK_ALLOW") && refused.text.contains("https://hooks.example.org/"))
            let listed = try await server.request("GET", "/api/v1/webhooks").json()["data"] as? [Any]
            #expect(listed?.isEmpty == true)
        }
        try await LiveServer.with { server in
            let disabled = try await server.request("POST", "/api/v1/webhooks", body: #"{"url":"https://hooks.example.org/","secret":"\#(Self.secret)"}"#,
                                                    contentType: "application/json")
            #expect(disabled.status == 400)
            #expect(disabled.text.contains("disabled") && disabled.text.contains("ECOTRACK_WEBHOOK_ALLOW"))
        }
    }

    @Test(arguments: [
        (#"{"secret":"0123456789abcdef"}"#, "'url' is required"),
        (#"{"url":"https://hooks.example.org/a","secret":"short"}"#, "'secret'"),
        (#"{"url":"https://hooks.example.org/a","secret":"0123456789abcdef","topics":["ecotrack.ingest.observations"]}"#, "'topics'"),
        (#"{"url":"https://hooks.example.org/a","secret":"0123456789abcdef","severities":["loud"]}"#, "'severities'"),
        (#"{"url":"https://hooks.example.org/a","secret":"0123456789abcdef","domains":[]}"#, "'domains'"),
        (#"{"url":"https://hooks.example.org/a","secret":"0123456789abcdef","domains":["climate","air_quality"]}"#, "'air_quality', which no alert carries"),
        (#"{"url":"https://hooks.example.org/a","secret":"0123456789abcdef","domains":["air_quality"]}"#, "biodiversity, carbon, climate, food, health, ocean"),
        // Drought alerts carry food, a domain no built-in variable has: it is a filter that can match.
        (#"{"url":"https://hooks.example.org/a","secret":"0123456789abcdef","domains":["food"],"severities":["loud"]}"#, "'severities' has 'loud'"),
    ])
    func invalidRegistrationsSayWhatToFix(body: String, mentions: String) async throws {
        try await LiveServer.with(configure: Self.configure(allowing: "https://hooks.example.org/")) { server in
            let reply = try await server.request("POST", "/api/v1/webhooks", body: body, contentType: "application/json")
            #expect(reply.status == 400)
            #expect(reply.contentType.hasPrefix("application/problem+json"))
            #expect(reply.text.contains(mentions), "\(reply.text)")
        }
    }

    @Test func webhooksAreForAdminsOnlyAndCanBeDeleted() async throws {
        try await LiveServer.with(configure: Self.configure(allowing: "https://hooks.example.org/")) { server in
            let viewer = try await server.services.access.accounts.createUser(email: "viewer@test.invalid", role: .viewer).key.key
            #expect(try await server.request("GET", "/api/v1/webhooks", as: .bearer(viewer)).status == 403)
            #expect(try await server.request("GET", "/api/v1/webhooks", as: .none).status == 401)
            let id = try await Self.register(server, url: "https://hooks.example.org/a")
            let listed = try await server.request("GET", "/api/v1/webhooks").json()["data"] as? [[String: Any]] ?? []
            #expect(listed.map { $0["id"] as? String } == [id])
            #expect(listed.first?["secret"] == nil)
            #expect(try await server.request("DELETE", "/api/v1/webhooks/\(id)").status == 204)
            #expect(try await server.request("DELETE", "/api/v1/webhooks/\(id)").status == 404)
            #expect(try await server.request("GET", "/api/v1/webhooks/\(id)").status == 404)
            #expect(try await server.request("GET", "/api/v1/webhooks/\(id)/deliveries").status == 404)
        }
    }

    // MARK: End to end

    @Test func anInjectedSpikeReachesTheWebhookReceiverAsTheLoggedAlert() async throws {
        try await WebhookReceiver.with { receiver in
            try await LiveServer.with(configure: Self.configure(allowing: receiver.url)) { server in
                _ = try await Self.register(server, url: receiver.url, extra: #","topics":["ecotrack.alert.created"],"domains":["climate"]"#)
                try await AlertPipelineTests.ingest(server, AlertPipelineTests.series(station: "paris-1", hours: 0..<168))
                try await AlertPipelineTests.detectionCaughtUp(server)
                #expect(receiver.received.isEmpty, "a regular series raises no alert")
                try await AlertPipelineTests.ingest(server, AlertPipelineTests.series(station: "paris-1", hours: 168..<169, spikes: [168: 45]))
                let delivery = try #require(try await receiver.waitFor(1).first)
                let offset = try #require(delivery.headers["x-ecotrack-event-offset"].flatMap { Int64($0) })
                let logged = try #require(try await server.services.store.events(after: offset - 1, topics: nil, limit: 1).first)
                #expect(logged.offset == offset && logged.topic == EventTopic.alertCreated)
                #expect(delivery.body == Data(logged.payloadJSON.utf8))
                let alert = try #require(try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any])
                #expect(alert["alertType"] as? String == "anomaly" && alert["domain"] as? String == "climate")
                let timestamp = try #require(delivery.headers["x-ecotrack-timestamp"].flatMap { Int64($0) })
                #expect(WebhookSignature.verify(secret: Self.secret, timestamp: timestamp, body: delivery.body,
                                                signature: delivery.headers["x-ecotrack-signature"] ?? ""))
            }
        }
    }

    // MARK: Restart

    @Test func afterARestartEveryEventMissedWhileTheReceiverWasDownIsDeliveredAsLoggedInOrder() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecotrack-webhooks-\(UUID().uuidString)/ecotrack.sqlite").path
        let port = try await WebhookReceiver.unusedPort()
        let url = "http://127.0.0.1:\(port)/hook"
        let configure = Self.configure(allowing: url)

        // Receiver down: the first event is retried (connection refused) while more are logged; then the server stops.
        let (id, events) = try await LiveServer.with(storePath: path, configure: configure) { server in
            let id = try await Self.register(server, url: url)
            var events: [DomainEvent] = []
            for number in 1...5 { events += try await server.services.store.appendEvents([Self.alert(number)]) }
            let log = try await Self.deliveries(server, id, count: 2)
            #expect(log.count >= 2 && log.allSatisfy { $0["status"] as? String == "failed" && $0["eventOffset"] as? Int == Int(events[0].offset) })
            return (id, events)
        }

        // Receiver up, server restarted on the same store: everything missed arrives, once, in order, byte for byte.
        try await WebhookReceiver.with(port: port) { receiver in
            try await LiveServer.with(storePath: path, configure: configure) { server in
                let received = try await receiver.waitFor(events.count)
                #expect(received.map(\.body) == events.map { Data($0.payloadJSON.utf8) })
                #expect(received.map { $0.headers["x-ecotrack-event-offset"] } == events.map { String($0.offset) })
                let logged = try await server.services.store.events(after: events[0].offset - 1, topics: nil, limit: 100)
                #expect(received.map(\.body) == logged.map { Data($0.payloadJSON.utf8) })
                var committed = try await server.services.store.consumerOffset("webhook:\(id)")
                for _ in 0..<100 where committed != events.last?.offset {
                    try await Task.sleep(for: .milliseconds(20))
                    committed = try await server.services.store.consumerOffset("webhook:\(id)")
                }
                #expect(committed == events.last?.offset)
                #expect(receiver.received.count == events.count, "nothing is sent twice")
            }
        }
    }
}
