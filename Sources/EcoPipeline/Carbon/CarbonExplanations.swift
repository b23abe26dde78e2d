import EcoCore
import EcoStore
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why an explanation could not be given; the server answers 404, 502 or 504 with the message.
public struct ExplanationError: Error, Sendable, Equatable {
    public enum Kind: Sendable { case notConfigured, upstreamFailed, upstreamTimedOut }

    public var kind: Kind
    public var message: String
}

/// A recommendation explained in plain language by the configured chat model.
public struct CarbonExplanation: Encodable, Sendable, Equatable {
    public var recommendationId: String
    public var explanation: String
    public var model: String
    /// The facts the model was given (it is told to use no others), so a reader can check the text against them.
    public var facts: [String]
    public var generatedAt: String
}

/// Asks an OpenAI-compatible `/chat/completions` endpoint to explain a recommendation from its own
/// figures and evidence. Optional: without ``ExplanationSettings`` every call fails with `notConfigured`
/// before anything is sent.
public struct CarbonExplanations: Sendable {
    let store: any CarbonStore
    let settings: ExplanationSettings?
    let clock: WallClock
    private let session: URLSession?

    init(store: any CarbonStore, settings: ExplanationSettings?, clock: WallClock) {
        self.store = store
        self.settings = settings
        self.clock = clock
        // Redirects refused: the endpoint's API key must not follow one to another host.
        session = settings.map { URLSession(configuration: .outbound(timeout: .seconds($0.timeoutSeconds)), delegate: Self.redirects, delegateQueue: nil) }
    }

    public var isConfigured: Bool { settings != nil }

    private static let redirects = RefuseRedirects()

    /// The explanation of recommendation `id`.
    /// - Parameter readable: organizations whose recommendations the caller may see (nil: all).
    /// - Throws: `EcoError.notFound` for an unknown (or unreadable) id, ``ExplanationError`` when no endpoint is
    ///   configured or it fails, times out or answers without a message.
    public func explain(id: String, readable: Set<String>?) async throws -> CarbonExplanation {
        guard let record = try await store.carbonRecommendation(id: id), readable?.contains(record.organization) ?? true else {
            throw EcoError.notFound("No recommendation has the id '\(id)'; GET /api/v1/carbon/recommendations lists yours.")
        }
        guard let settings, let session else {
            throw ExplanationError(kind: .notConfigured, message: "No explanation service is configured on this server: an operator sets explanationUrl "
                + "and explanationModel (and explanationApiKey if the endpoint needs one) to an OpenAI-compatible chat endpoint; "
                + "the recommendation itself, with its evidence, is at GET /api/v1/carbon/recommendations.")
        }
        guard let url = URL(string: settings.endpoint) else {
            throw ExplanationError(kind: .upstreamFailed, message: "explanationUrl '\(settings.url)' is not a URL; an operator must correct it.")
        }
        let facts = Self.facts(CarbonRecommendationDocument(record))
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: Double(settings.timeoutSeconds))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let key = settings.apiKey { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        request.httpBody = Data(Self.body(model: settings.model, facts: facts).utf8)
        let text = try await Self.send(request, session: session, settings: settings)
        return CarbonExplanation(recommendationId: record.id, explanation: text, model: settings.model, facts: facts,
                                 generatedAt: Timestamp.format(ms: clock.nowMs()))
    }

    /// The recommendation's figures and evidence as sentences: all the model is told.
    static func facts(_ r: CarbonRecommendationDocument) -> [String] {
        var facts = [
            "Recommendation: \(r.title).",
            "Estimated saving over \(r.from) to \(r.to): \(NumberText.short(r.impactKg)) kg CO2e location-based, \(NumberText.short(r.impactMarketKg)) kg market-based.",
            "Estimated cost: \(NumberText.short(r.costEstimate)) \(r.currency) (\(r.costBasis))"
                + (r.costPerTonne.map { "; \(NumberText.short($0)) \(r.currency) per tonne CO2e saved." } ?? "."),
            "Feasibility \(NumberText.short(r.feasibility)) of 1: \(r.feasibilityReason)",
            "Status: \(r.status).",
        ]
        facts += r.evidence.map { "Evidence: \($0)" }
        return facts
    }

    /// The chat request: a system prompt that forbids figures not in the facts, and the facts.
    static func body(model: String, facts: [String]) -> String {
        let system = "You explain carbon-reduction recommendations to sustainability managers in plain language, in at most 120 words. "
            + "Use only the facts given; do not invent figures, suppliers or costs. Say what the change is, why it was proposed, what it saves and what it costs."
        let messages: JSONValue = .array([
            .object(["role": .string("system"), "content": .string(system)]),
            .object(["role": .string("user"), "content": .string(facts.joined(separator: "\n"))]),
        ])
        let request: JSONValue = .object(["model": .string(model), "messages": messages, "temperature": .number(0.2)])
        return request.text
    }

    private static func send(_ request: URLRequest, session: URLSession, settings: ExplanationSettings) async throws -> String {
        // Detached, like webhook deliveries: cancelling a URLSession task from the caller's task can deadlock in
        // swift-corelibs-foundation; the request still ends within the timeout.
        let outcome: (Data, URLResponse)
        do {
            outcome = try await Task.detached { try await session.data(for: request, delegate: Self.redirects) }.value
        } catch let error as URLError where error.code == .timedOut {
            throw ExplanationError(kind: .upstreamTimedOut, message: "The explanation service at \(settings.endpoint) did not answer within "
                + "\(settings.timeoutSeconds) s; try again later, or an operator raises explanationTimeoutSeconds.")
        } catch {
            throw ExplanationError(kind: .upstreamFailed, message: "The explanation service at \(settings.endpoint) could not be reached "
                + "(\(error.localizedDescription)); check explanationUrl.")
        }
        let (data, response) = outcome
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let excerpt = String(decoding: data.prefix(300), as: UTF8.self)
            throw ExplanationError(kind: .upstreamFailed, message: "The explanation service at \(settings.endpoint) answered HTTP \(status)"
                + (excerpt.isEmpty ? "" : ": \(excerpt)") + "; check explanationModel and explanationApiKey.")
        }
        guard let content = ChatCompletions.messageContent(data) else {
            throw ExplanationError(kind: .upstreamFailed, message: "The explanation service at \(settings.endpoint) answered without a message "
                + "(choices[0].message.content); is it an OpenAI-compatible chat completions endpoint?")
        }
        return content
    }
}
