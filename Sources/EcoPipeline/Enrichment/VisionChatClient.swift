import EcoCore
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends one image to the configured OpenAI-compatible chat endpoint (`POST …/chat/completions`, the image as a
/// `data:` URL in an `image_url` content part) and sorts what came back: the answer's text, or a failure that is
/// worth retrying (429, 5xx, a timeout, the network) or not (another 4xx).
///
/// Foundation's URLSession, as webhook deliveries and recommendation explanations use: the pipeline needs no HTTP
/// client library of its own. Redirects are refused, so the API key never follows one to another host.
final class VisionChatClient: Sendable {
    enum Outcome: Sendable, Equatable {
        case answer(String)
        /// `outcome` is the metric label (`rate_limited`, `server_error`, `timeout`, `network`, `refused`, `unparsable`).
        case failure(reason: String, outcome: String, retryable: Bool)
    }

    private let settings: EnrichmentSettings
    private let session: URLSession
    private static let redirects = RefuseRedirects()

    init(settings: EnrichmentSettings) {
        self.settings = settings
        session = URLSession(configuration: .outbound(timeout: settings.retry.timeout), delegate: Self.redirects, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// What the model answers about `image` (bytes of `contentType`).
    func ask(image: [UInt8], contentType: String) async -> Outcome {
        guard let url = URL(string: settings.endpoint) else {
            return .failure(reason: "enrichmentUrl '\(settings.url)' is not a URL; an operator must correct it.", outcome: "refused", retryable: false)
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: settings.retry.timeout.seconds)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let key = settings.apiKey { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        request.httpBody = Data(Self.body(model: settings.model, image: image, contentType: contentType).utf8)
        let session = self.session
        let outcome: (Data, URLResponse)
        do {
            // Detached, like webhook deliveries: cancelling a URLSession task from the caller's task can deadlock in
            // swift-corelibs-foundation; the request still ends within the timeout.
            outcome = try await Task.detached { try await session.data(for: request, delegate: Self.redirects) }.value
        } catch let error as URLError where error.code == .timedOut {
            return .failure(reason: "No answer from \(settings.endpoint) within \(Int(settings.retry.timeout.seconds)) s.", outcome: "timeout", retryable: true)
        } catch {
            return .failure(reason: "Could not reach \(settings.endpoint): \(error.localizedDescription).", outcome: "network", retryable: true)
        }
        let (data, response) = outcome
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let excerpt = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let reason = "\(settings.endpoint) answered HTTP \(status)" + (excerpt.isEmpty ? "." : ": \(excerpt)")
            switch status {
            case 429: return .failure(reason: reason, outcome: "rate_limited", retryable: true)
            case 500...599: return .failure(reason: reason, outcome: "server_error", retryable: true)
            default: return .failure(reason: reason + " Check enrichmentModel and enrichmentApiKey.", outcome: "refused", retryable: false)
            }
        }
        guard let content = ChatCompletions.messageContent(data) else {
            return .failure(reason: "\(settings.endpoint) answered without a message (choices[0].message.content); is it an OpenAI-compatible chat "
                + "completions endpoint?", outcome: "unparsable", retryable: true)
        }
        return .answer(content)
    }

    /// What the model is asked: JSON with tags and a description.
    static let instruction = """
        This image comes from an ocean-monitoring device or field team. Answer with one JSON object and nothing else: \
        {"tags": ["…"], "description": "…"}. tags: 3 to 10 short lower-case English tags for what is visible \
        (objects, materials, organisms, water and weather conditions, e.g. plastic-bottle, algae-bloom, turbid-water); \
        description: one to three plain sentences on what the image shows.
        """

    /// The chat request: the instruction and the image as a base64 `data:` URL, in one user message.
    static func body(model: String, image: [UInt8], contentType: String) -> String {
        let dataURL = "data:\(contentType);base64," + Data(image).base64EncodedString()
        let content: JSONValue = .array([
            .object(["type": .string("text"), "text": .string(instruction)]),
            .object(["type": .string("image_url"), "image_url": .object(["url": .string(dataURL)])]),
        ])
        let messages: JSONValue = .array([.object(["role": .string("user"), "content": content])])
        return JSONValue.object(["model": .string(model), "messages": messages, "temperature": .number(0)]).text
    }
}
