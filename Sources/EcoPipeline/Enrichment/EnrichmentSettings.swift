/// The OpenAI-compatible vision chat endpoint that enriches image entries with tags and a description
/// (docs/ocean.md, "Enrichment"). Without a URL and a model there is no enrichment at all: no consumer, no request.
public struct EnrichmentSettings: Sendable, Equatable {
    /// Base URL of the API (`https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`), or the full `…/chat/completions` URL.
    public var url: String
    public var model: String
    /// Sent as `Authorization: Bearer …` when set.
    public var apiKey: String?
    /// Most requests started per minute by this deployment (one process sends at a time: the consumer's lease holder).
    public var requestsPerMinute: Int = 30
    /// Backoff between attempts (doubling, with jitter, capped), attempts per entry before it is marked failed,
    /// and the longest one request may take.
    public var retry = WebhookDeliveryPolicy(baseDelay: .seconds(2), maxDelay: .seconds(120), maxAttempts: 5, timeout: .seconds(60))
    /// Largest image sent, in bytes: larger ones are marked failed without a request (OpenAI takes up to 20 MB per image).
    public var maxImageBytes: Int64 = 20 * 1024 * 1024

    public init(url: String, model: String, apiKey: String? = nil) {
        self.url = url
        self.model = model
        self.apiKey = apiKey
    }

    /// The chat completions endpoint.
    public var endpoint: String { ChatCompletions.endpoint(url) }
}
